"""Every API error is JSON: {"code": <stable code>, "message": <Chinese text>, ...}."""

from __future__ import annotations

from typing import Any

from django.http import JsonResponse


def error_response(code: str, message: str, status: int, **extra: Any) -> JsonResponse:
    return JsonResponse(
        {"code": code, "message": message, **extra}, status=status, json_dumps_params={"ensure_ascii": False}
    )
