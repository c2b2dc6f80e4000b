from __future__ import annotations

import datetime as dt
from functools import cached_property

from django.conf import settings
from django.db import models

from xiaowei.catalog.charts import CATEGORIES, Item, parse_item
from xiaowei.regions.models import Region


class PowerItem(models.Model):
    """A power on the list (一张清单) across all its versions. `region` is empty for the county list,
    or the township whose 特色清单 it belongs to (it then applies only to villages under it).
    Written by catalog.services."""

    class Category(models.TextChoices):
        MAJOR_DECISION = "major_decision", CATEGORIES["major_decision"]
        ROUTINE = "routine", CATEGORIES["routine"]
        SERVICE = "service", CATEGORIES["service"]

    code = models.CharField("编号", max_length=40, unique=True)
    category = models.CharField("类别", max_length=20, choices=Category.choices)
    region = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="特色清单所属乡镇",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "权力事项"
        verbose_name_plural = "权力事项"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    def version_on(self, day: dt.date) -> PowerItemVersion | None:
        """The version in force on `day` (the latest one whose effective date has come)."""
        return self.versions.filter(effective_from__lte=day).order_by("-effective_from", "-number").first()


class PowerItemVersion(models.Model):
    """One version of an item: its whole definition (name, basis, bodies, flowcharts) exactly as loaded
    or edited. Never changed once written: a change makes the next version ("动态调整"), and matters keep
    the version they started on. Written by catalog.services."""

    item = models.ForeignKey(PowerItem, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField("版本")
    effective_from = models.DateField("生效日期")
    name = models.CharField("名称", max_length=100)
    definition = models.JSONField("定义")
    change_note = models.TextField("修改说明", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "事项版本"
        verbose_name_plural = "事项版本"
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="catalog_version_unique")]
        ordering = ["item__code", "number"]

    def __str__(self) -> str:
        return f"{self.item.code} v{self.number}"

    @cached_property
    def parsed(self) -> Item:
        return parse_item(self.definition)


class CatalogSetting(models.Model):
    """A configuration value for a region and everything under it, e.g. a county's meeting-rule
    overrides ("meeting_rules") or amount bands ("params"). The nearest region up the tree wins.
    Written by catalog.services."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=50)
    value = models.JSONField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "配置"
        verbose_name_plural = "配置"
        constraints = [models.UniqueConstraint(fields=["region", "key"], name="catalog_setting_unique")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.key}"
