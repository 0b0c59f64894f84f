"""Published auction statistics per court: court_auction_stats (zansai.rules.court_stats).

Every figure transcribed into rules/data/_courts/statistics.toml is asserted here with its court,
measure, period and the section of docs/sources/auction-statistics.md it was read in.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zansai.errors import RuleDataError
from zansai.rules import court_stats
from zansai.rules.court_stats import (
    BID_RATIO_DISTRIBUTION,
    Measure,
    all_figures,
    court_auction_stats,
    national_withdrawn_share,
)

D = dt.date
TRANSCRIBED = [
    # court, measure, property, from, to, value, section
    ("tokyo:main", "sale_rate_floor", "all", D(2025, 7, 1), D(2026, 1, 1), "0.90", "1.1"),  # §1.1
    ("tokyo:tachikawa", "sale_rate_floor", "all", D(2025, 7, 1), D(2026, 1, 1), "0.90", "1.1"),
    ("yokohama:kawasaki", "sale_rate_floor", "all", D(2025, 7, 1), D(2026, 1, 1), "0.90", "1.1"),
    ("saitama:main", "sale_rate_floor", "all", D(2025, 7, 1), D(2026, 1, 1), "0.90", "1.1"),
    ("chiba:matsudo", "sale_rate_floor", "all", D(2025, 7, 1), D(2026, 1, 1), "0.90", "1.1"),
    ("chiba:matsudo", "bid_to_standard_median", "all", D(2024, 7, 1), D(2025, 7, 1), "1.66", "1.2"),  # §1.2
    ("tokyo:main", "sale_rate_floor", "all", D(2024, 7, 1), D(2025, 7, 1), "0.95", "1.2"),
    ("yokohama:kawasaki", "sale_rate_floor", "all", D(2024, 7, 1), D(2025, 7, 1), "0.95", "1.2"),
    ("yokohama:kawasaki", "sale_rate", "all", D(2022, 1, 1), D(2022, 7, 1), "1", "1.3"),  # §1.3
    ("chiba:matsudo", "sale_rate", "all", D(2022, 1, 1), D(2022, 7, 1), "1", "1.3"),
    ("tokyo:tachikawa", "sale_rate", "all", D(2020, 7, 1), D(2021, 1, 1), "0.949", "1.4"),  # §1.4
    ("yokohama:main", "sale_rate", "all", D(2019, 1, 1), D(2019, 7, 1), "0.901", "1.5"),  # §1.5
    ("saitama:koshigaya", "sale_rate", "all", D(2018, 1, 1), D(2018, 7, 1), "0.885", "1.6"),  # §1.6
    ("saitama:kumagaya", "sale_rate", "all", D(2018, 1, 1), D(2018, 7, 1), "0.759", "1.6"),
    ("chiba", "bid_to_standard_median", "all", D(2018, 1, 1), D(2018, 7, 1), "1.77", "1.6"),
    ("yokohama", "bid_to_standard_median", "all", D(2018, 1, 1), D(2018, 7, 1), "1.48", "1.6"),
    ("tokyo", "bid_to_standard_median", "condominium", D(2014, 1, 1), D(2014, 7, 1), "1.62", "1.7"),  # §1.7
    ("yokohama", "bid_to_standard_median", "condominium", D(2014, 1, 1), D(2014, 7, 1), "1.61", "1.7"),
    ("saitama", "bid_to_standard_median", "condominium", D(2014, 1, 1), D(2014, 7, 1), "1.56", "1.7"),
    ("chiba", "bid_to_standard_median", "condominium", D(2014, 1, 1), D(2014, 7, 1), "1.50", "1.7"),
    ("tokyo", "bid_to_standard_median", "all", D(2012, 1, 1), D(2012, 7, 1), "1.29", "1.8"),  # §1.8
    ("chiba", "sale_rate", "all", D(2012, 1, 1), D(2012, 7, 1), "0.889", "1.8"),
    ("saitama", "sale_rate", "all", D(2013, 10, 1), D(2014, 4, 1), "0.945", "2.1"),  # §2.1
    ("tokyo", "sale_rate", "all", D(2013, 10, 1), D(2014, 4, 1), "0.943", "2.1"),
    ("chiba", "sale_rate", "all", D(2013, 10, 1), D(2014, 4, 1), "0.935", "2.1"),
    ("yokohama", "sale_rate", "all", D(2013, 10, 1), D(2014, 4, 1), "0.917", "2.1"),
    ("tokyo", "sale_rate", "all", D(2018, 10, 1), D(2019, 4, 1), "0.971", "2.2"),  # §2.2
    ("yokohama", "sale_rate", "all", D(2018, 10, 1), D(2019, 4, 1), "0.908", "2.2"),
    ("saitama", "sale_rate", "all", D(2018, 10, 1), D(2019, 4, 1), "0.887", "2.2"),
    ("chiba", "sale_rate", "all", D(2018, 10, 1), D(2019, 4, 1), "0.921", "2.2"),
    ("tokyo", "sale_rate", "all", D(2017, 4, 1), D(2017, 10, 1), "0.974", "2.3"),  # §2.3
    ("sendai", "sale_rate", "all", D(2017, 4, 1), D(2017, 10, 1), "0.787", "2.3"),
    ("tokyo", "sale_rate", "all", D(2017, 10, 1), D(2018, 4, 1), "0.971", "2.3"),
    ("sendai", "sale_rate", "all", D(2017, 10, 1), D(2018, 4, 1), "0.773", "2.3"),
    ("tokyo:main", "bid_to_standard_mean", "condominium", D(2021, 1, 1), D(2022, 1, 1), "1.52", "3.1"),
    ("tokyo:main", "bid_to_standard_mean", "all", D(2022, 1, 1), D(2022, 7, 1), "1.9969", "3.2"),  # §3.2
    ("tokyo:main", "bid_to_standard_mean", "condominium", D(2022, 1, 1), D(2022, 7, 1), "1.5303", "3.2"),
    ("tokyo:main", "bid_to_standard_mean", "condominium", D(2023, 1, 1), D(2024, 1, 1), "1.49", "3.3"),
    ("national", "withdrawn_share", "all", D(2015, 1, 1), D(2016, 1, 1), "0.225", "4"),  # §4
    ("tokyo:main", "months_filing_to_distribution", "all", D(2012, 1, 1), D(2013, 1, 1), "10", "5"),  # §5
    ("osaka:main", "months_filing_to_distribution", "all", D(2012, 1, 1), D(2013, 1, 1), "8.5", "5"),
    ("tokyo:main", "months_filing_to_distribution", "condominium", D(2012, 1, 1), D(2013, 1, 1), "7", "5"),
    ("osaka:main", "months_filing_to_distribution", "condominium", D(2012, 1, 1), D(2013, 1, 1), "7", "5"),
    ("tokyo", "sale_rate", "all", D(2022, 1, 1), D(2022, 7, 1), "0.99", "1.3"),
    ("chiba", "sale_rate", "all", D(2022, 1, 1), D(2022, 7, 1), "0.98", "1.3"),
    ("saitama", "sale_rate", "all", D(2022, 1, 1), D(2022, 7, 1), "0.96", "1.3"),
    ("yokohama", "sale_rate", "all", D(2022, 1, 1), D(2022, 7, 1), "0.95", "1.3"),
    ("tokyo", "sale_rate", "all", D(2022, 7, 1), D(2023, 1, 1), "0.996", "1.9"),  # §1.9
    ("chiba", "sale_rate", "all", D(2022, 7, 1), D(2023, 1, 1), "0.967", "1.9"),
    ("saitama", "sale_rate", "all", D(2022, 7, 1), D(2023, 1, 1), "0.963", "1.9"),
    ("yokohama", "sale_rate", "all", D(2022, 7, 1), D(2023, 1, 1), "0.916", "1.9"),
    ("yokohama:odawara", "sale_rate", "all", D(2022, 7, 1), D(2023, 1, 1), "0.90", "1.9"),
    ("saitama:koshigaya", "sale_rate", "all", D(2022, 7, 1), D(2023, 1, 1), "0.94", "1.9"),
    ("osaka", "market_adjustment", "all", D(2007, 1, 1), D(2008, 1, 1), "0.7", "8"),  # §8
    ("osaka", "bid_to_standard_mean", "all", D(2007, 1, 1), D(2008, 1, 1), "1.7", "8"),
]


def test_the_data_holds_exactly_the_transcribed_figures() -> None:
    """docs/sources/auction-statistics.md §1–§5, §8: nothing more, nothing less, nothing changed."""
    held = sorted((f.court_id, f.measure.value, f.property, f.start, f.end, str(f.value), f.section)
                  for f in all_figures())
    assert held == sorted(TRANSCRIBED)


@pytest.mark.parametrize("row", TRANSCRIBED, ids=lambda r: f"{r[0]}-{r[1]}-{r[3]}")
def test_each_figure_is_an_exact_decimal_with_a_read_source(row: tuple[object, ...]) -> None:
    court, measure, prop, start, _end, value, _ = row
    fig = next(f for f in all_figures()
               if (f.court_id, f.measure.value, f.property, f.start) == (court, measure, prop, start))
    assert fig.value == Decimal(value)
    assert isinstance(fig.value, Decimal)
    assert fig.sources
    assert all(s.read in ("excerpt", "cited") and s.url for s in fig.sources)


def test_tokyo_main_office_on_2026_12_07() -> None:
    """§1.1, §1.9, §3.2, §5: own figures first, the district's where the office has none."""
    stats = court_auction_stats("tokyo:main", D(2026, 12, 7))
    assert stats is not None
    assert stats.get(Measure.SALE_RATE_FLOOR).value == Decimal("0.90")
    assert stats.get(Measure.SALE_RATE_FLOOR).start == D(2025, 7, 1)
    assert stats.get(Measure.SALE_RATE).value == Decimal("0.996")   # 東京都 2022下期
    assert stats.get(Measure.SALE_RATE).start == D(2022, 7, 1)
    assert stats.unsold_share == Decimal("0.004")
    assert stats.get(Measure.BID_TO_STANDARD_MEAN).value == Decimal("1.9969")
    assert stats.get(Measure.MONTHS_FILING_TO_DISTRIBUTION).value == 10
    assert Measure.SALE_RATE in stats.district_level
    assert Measure.BID_TO_STANDARD_MEAN not in stats.district_level
    assert BID_RATIO_DISTRIBUTION in stats.unknown


def test_a_figure_is_used_only_once_its_period_has_ended() -> None:
    """§1.1: the 2025下期 floor is not known on 2025-12-31; §1.2's applies then."""
    before = court_auction_stats("tokyo:main", D(2025, 12, 31))
    assert before is not None
    assert before.get(Measure.SALE_RATE_FLOOR).value == Decimal("0.95")
    after = court_auction_stats("tokyo:main", D(2026, 1, 1))
    assert after is not None
    assert after.get(Measure.SALE_RATE_FLOOR).value == Decimal("0.90")


def test_matsudo_median_and_condominium_fallback() -> None:
    """§1.2: 千葉地裁松戸支部 1.66; asking for condominiums falls back to all properties."""
    stats = court_auction_stats("chiba:matsudo", D(2026, 1, 1), property="condominium")
    assert stats is not None
    fig = stats.get(Measure.BID_TO_STANDARD_MEDIAN)
    assert fig.value == Decimal("1.66")
    assert fig.property == "all"
    assert fig.confidence == "low"


def test_condominium_figures_are_chosen_when_asked() -> None:
    """§3.3: 東京地裁本庁, condominiums 2023 mean 1.49."""
    stats = court_auction_stats("tokyo:main", D(2026, 1, 1), property="condominium")
    assert stats is not None
    assert stats.get(Measure.BID_TO_STANDARD_MEAN).value == Decimal("1.49")


def test_a_court_without_figures_is_all_unknown() -> None:
    stats = court_auction_stats("nagoya", D(2026, 12, 7))
    assert stats is not None
    assert stats.figures == {}
    assert "sale_rate" in stats.unknown
    assert "bid_to_standard_median" in stats.unknown
    assert stats.unsold_share is None
    assert court_auction_stats("atlantis", D(2026, 12, 7)) is None


def test_national_withdrawn_share() -> None:
    """§4: H27 5,183 of 23,070 ≈ 22.5%."""
    fig = national_withdrawn_share(D(2026, 12, 7))
    assert fig is not None
    assert fig.value == Decimal("0.225")
    assert national_withdrawn_share(D(2015, 12, 31)) is None


def test_a_float_value_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = {"figures": [{"court": "tokyo", "measure": "sale_rate", "property": "all",
                        "from": D(2020, 1, 1), "to": D(2020, 7, 1), "value": 0.9,
                        "confidence": "low", "section": "1",
                        "sources": [{"publisher": "x", "url": "https://x", "read": "excerpt"}]}]}
    monkeypatch.setattr(court_stats, "_read", lambda name: doc)
    all_figures.cache_clear()
    try:
        with pytest.raises(RuleDataError, match="decimal strings"):
            all_figures()
    finally:
        all_figures.cache_clear()
