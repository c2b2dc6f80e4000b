"""Back-office matter pages: start, see what is missing, record, sign; scope on every page."""

from __future__ import annotations

import pytest
from django.test import Client

from tests_support.matters import DAY, World
from xiaowei.matters.models import Matter, Meeting

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_a_cadre_starts_a_project_and_is_told_what_the_next_step_needs(world: World) -> None:
    c = _client(world.cadre)
    assert "村级工程项目建设" in c.get(f"/office/r/{world.village.code}/matters/new/").content.decode()
    form = c.get(f"/office/r/{world.village.code}/matters/new/?item=D02").content.decode()
    assert "金额（元）" in form and "项目名称" in form
    r = c.post(
        f"/office/r/{world.village.code}/matters/new/",
        {
            "item": "D02",
            "title": "组级道路硬化",
            "started_on": str(DAY),
            "attr_project_name": "道路",
            "attr_amount": "150000",
        },
    )
    assert r.status_code == 302
    matter = Matter.objects.get()
    page = c.get(r["Location"]).content.decode()
    assert "下一步" in page and "村党支部会提议" in page and "党支部会的会议记录" in page
    # Recording without evidence: refused, explained, and the typed note kept.
    r = c.post(f"/office/matters/{matter.pk}/step/", {"occurred_on": str(DAY), "note": "我的说明"})
    assert r.status_code == 422
    body = r.content.decode()
    assert "缺少材料" in body and "须附党支部会的会议记录" in body and "我的说明" in body
    assert not matter.steps.exists()


def test_bad_start_input_keeps_the_form(world: World) -> None:
    c = _client(world.cadre)
    r = c.post(
        f"/office/r/{world.village.code}/matters/new/",
        {
            "item": "D02",
            "title": "组级道路硬化",
            "started_on": str(DAY),
            "attr_project_name": "道路",
            "attr_amount": "十五万",
        },
    )
    assert r.status_code == 200
    body = r.content.decode()
    assert "不是有效的数字" in body and "组级道路硬化" in body
    assert not Matter.objects.exists()


def test_meetings_page_judges_the_vote(world: World) -> None:
    c = _client(world.cadre)
    r = c.post(
        f"/office/r/{world.village.code}/meetings/",
        {
            "kind": "representatives",
            "subject": "道路硬化决议",
            "held_on": str(DAY),
            "notice_on": "",
            "expected": "30",
            "present": "19",
            "votes_for": "19",
            "votes_against": "0",
            "votes_abstain": "0",
        },
    )
    assert r.status_code == 302
    meeting = Meeting.objects.get()
    assert not meeting.passed
    page = c.get(f"/office/r/{world.village.code}/meetings/").content.decode()
    assert "未通过" in page and "未达到法定人数" in page


def test_other_villages_get_404_and_readers_cannot_write(world: World) -> None:
    m = world.start("D02")
    other = _client(world.other_cadre)
    assert other.get(f"/office/matters/{m.pk}/").status_code == 404
    assert other.post(f"/office/matters/{m.pk}/step/", {"occurred_on": str(DAY)}).status_code == 404
    assert other.get(f"/office/r/{world.village.code}/meetings/").status_code == 404
    assert other.get(f"/office/r/{world.village.code}/matters/new/").status_code == 404
    committee = _client(world.committee)
    assert committee.get(f"/office/matters/{m.pk}/").status_code == 200
    assert committee.get(f"/office/r/{world.village.code}/matters/new/").status_code == 403
    r = committee.post(f"/office/r/{world.village.code}/meetings/", {"kind": "party_branch"})
    assert r.status_code == 403
    assert m.title not in other.get("/office/matters/").content.decode()


def test_the_committee_signs_from_the_matter_page(world: World) -> None:
    w = world
    m = w.small_project()
    c = _client(w.committee)
    page = c.get(f"/office/matters/{m.pk}/").content.decode()
    assert "以村务监督委员会身份签署" in page
    r = c.post(
        f"/office/matters/{m.pk}/sign/",
        {"role": "village_committee", "step": "publish_decision", "agreed": "1", "opinion": "同意公开"},
    )
    assert r.status_code == 302
    assert m.signoffs.get().opinion == "同意公开"
    r = c.post(
        f"/office/matters/{m.pk}/sign/",
        {"role": "village_committee", "step": "publish_decision", "agreed": "1", "opinion": ""},
    )
    assert r.status_code == 422 and "已对" in r.content.decode()


def test_evidence_files_download_only_within_scope_with_their_chinese_name(world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from xiaowei.matters import services

    doc = services.do_upload_document(
        world.village,
        kind="minutes",
        title="会议记录",
        upload=SimpleUploadedFile("两委会记录.pdf", b"%PDF-1.4 x", content_type="application/pdf"),
        actor=world.cadre,
    )
    r = _client(world.committee).get(f"/office/documents/{doc.pk}/")
    assert r.status_code == 200 and r.getvalue() == b"%PDF-1.4 x"
    assert "filename*=utf-8''" in r["Content-Disposition"].lower()
    assert _client(world.other_cadre).get(f"/office/documents/{doc.pk}/").status_code == 404
