from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from xiaowei.lib.origin import origin


class AuditOriginMiddleware:
    """Marks every change made while serving a request with its channel and the client address."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        channel = "api" if request.path.startswith("/api/") else "web"
        with origin(channel, request.META.get("REMOTE_ADDR")):
            return self.get_response(request)
