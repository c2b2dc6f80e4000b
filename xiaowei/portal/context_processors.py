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
        "projects_url": "kiosk-projects" if kiosk else "portal-projects",
        "assets_url": "kiosk-assets" if kiosk else "portal-assets",
        "results_url": "kiosk-results" if kiosk else "portal-results",
        "finance_url": "kiosk-finance" if kiosk else "portal-finance",
        "project_url": "kiosk-project" if kiosk else "portal-project",
        "asset_url": "kiosk-asset" if kiosk else "portal-asset",
        "home_region": settings.XIAOWEI_HOME_REGION,
        "kiosk_idle_seconds": settings.XIAOWEI_KIOSK_IDLE_SECONDS,
    }
