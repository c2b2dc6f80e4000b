from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class KioskMiddleware:
    """Pages under /kiosk/ are the village kiosk (终端查询机) variant: big targets, back home when idle."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # An attribute of our own (read with getattr(request, "kiosk", False)); the stubs know only Django's.
        request.kiosk = request.path.startswith("/kiosk/")  # type: ignore[attr-defined]
        return self.get_response(request)
