"""/api/v1/matters, /meetings, /documents: running powers through their flowcharts (scoped)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from xiaowei.accounts.http import AuthenticatedHttpRequest
from xiaowei.api.schemas import (
    DocumentOut,
    Error,
    MatterIn,
    MatterOut,
    MeetingIn,
    MeetingOut,
    SignoffIn,
    StepIn,
)
from xiaowei.catalog.models import PowerItem
from xiaowei.lib.errors import InvalidInput
from xiaowei.matters import services
from xiaowei.matters.models import Document, Matter, Meeting, Resolution
from xiaowei.matters.present import matter_dict
from xiaowei.matters.selectors import matters_for
from xiaowei.regions import access
from xiaowei.regions.models import Region
from xiaowei.regions.roles import Perm

router = Router(tags=["事项"])
ERRORS = {401: Error, 403: Error, 404: Error, 409: Error, 422: Error}


def _matter(request: AuthenticatedHttpRequest, pk: int) -> Matter:
    qs = Matter.objects.select_related("item_version", "region")
    return access.access_object(request.user, qs, pk, perm=Perm.VIEW_OFFICE)


class MatterFilter(Schema):
    region: str | None = None
    status: str | None = None
    overdue: bool = False
    limit: int = 50
    offset: int = 0


class MatterPage(Schema):
    count: int
    results: list[MatterOut]


@router.get("/matters", response={200: MatterPage, **ERRORS})
def matters(request: AuthenticatedHttpRequest, f: Query[MatterFilter]) -> dict[str, Any]:
    """您辖区内的事项（最近开始的在前）。"""
    if not 1 <= f.limit <= 200 or f.offset < 0:
        raise InvalidInput("limit 应在 1–200 之间，offset 不能为负数")
    today = timezone.localdate()
    qs = matters_for(
        request.user, today=today, region=f.region or "", status=f.status or "", overdue=f.overdue
    )
    rows = qs[f.offset : f.offset + f.limit]
    return {"count": qs.count(), "results": [matter_dict(m, today=today) for m in rows]}


@router.get("/matters/{matter_id}", response={200: MatterOut, **ERRORS})
def matter(request: AuthenticatedHttpRequest, matter_id: int) -> dict[str, Any]:
    """一个事项：流程、已记录的步骤、下一步及其要求、是否超期。"""
    return matter_dict(_matter(request, matter_id), today=timezone.localdate(), with_steps=True)


@router.post("/matters", response={201: MatterOut, **ERRORS})
def start_matter(request: AuthenticatedHttpRequest, data: MatterIn) -> Status:
    """在一个村发起权力事项。金额类要素以元为单位（字符串或数字）。"""
    village = access.access_region(request.user, data.region, perm=Perm.START_MATTERS)
    item = PowerItem.objects.filter(code=data.item).first()
    if item is None:
        raise Http404(f"权力事项 {data.item} 不存在")
    m = services.do_start_matter(
        village,
        item,
        title=data.title,
        attributes={k: str(v) if not isinstance(v, bool) else v for k, v in data.attributes.items()},
        started_on=data.started_on or timezone.localdate(),
        chart_code=data.chart,
        actor=request.user,
    )
    m.refresh_from_db()  # the service worked on its own locked copy
    return Status(201, matter_dict(m, today=timezone.localdate(), with_steps=True))


def _own(model: type[Any], pk: int | None, matter: Matter, label: str) -> Any:
    """A meeting or resolution cited as evidence must be the matter's village's own."""
    if pk is None:
        return None
    obj = model.objects.filter(pk=pk).first()
    region = obj.meeting.region_id if isinstance(obj, Resolution) else getattr(obj, "region_id", None)
    if obj is None or region != matter.region_id:
        raise InvalidInput(f"{label} {pk} 不存在或不属于本村")
    return obj


@router.post("/matters/{matter_id}/steps", response={201: MatterOut, **ERRORS})
def record_step(request: AuthenticatedHttpRequest, matter_id: int, data: StepIn) -> Status:
    """记录下一步。流程不允许时返回 422（或 403：角色不对），`errors` 中列出每条被违反的规则。"""
    m = _matter(request, matter_id)
    documents = list(Document.objects.filter(pk__in=data.document_ids, region_id=m.region_id))
    if len(documents) != len(set(data.document_ids)):
        raise InvalidInput("有材料不存在或不属于本村")
    publicity = (
        (data.publicity_start, data.publicity_end) if data.publicity_start and data.publicity_end else None
    )
    if (data.publicity_start is None) != (data.publicity_end is None):
        raise InvalidInput("公示开始和结束日期须同时填写")
    services.do_record_step(
        m,
        data.step,
        occurred_on=data.occurred_on,
        actor=request.user,
        meeting=_own(Meeting, data.meeting_id, m, "会议"),
        resolution=_own(Resolution, data.resolution_id, m, "决议"),
        documents=documents,
        publicity=publicity,
        note=data.note,
        decision=data.decision,
        person_id=data.person_id,
    )
    m.refresh_from_db()  # the service worked on its own locked copy
    return Status(201, matter_dict(m, today=timezone.localdate(), with_steps=True))


@router.post("/matters/{matter_id}/signoffs", response={201: MatterOut, **ERRORS})
def sign_step(request: AuthenticatedHttpRequest, matter_id: int, data: SignoffIn) -> Status:
    """以某一角色（如村务监督委员会）对尚未记录的步骤签署意见。"""
    m = _matter(request, matter_id)
    services.do_sign_step(
        m, data.step, role=data.role, agreed=data.agreed, opinion=data.opinion, actor=request.user
    )
    m.refresh_from_db()  # the service worked on its own locked copy
    return Status(201, matter_dict(m, today=timezone.localdate(), with_steps=True))


@router.post("/meetings", response={201: MeetingOut, **ERRORS})
def record_meeting(request: AuthenticatedHttpRequest, data: MeetingIn) -> Status:
    """登记会议及表决；是否通过按本县的法定人数与表决规则判定。"""
    village = access.access_region(request.user, data.region, perm=Perm.RECORD_MEETINGS)
    minutes = None
    if data.minutes_id is not None:
        minutes = Document.objects.filter(pk=data.minutes_id, region=village).first()
        if minutes is None:
            raise InvalidInput("会议记录材料不存在或不属于本村")
    meeting = services.do_record_meeting(
        village,
        kind=data.kind,
        subject=data.subject,
        held_on=data.held_on,
        notice_on=data.notice_on,
        expected=data.expected,
        present=data.present,
        votes_for=data.votes_for,
        votes_against=data.votes_against,
        votes_abstain=data.votes_abstain,
        attendees=data.attendees,
        minutes=minutes,
        actor=request.user,
    )
    return Status(201, meeting)


@router.post("/documents", response={201: DocumentOut, **ERRORS})
def upload_document(
    request: AuthenticatedHttpRequest,
    region: Form[str],
    kind: Form[str],
    title: Form[str],
    file: File[UploadedFile],
) -> Status:
    """上传证明材料（PDF、图片、Word、文本），返回其 id 与 SHA-256。"""
    village: Region = access.access_region(request.user, region, perm=Perm.UPLOAD_DOCUMENTS)
    return Status(
        201, services.do_upload_document(village, kind=kind, title=title, upload=file, actor=request.user)
    )
