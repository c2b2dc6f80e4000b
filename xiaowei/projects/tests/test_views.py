"""The public 工程项目 pages through HTTP: lists with filters under a village, a township and the county,
and a detail page with its timeline and QR code."""

from __future__ import annotations

import pytest
from django.test import Client

from tests_support.projects import ProjectWorld
from xiaowei.projects.models import Project


@pytest.fixture
def done(pw: ProjectWorld) -> Project:
    pw.advance(pw.project(8_000, title="村部门前路灯", project_type="lighting"), "contract", cost_yuan=8_000)
    return pw.advance(pw.project(150_000), "closed", cost_yuan=140_000)


def test_lists_filter_under_village_township_and_county(client: Client, done: Project) -> None:
    for code in ("431382105201", "431382105", "431382"):
        html = client.get(f"/r/{code}/projects/").content.decode()
        assert "组级道路硬化" in html and "村部门前路灯" in html and "共 2 个项目" in html
    html = client.get("/r/431382105/projects/?stage=closed").content.decode()
    assert "组级道路硬化" in html and "村部门前路灯" not in html
    html = client.get("/r/431382105201/projects/?min=10000&max=200000").content.decode()
    assert "组级道路硬化" in html and "村部门前路灯" not in html
    html = client.get("/r/431382105201/projects/?q=路灯&type=lighting&year=2026").content.decode()
    assert "村部门前路灯" in html and "组级道路硬化" not in html
    assert "共 0 个项目" in client.get("/r/431382106201/projects/").content.decode()


def test_bad_filters_are_explained_not_a_500(client: Client, done: Project) -> None:
    response = client.get("/r/431382105201/projects/?year=abcd&min=很多&stage=x&page=999")
    html = response.content.decode()
    assert response.status_code == 200
    assert "年度“abcd”应为四位数字" in html and "最低金额“很多”不是金额" in html and "阶段不正确" in html
    assert client.get("/r/999999/projects/").status_code == 404


def test_detail_page_shows_every_stage_signoff_and_a_qr_code(client: Client, done: Project) -> None:
    html = client.get(f"/projects/{done.code}/").content.decode()
    for text in (
        "组级道路硬化",
        "付清结项",
        "乡镇纪委",
        "交通运输局",
        "结算审计",
        "涟源市示范道路工程有限公司",
        "<svg",
    ):
        assert text in html
    assert html.count("verify/p/") == done_publications(done)
    assert f"/ocds/v1/records/ocds-xw0000-{done.code}.json" in html
    assert client.get("/projects/nope/").status_code == 404


def done_publications(project: Project) -> int:
    from xiaowei.disclosure.models import Publication

    return Publication.objects.filter(subject_type="project", subject_id=project.code).count()
