"""Reading regions for pages."""

from __future__ import annotations

from django.http import Http404

from xiaowei.regions.models import Region


def region_or_404(code: str) -> Region:
    """The region with its parent loaded, for a public page under it; 404 (没有这个区划) if there is none."""
    region = Region.objects.select_related("parent").filter(code=code).first()
    if region is None:
        raise Http404("没有这个区划")
    return region
