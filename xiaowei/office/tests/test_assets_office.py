"""The back-office pages for assets, through HTTP as each role would use them."""

from __future__ import annotations

from django.test import Client

from tests_support.projects import D, ProjectWorld
from xiaowei.assets.models import Asset, Disposal


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_assets_are_registered_and_disposed_through_the_office(pw: ProjectWorld) -> None:
    meeting = pw.w.meeting("representatives", D, expected=30, present=30, yes=25)
    c = _client(pw.cadre)
    r = c.post(
        "/office/r/431382105201/assets/",
        {
            "name": "东头鱼塘",
            "subkind": "resource:water",
            "location": "3组",
            "area": "12",
            "unit": "亩",
            "value": "50000",
            "status": "idle",
        },
    )
    asset = Asset.objects.get()
    assert r.status_code == 302 and asset.kind == "resource" and asset.value_fen == 5_000_000
    html = c.post(
        f"/office/assets/{asset.code}/",
        {
            "action": "dispose",
            "dispose-mode": "lease",
            "dispose-method": "公开竞价",
            "dispose-term_years": "25",
            "dispose-decision_meeting": str(meeting.pk),
            "dispose-decided_on": "2026-03-10",
        },
    ).content.decode()
    assert "不得超过 20 年" in html and not Disposal.objects.exists()
    r = c.post(
        f"/office/assets/{asset.code}/",
        {
            "action": "dispose",
            "dispose-mode": "lease",
            "dispose-method": "公开竞价",
            "dispose-term_years": "15",
            "dispose-decision_meeting": str(meeting.pk),
            "dispose-decided_on": "2026-03-10",
        },
    )
    assert r.status_code == 302 and Disposal.objects.get().stage == "decided"
    # the reserve price is the finance office's to review, not the cadre's
    assert "底价评审" not in c.get(f"/office/assets/{asset.code}/").content.decode()
    assert "底价评审" in _client(pw.finance).get(f"/office/assets/{asset.code}/").content.decode()
