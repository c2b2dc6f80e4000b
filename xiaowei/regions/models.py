from __future__ import annotations

from django.conf import settings
from django.db import models

from xiaowei.regions.codes import LEVEL_NAMES, under_q
from xiaowei.regions.roles import ROLE_CHOICES


class RegionQuerySet(models.QuerySet["Region"]):
    def under(self, code: str) -> RegionQuerySet:
        """The region `code` and everything below it (one index range scan)."""
        return self.filter(under_q("code", code))


class Region(models.Model):
    """A node of the administrative tree (省 → 市 → 县 → 乡镇 → 村 → 村民小组), keyed by its official code.
    Written by regions.services (CSV import, the demo, and profile edits by the village)."""

    class Level(models.TextChoices):
        PROVINCE = "province", LEVEL_NAMES["province"]
        CITY = "city", LEVEL_NAMES["city"]
        COUNTY = "county", LEVEL_NAMES["county"]
        TOWNSHIP = "township", LEVEL_NAMES["township"]
        VILLAGE = "village", LEVEL_NAMES["village"]
        GROUP = "group", LEVEL_NAMES["group"]

    code = models.CharField("区划代码", max_length=15, primary_key=True)
    name = models.CharField("名称", max_length=60)
    level = models.CharField("层级", max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name="上级"
    )
    # 城乡分类代码 from the statistical table (e.g. 220 村庄); blank when unknown.
    urban_rural = models.CharField("城乡分类", max_length=3, blank=True)

    # The public profile a village keeps up to date (editable through do_update_region_profile).
    intro = models.TextField("简介", blank=True)
    office_address = models.CharField("村委会地址", max_length=200, blank=True)
    office_hours = models.CharField("办公时间", max_length=100, blank=True)
    board_location = models.CharField("公开栏位置", max_length=200, blank=True)

    updated_at = models.DateTimeField(auto_now=True)

    objects = RegionQuerySet.as_manager()

    PROFILE_FIELDS = ("intro", "office_address", "office_hours", "board_location")

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def ancestors(self) -> list[Region]:
        """From the top of the tree down to the parent (one query)."""
        codes = [self.code[:n] for n in (2, 4, 6, 9, 12) if n < len(self.code)]
        found = {r.code: r for r in Region.objects.filter(code__in=codes)}
        return [found[c] for c in codes if c in found]

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES[self.level]


class Membership(models.Model):
    """User × role × region: `user` acts as `role` on `region` and everything under it. This is the only
    source of anyone's rights; access.py reads it. Written by accounts/regions services."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField("角色", max_length=30, choices=ROLE_CHOICES)
    title = models.CharField("职务", max_length=50, blank=True)  # e.g. 村党支部书记, 报账员
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "角色任职"
        verbose_name_plural = "角色任职"
        constraints = [
            models.UniqueConstraint(fields=["user", "region", "role"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.region}"
