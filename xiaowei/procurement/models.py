from __future__ import annotations

from django.conf import settings
from django.db import models

from xiaowei.lib.immutable import AppendOnlyModel
from xiaowei.procurement.categories import Category
from xiaowei.regions.models import Region


class Contractor(models.Model):
    """A contractor or supplier that may bid for village projects and procurement, identified by its unified
    social credit code (GB 32100, checked). Name, code and legal representative are public business
    registration facts; contact details are not shown publicly. Written by procurement.services.

    Moved from the projects app without touching data: the table keeps its name."""

    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True)
    name = models.CharField("名称", max_length=200)
    # What it supplies: one category of projects (the project's and the contractor's must match).
    kind = models.CharField("类别", max_length=10, choices=[(c.value, c.contractor_label) for c in Category])
    legal_person = models.CharField("法定代表人/负责人", max_length=50)
    address = models.CharField("住所", max_length=200, blank=True)
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)  # never shown publicly
    active = models.BooleanField("有效", default=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "projects_contractor"
        verbose_name = "承包商/供应商"
        verbose_name_plural = "承包商/供应商"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OcdsRelease(AppendOnlyModel):
    """One OCDS 1.1 release: the state of one contracting process (a project, or an asset disposal) after
    one stage change, exactly as published (canonical JSON, also a leaf of the transparency log through
    ``publication``). Append-only (database triggers since projects' migration 0003); written by
    procurement.releases.publish_ocds, which projects.services and assets.services call.

    Moved from the projects app without touching data: the table keeps its name."""

    ocid = models.CharField(max_length=100, db_index=True)
    release_id = models.CharField(max_length=140, unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    tag = models.CharField(max_length=30)
    date = models.DateField()
    content = models.TextField()
    publication = models.ForeignKey("disclosure.Publication", on_delete=models.PROTECT, related_name="+")

    class Meta:
        db_table = "projects_ocdsrelease"
        indexes = [models.Index(fields=["region", "id"], name="ocds_region_order")]

    def __str__(self) -> str:
        return self.release_id
