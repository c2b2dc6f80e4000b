"""The transparency log over HTTP (/transparency/v1/): checkpoint, leaves, inclusion and consistency
proofs, as plain responses any client can verify with RFC 9162 and the C2SP note format."""

from __future__ import annotations

import base64
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_safe

from xiaowei.disclosure import log
from xiaowei.disclosure.models import Publication
from xiaowei.disclosure.services import leaf_bytes

MAX_LEAVES = 1000


def _error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse(
        {"code": "bad_request" if status == 400 else "not_found", "message": message},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def _ints(request: HttpRequest, *names: str) -> list[int] | JsonResponse:
    values = []
    for name in names:
        raw = request.GET.get(name, "")
        if not raw.isdigit() or len(raw) > 15:
            return _error(f"参数 {name} 应为非负整数")
        values.append(int(raw))
    return values


def _json(data: dict[str, Any]) -> JsonResponse:
    response = JsonResponse(data)
    response["Cache-Control"] = "public, max-age=60"
    return response


@require_safe
def checkpoint(request: HttpRequest) -> HttpResponse:
    cp = log.latest_checkpoint()
    if cp is None:
        return _error("日志还是空的，尚无检查点", 404)
    response = HttpResponse(log.checkpoint_text(cp), content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def key(request: HttpRequest) -> HttpResponse:
    return HttpResponse(log.verifier_key() + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def leaves(request: HttpRequest) -> JsonResponse:
    parsed = _ints(request, "start", "end")
    if isinstance(parsed, JsonResponse):
        return parsed
    start, end = parsed
    size = log.current_size()
    if not start < end <= size:
        return _error(f"应满足 0 ≤ start < end ≤ {size}（当前日志长度）")
    end = min(end, start + MAX_LEAVES)
    rows = Publication.objects.filter(leaf_index__gte=start, leaf_index__lt=end).order_by("leaf_index")
    return _json(
        {
            "leaves": [
                {"index": p.leaf_index, "publication": p.pk, "data": base64.b64encode(leaf_bytes(p)).decode()}
                for p in rows
            ]
        }
    )


@require_safe
def inclusion(request: HttpRequest) -> JsonResponse:
    parsed = _ints(request, "index", "size")
    if isinstance(parsed, JsonResponse):
        return parsed
    index, size = parsed
    if not index < size <= log.current_size():
        return _error(f"应满足 index < size ≤ {log.current_size()}")
    return _json({"index": index, "size": size, "hashes": [log.b64(h) for h in log.inclusion(index, size)]})


@require_safe
def consistency(request: HttpRequest) -> JsonResponse:
    parsed = _ints(request, "first", "second")
    if isinstance(parsed, JsonResponse):
        return parsed
    first, second = parsed
    if not 0 < first <= second <= log.current_size():
        return _error(f"应满足 0 < first ≤ second ≤ {log.current_size()}")
    return _json(
        {"first": first, "second": second, "hashes": [log.b64(h) for h in log.consistency(first, second)]}
    )
