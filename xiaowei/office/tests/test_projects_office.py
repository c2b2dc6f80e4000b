"""The back-office pages for projects, through HTTP as each role would use them."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from tests_support.projects import D, ProjectWorld
from xiaowei.projects.models import Project


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_a_cadre_registers_a_project_and_bad_input_keeps_what_was_typed(pw: ProjectWorld) -> None:
    meeting = pw.w.meeting("representatives", D)
    c = _client(pw.cadre)
    data = {
        "title": "组级道路硬化",
        "category": "works",
        "project_type": "road",
        "year": "2026",
        "budget": "十五万",
        "funding_source": "上级奖补",
        "decision_meeting": str(meeting.pk),
        "approved_on": "2026-03-05",
    }
    html = c.post("/office/r/431382105201/projects/", data).content.decode()
    assert 'value="十五万"' in html and "不是有效的数字" in html
    assert not Project.objects.exists()
    response = c.post("/office/r/431382105201/projects/", {**data, "budget": "150,000.00"})
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/office/projects/{project.code}/"
    assert project.budget_fen == 15_000_000
    html = c.get(f"/office/projects/{project.code}/").content.decode()
    assert "“造价评审”还不能开始" in html and "缺少乡镇纪委" in html


def test_the_4x_bodies_sign_through_their_queue_and_the_finance_office_reviews(pw: ProjectWorld) -> None:
    project = pw.project(150_000)
    jiwei = _client(pw.jiwei)
    assert project.code in jiwei.get("/office/signoffs/").content.decode()
    day = (D + dt.timedelta(days=2)).isoformat()
    for body, user in pw.signers.items():
        r = _client(user).post(
            f"/office/projects/{project.code}/",
            {"action": "sign", "sign-stage": "approval", "sign-agreed": "1", "sign-signed_on": day},
        )
        assert r.status_code == 302, body
    assert project.code not in jiwei.get("/office/signoffs/").content.decode()
    finance = _client(pw.finance)
    html = finance.post(
        f"/office/projects/{project.code}/",
        {
            "action": "cost_review",
            "cost_review-reviewed_cost": "-5",
            "cost_review-reviewer": "财政所",
            "cost_review-reviewed_on": day,
        },
    ).content.decode()
    assert "金额不能为负数" in html and 'value="财政所"' in html  # the form comes back with the input
    r = finance.post(
        f"/office/projects/{project.code}/",
        {
            "action": "cost_review",
            "cost_review-reviewed_cost": "140000",
            "cost_review-reviewer": "财政所",
            "cost_review-reviewed_on": day,
        },
    )
    assert r.status_code == 302
    project.refresh_from_db()
    assert project.stage == "cost_review" and project.reviewed_cost_fen == 14_000_000


def test_an_action_not_offered_is_refused_without_writing(pw: ProjectWorld) -> None:
    project = pw.project(150_000)
    c = _client(pw.cadre)  # a cadre may not review costs
    r = c.post(
        f"/office/projects/{project.code}/",
        {
            "action": "cost_review",
            "cost_review-reviewed_cost": "1",
            "cost_review-reviewer": "x",
            "cost_review-reviewed_on": "2026-03-05",
        },
        follow=True,
    )
    assert "该操作现在不能进行" in r.content.decode()
    project.refresh_from_db()
    assert project.reviewed_cost_fen is None
    assert _client(pw.other_cadre).get(f"/office/projects/{project.code}/").status_code == 404
