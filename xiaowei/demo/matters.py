"""Demo matters for the demo village: a 村级工程项目 past 决议公开 (now waiting, overdue, for the
township's cost review), a small project ready to start, an annual resolution and a seal register.

Deterministic, written through the services (so the audit trail shows them), and skipped when the demo
village already has matters.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from xiaowei.accounts.models import User
from xiaowei.catalog.models import PowerItem
from xiaowei.matters import services
from xiaowei.matters.models import Document, Matter, Meeting
from xiaowei.regions.models import Region

D = dt.date


def _doc(village: Region, kind: str, title: str, by: User) -> Document:
    text = f"{village.name} {title}\n（演示材料：系统自动生成的示例文本。）\n".encode()
    upload = SimpleUploadedFile(f"{kind}.txt", text, content_type="text/plain")
    return services.do_upload_document(village, kind=kind, title=title, upload=upload, actor=by)


def _meeting(
    village: Region, kind: str, subject: str, on: dt.date, by: User, expected: int, present: int, yes: int
) -> Meeting:
    return services.do_record_meeting(
        village,
        kind=kind,
        subject=subject,
        held_on=on,
        notice_on=on - dt.timedelta(days=12),
        expected=expected,
        present=present,
        votes_for=yes,
        votes_against=present - yes,
        votes_abstain=0,
        actor=by,
    )


def load_matters_demo(village_code: str) -> int:
    """Returns how many matters it created (0 when the village already had some)."""
    village = Region.objects.get(code=village_code)
    if Matter.objects.filter(region=village).exists():
        return 0
    cadre = User.objects.get(username="cun_shuji")
    keeper = User.objects.get(username="cun_baozhang")
    committee = User.objects.get(username="cun_jianwei")
    agency = User.objects.get(username="zhen_nongjing")

    annual = _meeting(
        village, "representatives", "2026 年度村级重大事项计划", D(2026, 1, 10), cadre, 35, 31, 29
    )
    services.do_record_resolution(
        annual,
        kind="annual",
        title=f"{village.name} 2026 年度村民代表会议决议",
        scope="年度村级工程项目计划、集体收益使用计划",
        valid_from=D(2026, 1, 10),
        valid_until=D(2026, 12, 31),
        actor=cadre,
    )

    road = services.do_start_matter(
        village,
        PowerItem.objects.get(code="D02"),
        title="2026 年三组、五组通组道路硬化",
        attributes={"project_name": "三组、五组通组道路硬化（1.2 公里）", "amount": "186000"},
        started_on=D(2026, 3, 2),
        actor=cadre,
    )
    on = D(2026, 3, 2)
    plan = [
        ("propose", "party_branch", 7, 7, 7),
        ("deliberate", "two_committees", 9, 9, 8),
        ("review", "party_members", 42, 33, 30),
        ("decide", "representatives", 35, 29, 26),
    ]
    for key, kind, expected, present, yes in plan:
        minutes = _doc(village, "minutes", f"{road.title}：{key} 会议记录", cadre)
        docs = (
            [minutes, _doc(village, "proposal", f"{road.title} 实施方案", cadre)]
            if key == "propose"
            else [minutes]
        )
        meeting = _meeting(village, kind, road.title, on, cadre, expected, present, yes)
        services.do_record_step(road, key, occurred_on=on, actor=cadre, meeting=meeting, documents=docs)
        on += dt.timedelta(days=3)
    services.do_sign_step(
        road,
        "publish_decision",
        role="village_committee",
        agreed=True,
        opinion="决议内容与会议记录一致，同意公开。",
        actor=committee,
    )
    services.do_record_step(
        road,
        "publish_decision",
        occurred_on=on,
        actor=cadre,
        documents=[_doc(village, "notice", f"{road.title} 决议公告", cadre)],
        publicity=(on, on + dt.timedelta(days=6)),
        note="决议已在村部公开栏和各组公告栏张贴，公示 7 天。",
    )
    filed = on + dt.timedelta(days=8)
    services.do_record_step(
        road,
        "township_filing",
        occurred_on=filed,
        actor=agency,
        documents=[_doc(village, "review_opinion", f"{road.title} 立项审查意见", agency)],
        note="资金来源为一事一议财政奖补与村集体收益，已列入年度计划。",
    )

    services.do_start_matter(
        village,
        PowerItem.objects.get(code="D02"),
        title="村部围墙修缮",
        attributes={"project_name": "村部围墙修缮", "amount": "8600"},
        started_on=D(2026, 11, 2),
        actor=cadre,
    )

    seal = services.do_register_seal(
        village, name=f"{village.name}村民委员会", keeper=keeper, registered_on=D(2026, 1, 5), actor=cadre
    )
    services.do_log_seal_use(
        seal,
        used_on=D(2026, 3, 20),
        purpose="certificate",
        reason="为村民开具居住证明",
        document_title="居住证明",
        approver=cadre,
        actor=keeper,
    )
    return 2
