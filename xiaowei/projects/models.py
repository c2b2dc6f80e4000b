from __future__ import annotations

from django.conf import settings
from django.db import models


class Contractor(models.Model):
    """A contractor or supplier that may bid for village projects and procurement, identified by its unified
    social credit code (GB 32100, checked). Name, code and legal representative are public business
    registration facts; contact details are not shown publicly. Written by projects.services."""

    class Kind(models.TextChoices):
        WORKS = "works", "工程施工"
        GOODS = "goods", "货物供应"
        SERVICES = "services", "服务"

    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True)
    name = models.CharField("名称", max_length=200)
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    legal_person = models.CharField("法定代表人/负责人", max_length=50)
    address = models.CharField("住所", max_length=200, blank=True)
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)  # never shown publicly
    active = models.BooleanField("有效", default=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "承包商/供应商"
        verbose_name_plural = "承包商/供应商"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
