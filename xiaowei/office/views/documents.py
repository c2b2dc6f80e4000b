"""The back office's documents page: a village's evidence files (材料), uploaded and downloaded."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from xiaowei.accounts.http import AuthenticatedHttpRequest
from xiaowei.lib.errors import ServiceError
from xiaowei.lib.forms import add_service_error
from xiaowei.matters import services
from xiaowei.matters.models import Document
from xiaowei.office.forms.documents import DocumentForm
from xiaowei.regions import access
from xiaowei.regions.roles import Perm


@require_http_methods(["GET", "POST"])
@login_required
def documents(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    village = access.access_region(request.user, code, perm=Perm.VIEW_OFFICE)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        access.check_region_code(request.user, code, perm=Perm.UPLOAD_DOCUMENTS)
        if form.is_valid():
            try:
                services.do_upload_document(
                    village,
                    kind=form.cleaned_data["kind"],
                    title=form.cleaned_data["title"],
                    upload=form.cleaned_data["file"],
                    actor=request.user,
                )
            except ServiceError as e:
                add_service_error(form, e)
            else:
                messages.success(request, "材料已上传")
                return redirect("office-documents", code=village.code)
    rows = (
        Document.objects.filter(region=village).select_related("uploaded_by").order_by("-uploaded_at")[:200]
    )
    return render(
        request,
        "office/documents.html",
        {
            "village": village,
            "form": form,
            "documents": rows,
            "can_upload": access.has_perm(request.user, code, Perm.UPLOAD_DOCUMENTS),
        },
    )


@require_safe
@login_required
def document_file(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    doc = access.access_object(request.user, Document.objects.all(), pk, perm=Perm.VIEW_OFFICE)
    # FileResponse encodes a non-ASCII file name properly (RFC 6266 filename*).
    response = FileResponse(
        doc.file.open("rb"),
        content_type=doc.content_type or "application/octet-stream",
        filename=doc.file.name.rsplit("/", 1)[-1],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
