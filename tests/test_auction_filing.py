"""The auction's court costs are fixed when the creditor files (競売申立), on what it claims then.

予納金 by the claimed amount (請求債権額) of the petition: docs/sources/law-sale-costs.md §7.3 and
docs/sources/law-debt-divorce.md §4.5 (東京地裁 民事第21部: 2,000万円未満 80万円, 2,000万〜5,000万円未満
100万円, 5,000万〜1億円未満 150万円, 1億円以上 200万円). 差押登記の登録免許税: 請求債権額 (1,000円未満切捨て)
× 4/1000 (100円未満切捨て) (docs/sources/law-sale-costs.md §7.3, 静岡地裁). The claim owed on a date:
principal, interest and late charges, and after 代位弁済 the guarantee company's own late charges on
principal + interest (docs/sources/law-debt-divorce.md §3.5). The filing date, when not known, comes
from the delinquency timeline (docs/sources/law-debt-divorce.md §4.1: 競売申立 about 2–3 months after
代位弁済).

The household is seed 1 (docs/sources/seed1-short-sale.md): 38,000,000円 at 1.2% over 35 years from
2012-05, first missed payment 2026-08-27, late charges 14%; the timeline puts acceleration on
2026-11-27, 代位弁済 on 2026-12-27 and the filing on 2027-03-27.
"""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from zansai.case.build import build_case
from zansai.case.io import parse_case_data
from zansai.cli import main
from zansai.engine.exits import ExitResult
from zansai.engine.plan import Plan, plan
from zansai.errors import InputError
from zansai.model import ExitKey

SEED1 = Path(__file__).resolve().parent.parent / "examples" / "seed1-short-sale.toml"


def _plan(auction: dict[str, Any] | None = None, **changes: Any) -> Plan:
    raw = tomllib.loads(SEED1.read_text(encoding="utf-8"))
    raw.update(changes)
    if auction is not None:
        raw["auction"] = auction
    case, book = build_case(parse_case_data(raw, source="seed1.toml"))
    return plan(case, book)


def _court(p: Plan) -> ExitResult:
    return next(e for e in p.exits if e.key is ExitKey.AUCTION_COURT)


def _costs(e: ExitResult) -> dict[str, int]:
    assert e.costs is not None
    return {str(i.key): i.amount for i in e.costs.items}


@pytest.fixture(scope="module")
def estimated() -> Plan:
    return _plan()


def test_estimated_filing_uses_the_claim_on_the_filing_date(estimated: Plan) -> None:
    """Nothing given: filed 2027-03-27 (the timeline), claim = the guarantee company's on that day.

    Paid on 代位弁済 2026-12-27: 24,422,189 principal + 97,168 interest + 287,124 lender's late
    charges = 24,806,481; its own charges 90 days × 14% on 24,519,357 = floor(846,421.6) = 846,421;
    claim 25,652,902 (the buyer would pay on 2027-11-18, when 27,872,408 is owed: that claim is
    not the basis). Deposit 1,000,000 (2,000万〜5,000万円未満); tax: 25,652,000 × 4/1000 = 102,608
    → 102,600.
    """
    e = _court(estimated)
    assert e.details["filing_date"] == "2027-03-27"
    assert e.details["payment_date"] == "2027-11-18"
    assert e.details["filing_claim"] == 25_652_902
    assert e.details["filing_date_estimated"] is True
    assert e.details["filing_claim_estimated"] is True
    assert _costs(e) == {"auction_deposit": 1_000_000, "filing_fee": 4_000,
                         "seizure_registration_tax": 102_600}
    # The timeline's own figure for the filing day agrees (one loan).
    assert estimated.timeline.milestone("auction_filing").owed == 25_652_902
    # The claim on the payment date is larger: it is what the 配分表 repays, not the costs' basis.
    lender = next(o for o in e.lenders if o.rank == 1)
    assert lender.claim == 27_872_408


def test_estimate_is_said_and_explained(estimated: Plan) -> None:
    e = _court(estimated)
    ids = [w.id for w in e.warnings if hasattr(w, "id")]
    assert "auction.warnings.costs_estimated" in ids
    assert e.costs is not None
    note_ids = [n.id for n in e.costs.notes if hasattr(n, "id")]
    assert {"auction.notes.date_estimated", "auction.notes.claim_estimated",
            "auction.notes.claim_scope"} <= set(note_ids)
    step = next(s for s in e.steps if s.name == "auction_filing_claim")
    assert step.inputs["filing_date"] == "2027-03-27"
    assert step.inputs["filing_date_source"] == "estimated"
    assert step.inputs["holder"] == "さくら信用保証"
    assert step.inputs["late_charges"] == "1,133,545円"  # 287,124 + 846,421
    assert step.result == "25,652,902円"


def test_distribution_cost_lines_carry_the_filing(estimated: Plan) -> None:
    """The 配分表's cost lines say on which filing (date, claim) their amounts were fixed."""
    dist = _court(estimated).distribution
    assert dist is not None
    lines = {ln.name: ln for ln in dist.lines}
    for name in ("auction_deposit", "seizure_registration_tax"):
        inputs = lines[name].step.inputs
        assert inputs["filing_date"] == "2027-03-27"
        assert inputs["filed_claim"] == "25,652,902円"
        assert inputs["claim_source"] == "estimated"
    assert lines["filing_fee"].step.inputs["filing_date"] == "2027-03-27"
    assert lines["seizure_registration_tax"].paid == 102_600


def test_filing_date_given_moves_the_claim_and_the_court_dates() -> None:
    """Filed 2027-01-15: 19 days of the guarantee company's charges, floor(24,519,357 × 14% × 19 /
    365) = 178,689; claim 24,806,481 + 178,689 = 24,985,170; tax 24,985,000 × 4/1000 = 99,940 →
    99,900. The court's later steps run from the given date (payment 2027-09-06)."""
    p = _plan({"filing_date": "2027-01-15"})
    e = _court(p)
    assert e.details["filing_date"] == "2027-01-15"
    assert e.details["filing_date_estimated"] is False
    assert e.details["filing_claim"] == 24_985_170
    assert _costs(e)["seizure_registration_tax"] == 99_900
    filing = p.timeline.milestone("auction_filing")
    assert filing.typical == filing.earliest == filing.latest == date(2027, 1, 15)
    assert filing.basis == "given"
    assert filing.step.inputs["estimate"] == "2027-03-27"
    assert p.timeline.milestone("commencement").typical == date(2027, 1, 25)  # + 10 days
    assert p.timeline.milestone("payment").typical == date(2027, 9, 6)
    assert e.completion == date(2027, 9, 6)


@pytest.mark.parametrize(
    ("claim", "deposit", "tax"),
    [
        (19_999_999, 800_000, 79_900),      # 2,000万円未満; 19,999,000 × 4/1000 = 79,996 → 79,900
        (20_000_000, 1_000_000, 80_000),    # the boundary: 2,000万〜5,000万円未満
        (20_000_001, 1_000_000, 80_000),    # 1 yen over: base 20,000,000
        (50_000_000, 1_500_000, 200_000),   # 5,000万〜1億円未満
        (50_000_001, 1_500_000, 200_000),
        (100_000_000, 2_000_000, 400_000),  # 1億円以上
        (100_000_001, 2_000_000, 400_000),
    ],
)
def test_claim_given_sets_the_bracket(claim: int, deposit: int, tax: int) -> None:
    """A claimed amount from the petition decides the bracket, even though far more or less is
    owed when the buyer pays (docs/sources/law-sale-costs.md §7.3)."""
    e = _court(_plan({"claim": claim}))
    assert _costs(e) == {"auction_deposit": deposit, "filing_fee": 4_000,
                         "seizure_registration_tax": tax}
    assert e.details["filing_claim"] == claim
    assert e.details["filing_claim_estimated"] is False
    assert e.details["filing_date_estimated"] is True
    dist = e.distribution
    assert dist is not None
    line = next(ln for ln in dist.lines if ln.name == "auction_deposit")
    assert line.step.inputs["claim_source"] == "given"


def test_both_given_no_estimate_warning() -> None:
    e = _court(_plan({"filing_date": "2027-01-15", "claim": 19_999_999}))
    assert _costs(e)["auction_deposit"] == 800_000
    ids = [getattr(w, "id", None) for w in e.warnings]
    assert "auction.warnings.costs_estimated" not in ids
    assert e.costs is not None
    assert "auction.notes.claim_scope" not in [getattr(n, "id", None) for n in e.costs.notes]


def test_claim_above_the_loan_amount_is_flagged() -> None:
    """Which base the seizure's tax takes when the claim exceeds the registered amount is not in
    the sources (不明): the result says so."""
    e = _court(_plan({"claim": 40_000_000}))  # the loan was 38,000,000
    assert e.costs is not None
    assert "auction.notes.claim_over_registered" in [getattr(n, "id", None) for n in e.costs.notes]


@pytest.mark.parametrize(
    ("auction", "changes", "field", "words"),
    [
        ({"filing_date": "2026-11-01"}, {}, "auction.filing_date", "2026-11-27"),  # before acceleration
        ({"filing_date": "2026-08-27"}, {}, "auction.filing_date", "2026-08-27"),  # the first missed day
        ({"claim": 0}, {}, "auction.claim", "1"),
        ({"claim": -5}, {}, "auction.claim", ""),
        ({"filing_date": "2027-01-15"}, {"delinquency": {}}, "auction.filing_date", ""),
        ({"claim": 20_000_000}, {"delinquency": {}}, "auction.claim", ""),
    ],
)
def test_contradictions_are_refused(auction: dict[str, Any], changes: dict[str, Any], field: str,
                                    words: str) -> None:
    with pytest.raises(InputError) as err:
        _plan(auction, **changes)
    line = str(err.value)
    assert field in line
    assert words in line
    assert "\n" not in line
    ja, en = err.value.detail()
    assert not ja.isascii()  # the Japanese half
    assert en[:1].isascii()  # and the English half


def test_cli_refuses_a_filing_before_acceleration(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    case = tmp_path / "case.toml"
    case.write_text(SEED1.read_text(encoding="utf-8") + "\n[auction]\nfiling_date = 2026-11-01\n",
                    encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        main(["plan", str(case), "--json"])
    assert exc.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "auction.filing_date" in err
    assert "期限の利益喪失" in err
    assert "acceleration" in err


def test_json_carries_the_filing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = tmp_path / "case.toml"
    case.write_text(SEED1.read_text(encoding="utf-8") + "\n[auction]\nclaim = \"2000万\"\n",
                    encoding="utf-8")
    main(["plan", str(case), "--json"])
    data = json.loads(capsys.readouterr().out)
    court = next(e for e in data["exits"] if e["key"] == "auction_court")
    assert court["details"]["filing_claim"] == 20_000_000
    assert court["details"]["filing_claim_estimated"] is False
    assert [i["amount"] for i in court["costs"]["items"]] == [1_000_000, 4_000, 80_000]


def test_filing_before_the_estimated_subrogation_is_the_lenders_claim() -> None:
    """Filed 2026-12-10, after acceleration (2026-11-27) but before the estimated 代位弁済
    (2026-12-27): the bank's claim, 24,422,189 + 97,168 + 127,878 late charges = 24,647,235;
    tax 24,647,000 × 4/1000 = 98,588 → 98,500. The result says the claim is the lender's."""
    e = _court(_plan({"filing_date": "2026-12-10"}))
    assert e.details["filing_claim"] == 24_647_235
    assert _costs(e)["seizure_registration_tax"] == 98_500
    step = next(s for s in e.steps if s.name == "auction_filing_claim")
    assert step.inputs["holder"] == "さくら銀行"
    assert e.costs is not None
    assert "auction.notes.before_subrogation" in [getattr(n, "id", None) for n in e.costs.notes]


def test_jhf_short_sale_window_closes_before_the_given_filing() -> None:
    """JHF accepts a short sale only if asked before it files (docs/sources/law-debt-divorce.md §4.2):
    with the filing known (2027-01-20, estimate 2027-02-05), the window closes on 2027-01-19."""
    raw = tomllib.loads((SEED1.parent / "condo-jhf-arrears.toml").read_text(encoding="utf-8"))
    raw["auction"] = {"filing_date": "2027-01-20"}
    case, book = build_case(parse_case_data(raw, source="condo.toml"))
    p = plan(case, book)
    assert p.timeline.window("jhf_short_sale").closes == date(2027, 1, 19)
    assert p.timeline.milestone("auction_filing").step.inputs["estimate"] == "2027-02-05"
    assert _court(p).details["filing_date"] == "2027-01-20"


def test_next_steps_do_not_call_a_given_filing_an_estimate() -> None:
    """The 'what to do now' deadlines: a filing date from the case file is a fact, not a guess."""
    from zansai.report.now import next_steps

    estimated = _plan()
    given = _plan({"filing_date": "2027-01-15"})
    flags = [{d.key: d.estimate for d in next_steps(p, p.case.at).deadlines}
             for p in (estimated, given)]
    assert flags[0]["auction_filing"] is True
    assert flags[1]["auction_filing"] is False
    filing = next(d for d in next_steps(given, given.case.at).deadlines if d.key == "auction_filing")
    assert filing.on == date(2027, 1, 15)
