"""The case file: one household's situation in TOML, YAML or JSON (ケースファイル).

Validated with pydantic at the edge. Every mistake becomes one bilingual ``InputError`` that
names the field path (``loans[1].rank``), the problem and what is allowed; inconsistent inputs
(a sale date before a loan starts, two liens of one rank, co-owner shares over 100%) are
rejected here, before the engine runs. ``case_json_schema()`` is what ``zansai schema`` prints.

- ``schema``: the pydantic models of the file and its JSON Schema;
- ``errors``: pydantic's and the engine's errors named by the file's field paths;
- ``build``: the engine's ``Case``, built one section at a time;
- ``io``: reading (and validating) a file or a table, the command line's options, writing TOML;
- ``prebuilt``: the schema's validator built ahead of start-up (pydantic's, from a generated file).
"""

from zansai.case import prebuilt as _prebuilt
from zansai.case import schema as _schema
from zansai.case.build import build_case
from zansai.case.errors import ENGINE_FIELDS, case_errors, engine_error
from zansai.case.io import (
    case_to_toml,
    load_case,
    parse_case_data,
    parse_case_text,
    read_case_file,
    validation_errors,
    with_options,
)
from zansai.case.schema import (
    SCHEMA_VERSION,
    AppraisalIn,
    AssetIn,
    CaseFile,
    CaseLoan,
    ContributionIn,
    DebtIn,
    DelinquencyIn,
    DivorceIn,
    HouseholdIn,
    LienIn,
    PersonIn,
    PropertyIn,
    ResidualIn,
    TradeUpIn,
    ValuationIn,
    case_json_schema,
)

_prebuilt.install(vars(_schema))  # the validator built ahead of start-up, when it matches the models

__all__ = [
    "ENGINE_FIELDS",
    "SCHEMA_VERSION",
    "AppraisalIn",
    "AssetIn",
    "CaseFile",
    "CaseLoan",
    "ContributionIn",
    "DebtIn",
    "DelinquencyIn",
    "DivorceIn",
    "HouseholdIn",
    "LienIn",
    "PersonIn",
    "PropertyIn",
    "ResidualIn",
    "TradeUpIn",
    "ValuationIn",
    "build_case",
    "case_errors",
    "case_json_schema",
    "case_to_toml",
    "engine_error",
    "load_case",
    "parse_case_data",
    "parse_case_text",
    "read_case_file",
    "validation_errors",
    "with_options",
]
