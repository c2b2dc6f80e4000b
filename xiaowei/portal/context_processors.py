from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    kiosk = getattr(request, "kiosk", False)
    return {
        "kiosk": kiosk,
        "region_url": "kiosk-region" if kiosk else "portal-region",
        "home_url": "kiosk-home" if kiosk else "portal-home",
        "power_url": "kiosk-power" if kiosk else "portal-power",
        "kiosk_idle_seconds": settings.XIAOWEI_KIOSK_IDLE_SECONDS,
    }
