"""Demo publications for the demo village: the first quarter's 村务公开 and March's 财务公开, drafted by
the cadre and signed by the 村务监督委员会 (the road project's 决议公开 is published by its matter)."""

from __future__ import annotations

from xiaowei.accounts.models import User
from xiaowei.disclosure.models import Draft
from xiaowei.disclosure.services import do_create_draft, do_publish_draft, do_review_draft
from xiaowei.regions.models import Region

QUARTER = [
    {"text": "2026 年度村级重大事项计划经村民代表会议通过（应到 35 人，实到 31 人，赞成 29 票）"},
    {"text": "三组、五组通组道路硬化项目立项，预算", "amount": "186,000.00"},
    {"text": "村民议事会成员名单及职责", "note": "详见村部公开栏附页"},
    {"text": "村务监督委员会 2026 年第一季度工作情况"},
]
FINANCE = [
    {"text": "收入：山塘承包租金", "amount": "8,000.00", "note": "凭证 2026-03-004"},
    {"text": "收入：上级转移支付（村级运转经费）", "amount": "25,000.00", "note": "凭证 2026-03-009"},
    {"text": "支出：村部水电费", "amount": "1,236.50", "note": "凭证 2026-03-012"},
    {"text": "支出：道路硬化项目造价评审费", "amount": "3,600.00", "note": "凭证 2026-03-015"},
    {"text": "支出：村务监督委员会成员补贴（3 人）", "amount": "1,500.00", "note": "凭证 2026-03-018"},
]


def load_disclosure_demo(village_code: str) -> int:
    village = Region.objects.get(code=village_code)
    if Draft.objects.filter(region=village).exists():
        return 0
    cadre = User.objects.get(username="cun_shuji")
    accountant = User.objects.get(username="cun_baozhang")
    committee = User.objects.get(username="cun_jianwei")
    for kind, title, period, lines, author in (
        ("village_affairs", f"{village.name} 2026 年第一季度村务公开", "2026Q1", QUARTER, cadre),
        ("finance", f"{village.name} 2026 年 3 月财务收支公开", "2026-03", FINANCE, accountant),
    ):
        draft = do_create_draft(
            village, kind=kind, title=title, period=period, lines=lines, display_days=30, actor=author
        )
        do_review_draft(draft, agreed=True, opinion="已核对原始凭证和会议记录，同意公开。", actor=committee)
        do_publish_draft(draft, actor=author)
    return 2
