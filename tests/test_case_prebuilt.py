"""The case file's validator built ahead of start-up: kept up to date, used, and the same validator."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from pydantic_core import SchemaSerializer, SchemaValidator

from zansai.case import _validators as generated
from zansai.case import prebuilt
from zansai.case.schema import CaseFile, CaseLoan

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(p for p in (ROOT / "examples").glob("*.toml") if "[property]" in p.read_text("utf-8"))
REGENERATE = "stale: run `python -m zansai.dataclass_cache` and commit src/zansai/case/_validators.py"

BAD = [  # schema mistakes of several kinds: each must be refused with the same errors
    {"property": {"kind": "villa"}, "valuation": {}},
    {"property": {"kind": "house", "land_parcels": True}, "valuation": {"market_value": "三千万"}},
    {"property": {"kind": "condo", "acquired_on": "2015/13/1"}, "valuation": {}, "colour": "red"},
    {"property": {"kind": "house"}, "valuation": {}, "people": [{"name": "妻", "share": "0.5"}]},
    {"property": {"kind": "house"}, "valuation": {}, "loans": [{"principal": "3000万", "rate": 1.2,
                                                              "years": 35, "start": "2015-05",
                                                              "rank": 0}]},
    {"property": {"kind": "house"}, "valuation": {}, "divorce": {"spouses": ["夫"],
                                                                 "separation_date": "2300-01-01"}},
    {"property": {"kind": "house"}, "valuation": {}, "overrides": {"x": 10**20}},
]


def test_the_generated_file_is_up_to_date() -> None:
    path = Path(prebuilt.__file__).with_name(f"{prebuilt.GENERATED}.py")
    assert path.read_text(encoding="utf-8") == prebuilt.render(), REGENERATE


def test_a_plan_at_start_up_builds_no_schema_and_uses_the_prebuilt_validator() -> None:
    code = (
        "import sys; from pydantic._internal import _model_construction as mc\n"
        "built = []; real = mc.complete_model_class\n"
        "mc.complete_model_class = lambda cls, *a, **k: built.append(cls.__name__) or real(cls, *a, **k)\n"
        "from zansai.case import build_case, read_case_file\n"
        f"case, book = build_case(read_case_file({str(ROOT / 'examples/co-owned-gain.toml')!r}))\n"
        "from zansai.case.schema import CaseFile\n"
        "print(built, type(CaseFile.__pydantic_validator__).__name__, len(case.liens))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "ZANSAI_NO_PREBUILT_VALIDATOR"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env=env).stdout.split()
    assert out == ["[]", "SchemaValidator", "2"]  # co-owned-gain.toml: two loans, no schema built


def _fresh(cls: Any) -> tuple[SchemaValidator, SchemaSerializer]:
    cls.model_rebuild(force=True)  # pydantic's own build from the models as they are
    return cls.__pydantic_validator__, cls.__pydantic_serializer__


def test_the_prebuilt_validator_accepts_and_refuses_exactly_as_pydantics_own() -> None:
    schema, config = generated.schemas()["CaseFile"]
    ahead = SchemaValidator(schema, config)
    fresh, _ = _fresh(CaseFile)
    for path in EXAMPLES:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        mine, theirs = ahead.validate_python(raw), fresh.validate_python(raw)
        assert mine.model_dump() == theirs.model_dump(), path.name
        assert mine.model_dump_json() == theirs.model_dump_json(), path.name
    for raw in BAD:
        with pytest.raises(ValidationError) as mine_err:
            ahead.validate_python(raw)
        with pytest.raises(ValidationError) as theirs_err:
            fresh.validate_python(raw)
        assert mine_err.value.errors() == theirs_err.value.errors(), raw
    assert len(BAD) == len({json.dumps(r, sort_keys=True) for r in BAD})


def test_the_prebuilt_serializer_dumps_a_loan_as_pydantics_own() -> None:
    schema, config = generated.schemas()["CaseLoan"]
    ahead = SchemaSerializer(schema, config)
    _, fresh = _fresh(CaseLoan)
    raw = tomllib.loads((ROOT / "examples/co-owned-gain.toml").read_text(encoding="utf-8"))
    for loan in CaseFile.model_validate(raw).loans:
        assert ahead.to_python(loan, exclude_none=True) == fresh.to_python(loan, exclude_none=True)
        assert ahead.to_python(loan, exclude_none=True)["principal"] == loan.principal


def test_a_stale_file_or_the_switch_installs_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    namespace: dict[str, Any] = {}  # a model missing from it would fail: nothing is looked up
    monkeypatch.setattr(generated, "FINGERPRINT", "0" * 64)
    assert prebuilt.install(namespace) is False
    monkeypatch.undo()
    monkeypatch.setenv("ZANSAI_NO_PREBUILT_VALIDATOR", "1")
    assert prebuilt.install(namespace) is False


def test_a_changed_source_changes_the_fingerprint(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert prebuilt.fingerprint(generated.MODULES) == generated.FINGERPRINT
    assert "zansai.case.schema" in generated.MODULES
    assert "zansai.loanfile" in generated.MODULES
    copy = tmp_path / "schema.py"
    copy.write_text(Path(sys.modules["zansai.case.schema"].__file__ or "").read_text(encoding="utf-8")
                    + "\n# one more line\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules["zansai.case.schema"], "__file__", str(copy))
    assert prebuilt.fingerprint(generated.MODULES) != generated.FINGERPRINT
