"""The app's own words in Japanese and English (the engine's sentences carry their own pair)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from zansai.messages import Msg

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
    # the case form's folded groups (issue 17, form)
    "form_group_open": ("この項目を入力する", "Fill in these"),
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
    "source_hint": ("ケースファイル（TOML 形式）をそのまま編集できます。",
                    "Edit the case file (TOML) directly."),
    "save": ("保存", "Save"),
    "per_spouse": ("配偶者ごと", "Per spouse"),
    "entitlement": ("受け取る分（マイナスは負担）", "Entitlement (negative: a share of the debt)"),
    "claim_deadline": ("財産分与の請求期限", "Claim deadline"),
    "language": ("言語", "Language"),
    # --- the quick check on the home page (issue 15 §1; web/templates/quick.html, _quick_answer.html) ---
    "q_title": ("家を売ったら、借金はいくら残る？", "If you sell your home, how much debt is left?"),
    "q_intro": ("6つの質問に答えると、その場で答えが出ます。金額は万円で入力します（2800 は 2,800万円）。",
                "Answer six questions and the answer appears at once. Amounts are in units of "
                "10,000 yen (万円): 2800 means 28,000,000 yen."),
    "q_owed": ("住宅ローン", "The home loan"),
    "q_owed_loan": ("借りたときの金額で答える", "As borrowed"),
    "q_owed_statement": ("返済予定表の残高で答える", "From a statement (the balance)"),
    "q_loan_amount": ("借りた金額", "Amount borrowed"),
    "q_rate": ("金利（年）", "Interest rate (a year)"),
    "q_rate_hint": ("返済予定表に書いてあります。わからなければ空欄で、ふつうの金利で計算します",
                    "Printed on the repayment schedule; if blank, a typical rate is used"),
    "q_years": ("返済期間", "Term"),
    "q_first_month": ("返済が始まった年月", "First payment month"),
    "q_balance": ("いまの残高", "Balance"),
    "q_monthly_payment": ("毎月の返済額", "Monthly payment"),
    "q_statement_month": ("その残高の年月", "Month of that balance"),
    "q_lender": ("借りたところ", "Who lent it"),
    "q_lender_bank": ("銀行など（保証会社付き）", "A bank (with a guarantee company)"),
    "q_lender_jhf": ("住宅金融支援機構（フラット35）", "JHF (住宅金融支援機構, Flat 35)"),
    "q_lender_hint": ("一括請求や競売までの期限が変わります", "It sets the deadlines up to the auction"),
    "q_value": ("家がいくらで売れそうか", "What the home could sell for"),
    "q_value_unknown": ("わからない", "Don't know"),
    "q_value_hint": ("不動産会社の査定額や、近所の似た家の価格", "An agent's appraisal, or what similar homes nearby sold for"),
    "q_missed": ("返済の遅れ", "Missed payments"),
    "q_missed_no": ("遅れていない", "None"),
    "q_missed_yes": ("遅れている", "Yes"),
    "q_missed_since": ("遅れ始めた年月", "First missed month"),
    "q_person": ("保証人・連帯債務者", "Guarantor or co-debtor"),
    "q_person_name": ("だれですか（例: 父、妻）。いなければ空欄", "Who (for example 父, father); blank if nobody"),
    "q_role": ("その人は", "This person is"),
    "q_role_guarantor": ("連帯保証人", "a joint guarantor (連帯保証人)"),
    "q_role_co_debtor": ("連帯債務者", "a co-debtor (連帯債務者)"),
    "q_sell": ("売りたい時期", "When to sell"),
    "q_sell_hint": ("はじめは数か月先にしてあります（売却にはふつう数か月かかります）",
                    "Set a few months ahead at first (a sale usually takes a few months)"),
    "q_month_hint": ("例: 2015年4月、2015-04", "e.g. 2015-04"),
    "q_unit_man": ("万円", "×10,000 yen"),
    "q_unit_yen": ("円", "yen"),
    "q_unit_percent": ("%", "%"),
    "q_unit_years": ("年", "years"),
    "q_calculate": ("計算する", "Calculate"),
    "q_waiting": ("質問に答えると、ここに答えが出ます。", "The answer appears here as you answer."),
    "q_left_debt": ("売ったあとに残る借金", "Debt left after selling"),
    "q_left_over": ("売ったあとに手元に残るお金", "Money left over after selling"),
    "q_position": ("家の価格 − ローン残高", "Price − loan balance"),
    "q_breakdown": ("内訳", "How it adds up"),
    "q_r_price": ("売れる価格", "Sale price"),
    "q_r_balance": ("ローン残高（売却日）", "Loan balance (on the sale date)"),
    "q_r_arrears": ("滞納分・利息・遅延損害金", "Missed payments, interest and late charges"),
    "q_r_costs": ("売却の費用（仲介手数料など）", "Costs of the sale (agent's fee and others)"),
    "q_assumed": ("前提にしたこと", "What was assumed"),
    "q_full": ("詳しい結果を見る（ケースとして保存）", "See the full results (saved as a case)"),
    "q_more": ("もっと詳しく入力する", "Add more detail"),
    "q_range_title": ("売れた価格ごとの、売ったあとに残る借金", "Debt left after selling, by sale price"),
    "q_range_price": ("売れた価格", "Sale price"),
    "q_range_left": ("残る借金", "Debt left"),
    "q_range_over": ("手元に残る", "left over"),
    "q_appraise_title": ("家の価格を知るには", "To learn what the home is worth"),
    "q_other": ("ほかの入り口", "Other ways in"),
    "q_full_form": ("はじめから詳しく入力する", "The full form"),
    "q_problems": ("入力を確認してください", "Please check these answers"),
    # --- issue 15 §3/§4, results (one consistent story, what to do now): the answer, the
    # reconciliation line, the position cards, the exits table's columns and the section totals.
    "story_answer": ("答え", "The answer"),
    "story_recon": ("内訳（今の相場で通常売却した場合）", "How it adds up (a normal sale at the market value)"),
    "story_unpaid": ("滞納した返済・利息", "missed instalments and interest"),
    "story_late_charges": ("遅延損害金", "late charges"),
    "story_equity": ("差額（時価 − ローン残高）", "Price − loan balance"),
    "story_equity_liens": ("差額（時価 − ローンとほかの担保の残高）", "Price − loans and other secured debts"),
    "story_underloan": ("アンダーローン（価格がローン残高を上回る。費用を引く前）",
                        "Underloan (price above the loan balance, before costs)"),
    "story_overloan": ("オーバーローン（価格がローン残高を下回る）", "Overloan (price below the loan balance)"),
    "story_shortfall": ("売却後の不足（滞納分・費用を払った後）", "Shortfall after the sale (arrears and costs paid)"),
    "story_surplus": ("売却後に手元に残るお金（滞納分・費用を払った後）",
                      "Left over after the sale (arrears and costs paid)"),
    "story_owed": ("売却日の請求額（ローン残高＋滞納分・遅延損害金など）",
                   "Owed on the sale date (loan balance + arrears, late charges …)"),
    "story_costs_from_price": ("代金から払う費用", "Costs paid from the price"),
    "story_net": ("手取り", "Net proceeds"),
    "story_costs_separate": ("別に払う費用", "Paid separately"),
    "story_exits_note": ("価格 − 代金から払う費用 = 手取り。手取りは貸し手への返済に充て、別に払う費用は手持ちのお金から払います。",
                         "Price − costs paid from the price = net proceeds, which go to the lenders; "
                         "costs paid separately come from the household's own money."),
    "story_routes_total": ("残る借金の合計", "Total debt to settle"),
    "story_routes_home": ("家のローンの残り", "left on the home loans"),
    "story_routes_other": ("ほかの借金", "other debts"),
    "story_after": ("の後", " leaves"),
    "story_distribution_of": ("の代金の分け方", ": how the price is shared"),
    "story_timeline_owed": ("その日の請求額（遅延損害金を含む）", "Owed that day (late charges included)"),
    "story_milestone": ("できごと", "Event"),
    "story_typical": ("目安の日", "Typical date"),
    "story_range": ("早ければ – 遅ければ", "Earliest – latest"),
    "story_route_total_note": ("支払総額は手続の費用を含みます。", "Totals include the procedures' costs."),
    # -- the case form (issue 15, form): the error summary, people picked from those entered, defaults
    "errors_intro": ("次の項目を直して、もう一度保存してください。項目名を押すとその欄へ移動します。",
                     "Correct these entries and save again. Each name takes you to its field."),
    "not_on_form": ("この画面にない項目", "An entry not on this form"),
    "person_slot": ("{n}人目（上の欄で名前を入力）", "Person {n} (enter the name above)"),
    "pick_none": ("— 選ばない —", "— nobody —"),
    "pick_hint": ("「家族と関係する人」に入力した人から選びます", "Pick from the people entered above"),
    "sale_default": ("空欄なら {date}（今日から数か月後: 売却には数か月かかるのが普通です）",
                     "blank: {date} (a few months from today: a sale usually takes months)"),
    "question": ("確認", "Please check"),
    # --- plain language, two layers; terms (issue 15 §5, part "terms") ---
    "why_detail_open": ("計算の詳細を開く（印刷用ページ）", "Open the calculation details (printable page)"),
    "why_detail": ("計算の詳細（専門家向け）", "Calculation details (for advisers)"),
    "rule_overridden": ("ケースで上書き", "overridden by the case"),
    "rule_key": ("ルール", "Rule"),
    "glossary": ("用語集", "Glossary"),
    "glossary_intro": ("このページに出てくる法律・不動産の言葉を、やさしく説明します。ページの中で点線の付いた言葉を"
                       "タップするか、キーボードで選ぶと、その場で説明が出ます。",
                       "The legal and property words these pages use, in plain English. On the pages, tap a "
                       "dotted word or reach it with the keyboard to see its meaning where it stands."),
    "glossary_law": ("根拠となる法律", "Law"),
    "group_sale": ("売る・家", "Selling the home"),
    "group_debt": ("ローン・借金", "The loan and the debt"),
    "group_court": ("裁判所の手続き", "Court procedures"),
    "group_family": ("家族・保証人・離婚", "Family, guarantors, divorce"),
    "group_tax": ("税金・費用", "Taxes and costs"),
    "group_credit": ("信用情報", "Credit record"),
    "kind_law": ("法令", "law"),
    "kind_court_practice": ("裁判所の運用", "court practice"),
    "kind_market_practice": ("市場の慣行", "market practice"),
    "confidence_high": ("高", "high"),
    "confidence_medium": ("中", "medium"),
    "confidence_low": ("低", "low"),
    # phone and accessibility (issue 15 §6): the page frame, the case list and the file fields
    "skip_to_content": ("本文へ移動", "Skip to content"),
    "main_nav": ("メインメニュー", "Main menu"),
    "import_file": ("読み込むケースファイル", "Case file to import"),
    "source_text": ("ケースファイル (TOML)", "Case file (TOML)"),
    "case_actions": ("操作", "Actions"),
    # rescheduling (返済方法の変更, issue 17 §2.2): the new terms under the exit
    "reschedule_terms": ("変更の内容", "New terms"),
    "reschedule_extension": ("延長", "extension"),
    "reschedule_deferment": ("元金据置（利息のみ）", "interest only"),
    "reschedule_months": ("か月", " months"),
    "reschedule_new_payment": ("変更後の毎月の返済", "monthly payment after the change"),
    "reschedule_deferment_payment": ("据置中の毎月の返済", "monthly payment while interest only"),
    "reschedule_end": ("最終返済日", "last payment"),
    "reschedule_extra_interest": ("今の返済予定より増える利息", "extra interest over the current schedule"),
    # --- issue 17, results and report (part "report"): keeping the home through 個人再生, the
    # co-owners' capital gains tax, the auctions' filing, the undivided estate
    "keep_lead": ("家を売らずに残す方法です。住宅ローンはこれまでどおり払い続け（住宅資金特別条項）、"
                  "ほかの借金は裁判所が認める再生計画で減らして、3年ほどで分けて払います。",
                  "A way to keep the home without selling it: the housing loan is paid on as before "
                  "(housing-loan clause), and the other debts are cut down by a plan the court approves "
                  "and paid in instalments over about three years."),
    "keep_lead_out": ("個人再生（住宅資金特別条項）で家を残す方法は、今の条件では使えません。理由:",
                      "Keeping the home through individual rehabilitation (housing-loan clause) is not "
                      "possible as things stand, because:"),
    "keep_month": ("毎月の支払い", "Each month"),
    "keep_loan": ("住宅ローン（これまでどおり）", "housing loan (as agreed)"),
    "keep_arrears": ("滞納分の分割払い", "the arrears, in instalments"),
    "keep_arrears_total": ("滞納分の合計", "arrears in all"),
    "keep_plan_instalment": ("再生計画の返済", "plan instalment"),
    "keep_needed": ("毎月必要な額", "needed each month"),
    "keep_capacity": ("世帯が毎月払える額", "what the household can pay each month"),
    "keep_fits": ("払える額の範囲に収まります。", "This fits within what the household can pay."),
    "keep_short": ("払える額を上回ります。", "This is more than the household can pay."),
    "keep_extended": ("住宅ローンの返済期間を延ばした場合", "with the housing loan's term extended"),
    "keep_until": ("最終", "last due"),
    "keep_plan": ("再生計画", "The plan"),
    "keep_claims_total": ("計画で減らす借金（住宅ローン以外）", "debts the plan reduces (all but the housing loan)"),
    "keep_plan_total": ("計画で払う総額", "paid under the plan in all"),
    "keep_forgiven": ("免除される額", "forgiven"),
    "keep_instalments": ("返済の回数と額", "instalments"),
    "keep_adjusted_last": ("最終回で端数を調整", "the last one takes the rest"),
    "keep_adjusted_first": ("初回で端数を調整", "the first one takes the rest"),
    "keep_period": ("返済期間", "paid from – to"),
    "keep_support_lump": ("計画の終わりに一括で払う養育費等", "support paid in one sum at the end"),
    "keep_taxes_outside": ("計画の外で全額払う税金", "taxes paid in full outside the plan"),
    "keep_rounding": ("端数の扱い", "rounding"),
    "keep_by_creditor": ("債権者ごとの返済", "Each creditor's share"),
    "keep_creditor": ("債権者", "creditor"),
    "keep_claim": ("借金", "owed now"),
    "keep_each": ("毎回の返済", "each instalment"),
    "keep_creditor_total": ("計画で払う額", "paid under the plan"),
    "keep_guarantor": ("保証人が請求されうる額", "a guarantor can be asked for"),
    "keep_after_plan": ("計画どおり払えば", "after the plan"),
    "keep_costs": ("申立ての費用（用意するお金）", "Costs of filing (money to have ready)"),
    "tax_heading": ("売ったときの税金（譲渡所得税）", "Tax on the sale (capital gains tax)"),
    "tax_lead": ("家を買ったときより高く売れると、その値上がり益に譲渡所得税がかかります。住んでいた人は"
                 "3,000万円特別控除を受けられることがあります。税金は翌年の確定申告で払うもので、"
                 "上の比較の「残債」や「必要現金」には含まれていません。",
                 "When the home sells for more than it cost, the gain bears capital gains tax; an owner who "
                 "lived there may get the 30 million yen special deduction. The tax is paid with the next "
                 "year's return and is not in the remaining debt or cash figures above."),
    "tax_owners_lead": ("共有の家は、各自が自分の持分を売ったものとして、一人ずつ税金を計算します。控除や軽い税率を"
                        "受けられるのは、そこに住んでいた人だけです。",
                        "A co-owned home is taxed owner by owner, each selling their own ownership share; only an "
                        "owner who lived there gets the deduction and the lower rates."),
    "tax_total": ("税額（所得税・住民税の合計）", "tax (income and resident tax)"),
    "tax_gain": ("譲渡所得（値上がり益）", "gain"),
    "tax_loss_relief": ("ほかの所得と損益通算できる譲渡損失", "loss that can offset other income"),
    "tax_owner": ("共有者", "co-owner"),
    "tax_share": ("持分", "share"),
    "tax_deduction": ("特別控除", "special deduction"),
    "tax_taxable": ("課税される額", "taxable"),
    "tax_owner_tax": ("税額", "tax"),
    "tax_relief": ("住まいの特例", "residence relief"),
    "tax_no_relief": ("受けられない（下の注意）", "not available (see below)"),
    "tax_no_gain": ("買ったときより安く売るため値上がり益はなく、この売却に税金はかかりません。",
                    "The home sells for less than it cost: there is no gain and no tax on this sale."),
    "div_period": ("。", ". "),
    "div_nobody_pays": ("財産分与として支払う人はいません。", "Nobody pays anybody as a property division."),
    "div_net_estate": ("夫婦で分ける財産の合計（住宅ローンを差し引いた額）", "The couple's net estate (after the housing loan)"),
    "div_nobody_pays_why": ("分けるべきプラスの財産がないため、どちらも支払いを命じられることはなく、各自が自分の名義の財産と借金をそのまま持ちます。",
                            "With nothing positive to divide, neither can be ordered to pay: each keeps the assets and debts in their own name."),
    "div_burden_guide": ("夫婦が話し合いで負担を分ける場合の目安（支払いの義務ではありません）",
                         "A guide if the couple agree to share the burden (not a duty to pay)"),
    "auction_costs_basis": ("裁判所の費用の計算のもと", "What the court costs are computed on"),
    "auction_filing_date": ("競売申立の日", "auction filing date"),
    "auction_filing_claim": ("請求債権額（申立ての日に請求する額）", "claimed amount (on the filing date)"),
    "auction_estimated": ("推定", "estimated"),
    "now_keep_details": ("この方法の詳しい内訳", "how this works out"),
    "auction_given": ("入力どおり", "as entered"),
    "auction_costs_lead": ("競売の予納金と差押登記の登録免許税は、家が売れる日ではなく、競売を申し立てた日の請求額"
                           "（請求債権額）で決まります。",
                           "The court deposit and the seizure's registration tax depend on what is claimed on the day "
                           "the auction is filed (the claimed amount), not on the day the home is sold."),
    # --- issue 18 §2: what-ifs (もしも表) and the lender's view ---
    "wi_title": ("もしも表（価格 × 決済月）", "What-ifs (price × settlement month)"),
    "wi_intro": ("売れる価格と決済の月を変えると、残る借金と第1順位の債権者の回収がどう変わるかを示します。"
                 "各マスは通常売却と任意売却の残債です。",
                 "How the debt left and the first lender's recovery change with the sale price and the "
                 "settlement month. Each cell gives the debt left after a normal sale and after a short sale."),
    "wi_open": ("もしも表を開く", "Open the what-ifs"),
    "wi_price": ("価格", "price"),
    "wi_normal": ("通常", "normal"),
    "wi_short": ("任意", "short"),
    "wi_cleared": ("完済", "cleared"),
    "wi_closed": ("期限後", "too late"),
    "wi_start": ("価格（から）", "price from"),
    "wi_stop": ("価格（まで）", "price to"),
    "wi_step": ("刻み", "step"),
    "wi_months": ("月数", "months"),
    "wi_rate": ("割引率（年%）", "discount rate (%/yr)"),
    "wi_update": ("計算する", "Compute"),
    "wi_break_evens": ("分かれ目の価格と日付", "Break-even prices and date"),
    "wi_auction": ("競売なら第1順位の債権者の回収", "The first lender's recovery through auction"),
    "wi_discounted": ("決済日まで割り引くと", "discounted to the settlement date"),
    "wi_here": ("このケースに最も近いマス", "the cell nearest this case"),
    "wi_legend": ("上段: 通常売却の残債（不足額）、下段: 任意売却の残債。色付きのマスがこのケースに最も近い価格と日付です。",
                  "Top: debt left after a normal sale (its shortfall); bottom: after a short sale. The marked "
                  "cell is nearest this case's price and date."),
    "wi_loading": ("計算中…", "Computing…"),
    "wi_chart": ("第1順位の債権者の回収（任意売却、青線）と競売の割引後の回収（赤の破線）。縦線が分かれ目の価格です（このケースの決済日）。",
                 "The first lender's recovery from the short sale (blue) against the auction's discounted "
                 "recovery (red dashes); the vertical line is the break-even price (on this case's date)."),
}


def ui(key: str, lang: str) -> str:
    ja, en = UI[key]
    return en if lang == "en" else ja


def pick(obj: Any, lang: str) -> str:
    """One language of an engine sentence: a {"ja", "en"} dict, a (ja, en) pair, or a plain string."""
    if obj is None:
        return ""
    if isinstance(obj, Msg):
        return obj.text(lang)
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


def plain(panel: str, lang: str) -> str:
    """The plain first layer of the "why?" panel ``panel`` (``messages/<lang>/plain.toml``,
    id ``plain.why.<panel>``), or "" when the catalog has none."""
    from zansai.messages import catalog

    return catalog(lang).get(f"plain.why.{panel}", "")
