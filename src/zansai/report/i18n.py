"""The app's own words in Japanese and English (the engine's sentences carry their own pair)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

LANGS = ("ja", "en")

UI: dict[str, tuple[str, str]] = {
    "app_tagline": ("家を売ったら、借金はいくら残る？", "If the home is sold, how much debt is left?"),
    "cases": ("保存したケース", "Saved cases"),
    "new_case": ("新しく入力する", "New case"),
    "rules": ("法令・実務のルール", "Rules"),
    "switch_lang": ("English", "日本語"),
    "local_only": ("入力した内容と計算はこのパソコンの中だけで扱われ、外部には送信されません。",
                   "What you enter stays on this computer; nothing is sent anywhere."),
    "not_advice": ("この結果は目安です。最終的な判断は弁護士・司法書士・任意売却の専門家に相談してください。",
                   "These figures are estimates; confirm decisions with a lawyer, a judicial scrivener or "
                   "a short-sale specialist."),
    "no_cases": ("まだ保存したケースはありません。", "No saved cases yet."),
    "open": ("開く", "Open"),
    "edit": ("入力を直す", "Edit"),
    "duplicate": ("複製して条件を変える", "Duplicate as a what-if"),
    "delete": ("削除", "Delete"),
    "confirm_delete": ("このケースを削除しますか？", "Delete this case?"),
    "export": ("ケースファイルを書き出す (TOML)", "Export the case file (TOML)"),
    "import": ("ケースファイルを読み込む", "Import a case file"),
    "import_button": ("読み込む", "Import"),
    "updated": ("更新", "Updated"),
    "title": ("名前", "Title"),
    "save_and_show": ("保存して結果を見る", "Save and show the result"),
    "check": ("入力を確認", "Check"),
    "advanced_mode": ("詳しい入力（専門家向け）", "Advanced (for advisers)"),
    "advanced_hint": ("金利の変更、2番目のローン、ルールの上書きなどを入力できます。",
                      "Rate changes, a second loan, rule overrides and more."),
    "errors_title": ("入力を確認してください", "Please check these entries"),
    "result_title": ("結果", "Result"),
    "summary": ("まとめ", "In short"),
    "market_value": ("今の相場（時価）", "Market value"),
    "loan_balance": ("売却日のローン残高", "Loan balance on the sale date"),
    "owed": ("売却日に返す必要がある額", "Owed on the sale date"),
    "equity": ("差額（時価 − 残高）", "Equity (value − balance)"),
    "underloan": ("アンダーローン（売れば完済できる見込み）", "Underloan (a sale can repay the loan)"),
    "overloan": ("オーバーローン（売っても借金が残る見込み）", "Overloan (debt remains after a sale)"),
    "exits": ("売り方ごとの比較", "Every way out"),
    "exit": ("方法", "Way out"),
    "price": ("売却価格", "Price"),
    "costs": ("費用", "Costs"),
    "net_proceeds": ("手取り", "Net proceeds"),
    "remaining_debt": ("残る借金", "Remaining debt"),
    "cash_needed": ("用意するお金", "Cash needed"),
    "surplus": ("手元に残るお金", "Money kept"),
    "completion": ("完了の目安", "Completes"),
    "can_stay": ("住み続け", "Stay"),
    "feasible": ("実行可能", "Feasible"),
    "yes": ("はい", "yes"),
    "no": ("いいえ", "no"),
    "best": ("おすすめ", "best"),
    "why": ("なぜこの数字？", "Why this number?"),
    "formula": ("計算式", "Formula"),
    "inputs": ("使った値", "Inputs"),
    "rounding": ("端数処理", "Rounding"),
    "rule_used": ("根拠", "Basis"),
    "rules_on": ("ルールの基準日", "Rules taken on"),
    "charts": ("グラフ", "Charts"),
    "chart_balance": ("ローン残高の推移", "Loan balance over time"),
    "chart_waterfall": ("価格から残る借金まで", "From price to remaining debt"),
    "chart_timeline": ("滞納から競売までの流れ", "From missed payments to auction"),
    "chart_division": ("財産分与（夫婦それぞれ）", "Property division per spouse"),
    "distribution": ("配分表（売却代金の分け方）", "Distribution table (配分表)"),
    "timeline": ("これから起きること", "What happens next"),
    "windows": ("まだ間に合うこと", "What is still possible"),
    "closes": ("期限", "Closes"),
    "open_now": ("今は可能", "open"),
    "closed": ("期限切れ", "closed"),
    "routes": ("残った借金の整理の方法", "Ways to settle the remaining debt"),
    "route": ("方法", "Route"),
    "total_to_pay": ("支払総額", "Total to pay"),
    "monthly": ("月々", "Monthly"),
    "months": ("回数", "Months"),
    "forgiven": ("減る額", "Forgiven"),
    "credit_until": ("信用情報の記録（目安）", "Credit record until"),
    "division": ("財産分与", "Property division"),
    "method": ("方法", "Method"),
    "notes": ("注意", "Notes"),
    "warnings": ("注意", "Warnings"),
    "print": ("印刷用ページ", "Printable page"),
    "pdf": ("PDF をダウンロード", "Download PDF"),
    "json": ("JSON", "JSON"),
    "back": ("戻る", "Back"),
    "all_rules": ("使ったルールの一覧", "Every rule used"),
    "source": ("出典", "Source"),
    "period": ("期間", "Period"),
    "value": ("値", "Value"),
    "confidence": ("確度", "Confidence"),
    "sample_loaded": ("サンプルのケース", "Sample case"),
    "report_title": ("相談用レポート", "Consultation report"),
    "generated": ("作成日", "Generated"),
    "step": ("項目", "Item"),
    "result": ("結果", "Result"),
    "lender": ("債権者", "Creditor"),
    "claim": ("請求額", "Claim"),
    "paid": ("受け取る額", "Paid"),
    "remaining": ("残り", "Remaining"),
    "reasons": ("できない理由", "Why not"),
    "not_found": ("見つかりません", "Not found"),
    "csrf": ("ページの有効期限が切れました。もう一度送信してください。",
             "The page expired; please submit again."),
    "saved": ("保存しました", "Saved"),
    "source_edit": ("ケースファイルを直接編集", "Edit the case file directly"),
    "source_hint": ("TOML 形式のケースファイルをそのまま編集できます（docs/case-file.md）。",
                    "Edit the case file as TOML (see docs/case-file.md)."),
    "save": ("保存", "Save"),
    "per_spouse": ("配偶者ごと", "Per spouse"),
    "entitlement": ("受け取る分（マイナスは負担）", "Entitlement (negative: a share of the debt)"),
    "claim_deadline": ("財産分与の請求期限", "Claim deadline"),
    "language": ("言語", "Language"),
    # phone and accessibility (issue 15 §6): the page frame, the case list and the file fields
    "skip_to_content": ("本文へ移動", "Skip to content"),
    "main_nav": ("メインメニュー", "Main menu"),
    "import_file": ("読み込むケースファイル", "Case file to import"),
    "source_text": ("ケースファイル (TOML)", "Case file (TOML)"),
    "case_actions": ("操作", "Actions"),
}


def ui(key: str, lang: str) -> str:
    ja, en = UI[key]
    return en if lang == "en" else ja


def pick(obj: Any, lang: str) -> str:
    """One language of an engine sentence: a {"ja", "en"} dict, a (ja, en) pair, or a plain string."""
    if obj is None:
        return ""
    if isinstance(obj, Mapping):
        return str(obj.get(lang) or obj.get("ja") or "")
    if isinstance(obj, tuple) and len(obj) == 2:
        return str(obj[1] if lang == "en" else obj[0])
    return str(obj)


def label(obj: Any, lang: str) -> str:
    """The ``label_ja`` / ``label_en`` of a dict or object."""
    get = obj.get if isinstance(obj, Mapping) else lambda k, d=None: getattr(obj, k, d)
    ja = get("label_ja") or ""
    en = get("label_en") or ja
    return str(en if lang == "en" else ja)


def yen(amount: int | None, lang: str) -> str:
    """Exact integer yen: 5,789,500円 or ¥5,789,500 (minus signs kept)."""
    if amount is None:
        return "—"
    sign = "−" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,}" if lang == "en" else f"{sign}{abs(amount):,}円"


def man(amount: int, lang: str) -> str:
    """Rounded to 万円 for a plain sentence (half up, 1万円 = 10,000円); exact figures sit beside it."""
    sign = "−" if amount < 0 else ""
    n = (abs(amount) + 5_000) // 10_000
    if lang == "en":
        return f"about {sign}¥{n * 10_000:,}"
    return f"約{sign}{n:,}万円"
