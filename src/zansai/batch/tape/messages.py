"""The tape's bilingual messages (ja, en), in one place: why a file cannot be read, and what a
column allows or which rule a row breaks.

The cell wording follows ``zansai.inputs`` (a whole number of yen such as 30000000 or 3000万,
a percent with at most six decimals); the tape adds its input bounds.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from zansai.batch.tape.columns import (
    CELLS,
    CHOICES,
    EARLIEST,
    LATEST,
    MAX_LOAN_ID,
    MAX_OVERRIDE_RATIO,
    MAX_TAPE_YEN,
    PERCENT_DIGITS,
    RATIO_DIGITS,
)
from zansai.errors import InputError
from zansai.rules import Resolved

Reason = tuple[str, str]
"""What a cell allows or a row breaks: (ja, en)."""

# ---------------------------------------------------------------------------------------------
# The file (``InputError`` on the field TAPE)
# ---------------------------------------------------------------------------------------------


def tape_error(ja: str, en: str) -> InputError:
    return InputError(ja, en, field="TAPE")


def bad_suffix(path: Path) -> InputError:
    return tape_error(f"ローンテープ {path} の拡張子は .csv, .parquet, .pq のどれかにしてください",
                      f"the loan tape {path} must end in .csv, .parquet or .pq")


def no_such_file(path: Path) -> InputError:
    return tape_error(f"ローンテープ {path} が見つかりません", f"the loan tape {path} does not exist")


def not_utf8(path: Path) -> InputError:
    return tape_error(f"ローンテープ {path} は UTF-8 の CSV ではありません"
                      "（Shift_JIS なら UTF-8 で保存し直してください）",
                      f"the loan tape {path} is not a UTF-8 CSV file (save it as UTF-8)")


def unreadable_header(path: Path, what: str, exc: Exception) -> InputError:
    return tape_error(f"ローンテープ {path} を {what} として読めません（{exc}）",
                      f"cannot read the loan tape {path} as {what} ({exc})")


def duplicate_columns(names: list[str]) -> InputError:
    listed = ", ".join(names)
    return tape_error(f"ローンテープの列 {listed} が重複しています",
                      f"the loan tape has the column(s) {listed} more than once")


def missing_columns(names: list[str]) -> InputError:
    listed = ", ".join(names)
    return tape_error(f"ローンテープに必須の列がありません: {listed}",
                      f"the loan tape lacks required column(s): {listed}")


def broken_csv(path: Path, exc: Exception) -> InputError:
    return tape_error(f"ローンテープ {path} を CSV として読めません"
                      f"（列数が見出しと合わない行、UTF-8 でない文字など）: {exc}",
                      f"cannot read the loan tape {path} as CSV (a row whose number of fields "
                      f"differs from the header's, text that is not UTF-8 …): {exc}")


def unreadable(path: Path, exc: Exception) -> InputError:
    return tape_error(f"ローンテープ {path} を読めません: {exc}", f"cannot read the loan tape {path}: {exc}")


def broken_parquet(path: Path, exc: Exception) -> InputError:
    return tape_error(f"ローンテープ {path} を Parquet として読めません: {exc}",
                      f"cannot read the loan tape {path} as Parquet: {exc}")


def bad_chunk_rows(chunk_rows: int) -> InputError:
    return InputError.invalid("chunk_rows", chunk_rows, "1以上の整数にしてください", "it must be at least 1")


def sale_date_option_before_at(sale_date: date, at: date) -> InputError:
    return InputError.invalid("sale_date", sale_date.isoformat(), f"計算基準日 {at} 以降の日付にしてください",
                              f"it must be on or after the calculation date {at}")


# ---------------------------------------------------------------------------------------------
# A cell: what the column allows
# ---------------------------------------------------------------------------------------------

REQUIRED: Reason = ("必須の項目です。値を入れてください", "this column is required; give a value")
LOAN_ID_TOO_LONG: Reason = (f"{MAX_LOAN_ID}文字以内にしてください",
                            f"it must be at most {MAX_LOAN_ID} characters")


def yen(lo: int) -> Reason:
    return (f"{lo}以上{MAX_TAPE_YEN:,}以下の円の整数にしてください（例: 30000000, 30,000,000, 3000万）",
            f"it must be a whole number of yen from {lo} to {MAX_TAPE_YEN:,} "
            "(e.g. 30000000, 30,000,000, 3000万)")


def percent(hi: int) -> Reason:
    return (f"0以上{hi}以下の百分率（小数{PERCENT_DIGITS}桁まで。1.25 は 1.25%）にしてください",
            f"it must be a percent from 0 to {hi} with at most {PERCENT_DIGITS} decimals (1.25 means 1.25%)")


def whole(lo: int, hi: int) -> Reason:
    return f"{lo}以上{hi}以下の整数にしてください", f"it must be a whole number from {lo} to {hi}"


BONUS_MONTHS: Reason = ("6か月離れた2つの月（例: 6,12）を入れてください",
                       "give two months six months apart, such as 6,12")


def choice(choices: dict[str, int]) -> Reason:
    allowed = ", ".join(choices)
    return f"次のどれかにしてください: {allowed}", f"it must be one of: {allowed}"


DATE: Reason = (f"日付を YYYY-MM-DD（{EARLIEST}〜{LATEST}）で入れてください",
                f"it must be a date YYYY-MM-DD from {EARLIEST} to {LATEST}")
MONTH: Reason = (f"年月を YYYY-MM（{EARLIEST.year}-01〜{LATEST.year}-12）で入れてください",
                 f"it must be a month YYYY-MM from {EARLIEST.year}-01 to {LATEST.year}-12")
RATIO: Reason = (f"0より大きく{float(MAX_OVERRIDE_RATIO)}以下の比率"
                 f"（小数{RATIO_DIGITS}桁まで。0.9 は 90%）にしてください",
                 f"it must be a ratio above 0 and at most {float(MAX_OVERRIDE_RATIO)} with at most "
                 f"{RATIO_DIGITS} decimals (0.9 means 90%)")


REGION: dict[str, Reason] = {
    "prefecture_code": ("都道府県コードは 01〜47 の2桁です（例: 東京都 13）",
                        "a prefecture code is 2 digits from 01 to 47 (Tokyo: 13)"),
    "municipality_code": ("市区町村コードは5桁、検査数字付きなら正しい6桁目の6桁です"
                          "（例: 千代田区 13101 / 131016）",
                          "a municipality code is 5 digits, or 6 with a correct check digit "
                          "(千代田区: 13101 or 131016)"),
    "court": ("裁判所は chiba:matsudo のような裁判所IDか「千葉地方裁判所松戸支部」のような名称で"
              "入れてください",
              "give the court as an id such as chiba:matsudo or its Japanese name (千葉地方裁判所松戸支部)"),
}
"""The coded region's columns (``batch.region``)."""


def municipality_not_in_prefecture(prefecture: str) -> Reason:
    return (f"市区町村コードの上2桁が prefecture_code（{prefecture}）と合いません",
            f"its first two digits do not match prefecture_code ({prefecture})")


def court_not_of_location(found: str) -> Reason:
    return (f"所在地の裁判所（{found}）と異なる地方裁判所です",
            f"it is not the district court of the location given ({found})")


def allowed(name: str) -> Reason:
    """What column ``name`` allows in a cell (its form and bounds)."""
    cell = CELLS[name]
    if cell.kind == "yen":
        return yen(cell.lo)
    if cell.kind == "percent":
        return percent(cell.hi)
    if name in REGION:
        return REGION[name]
    if cell.kind == "int":
        return whole(cell.lo, cell.hi)
    if name == "bonus_months":
        return BONUS_MONTHS
    if cell.kind == "choice":
        return choice(CHOICES[name])
    return {"date": DATE, "month": MONTH, "ratio": RATIO}[cell.kind]


# ---------------------------------------------------------------------------------------------
# A row: the rule it breaks
# ---------------------------------------------------------------------------------------------

NO_FIRST_DUE_DATE: Reason = ("start_month（返済開始月 YYYY-MM）か first_payment（初回返済日）"
                             "を入れてください",
                             "give start_month (YYYY-MM) or first_payment (the first due date)")


def not_in_start_month(start_month: str) -> Reason:
    return (f"start_month（{start_month}）の月の日付にしてください",
            f"it must fall in start_month ({start_month})")


def not_on_payment_day(pday: int) -> Reason:
    return (f"payment_day（{pday}日、月末を超える日は月末）に合う日にしてください",
            f"its day must match payment_day ({pday}; the month's last day when shorter)")


def bonus_over_cap(cap: Resolved) -> Reason:
    return (f"ボーナス返済分は借入額の {cap.display()} 以内です（{cap.rule.key}）",
            f"the bonus part may be at most {cap.display()} of the loan ({cap.rule.key})")


def balance_over_principal(principal: int) -> Reason:
    return (f"借入額（principal {principal:,}円）以下にしてください",
            f"it cannot exceed the principal ({principal:,} yen)")


BALANCE_DATE_WITHOUT_BALANCE: Reason = ("current_balance（残高）がない行には入れないでください",
                                        "it is given only with a current_balance")


def balance_date_outside(first: str, at: date) -> Reason:
    return (f"初回返済日 {first} 以降、計算基準日 {at} 以前の日付にしてください（省略時は計算基準日）",
            f"it must be on or after the first payment {first} and on or before the "
            f"calculation date {at} (omitted: the calculation date)")


def balance_after_last_due(last_due: str) -> Reason:
    return (f"残高の日付が最終返済日 {last_due} 以降で、返す回がありません。残高の日付を確かめてください",
            f"the balance is dated on or after the last due date {last_due}, so no payment is left "
            "to repay it; check the balance's date")


def first_missed_outside(first: str, at: date, last_due: str) -> Reason:
    return (f"初回返済日 {first} 以降、計算基準日 {at} 以前、最終回の期日 {last_due} "
            "以前の日付にしてください",
            f"it must be on or after the first payment {first}, on or before the "
            f"calculation date {at} and on or before the last due date {last_due}")


def appraisal_high_below_low(low: int) -> Reason:
    return (f"appraisal_low（{low:,}円）以上にしてください",
            f"it must be at least appraisal_low ({low:,} yen)")


NO_SENIOR_CLAIM: Reason = ("lien_rank が2以上なら、先順位の債権額（1円以上）を入れてください",
                           "a lien_rank of 2 or more needs the claims ranking ahead (at least 1 yen)")
SENIOR_CLAIM_ON_FIRST_LIEN: Reason = ("lien_rank が1（第1順位）なら空欄か0にしてください",
                                      "it must be blank or 0 when lien_rank is 1 (first lien)")
JHF_HAS_NO_GUARANTOR_COMPANY: Reason = ("住宅金融支援機構（フラット35）のローンに保証会社はありません。"
                         "空欄か false にしてください",
                         "a JHF (Flat 35) loan has no guarantee company; leave it blank or false")


def sale_before_at(at: date) -> Reason:
    return f"計算基準日 {at} 以降の日付にしてください", f"it must be on or after the calculation date {at}"
