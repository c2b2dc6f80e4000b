from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Substr

from xiaowei.regions.models import Region

ID_KEY_LENGTH = 8  # hex digits of the keyed identity hash in the lookup index (32 bits)


class ImportRun(models.Model):
    """One import of a results file (CSV or XLSX), identified by the file's SHA-256 so that running the
    same file again resumes where a crash left it: ``done_rows`` data rows are committed, in batches.
    The row-level report of a refused file is kept in ``errors``. Written by results.importer."""

    class Status(models.TextChoices):
        REFUSED = "refused", "有错误，未导入"
        RUNNING = "running", "导入中"
        DONE = "done", "已完成"

    sha256 = models.CharField(max_length=64, db_index=True)
    filename = models.CharField(max_length=255)
    scope = models.CharField(max_length=15)  # the region whose villages the file may fill
    total_rows = models.PositiveIntegerField(default=0)
    valid_rows = models.PositiveIntegerField(default=0)
    done_rows = models.PositiveIntegerField(default=0)  # data rows (valid or skipped) already handled
    imported = models.PositiveIntegerField(default=0)
    last_id = models.BigIntegerField(default=0)  # the highest result id written by this run so far
    accept_valid = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices)
    errors = models.JSONField(default=list)  # [[row number, message], …], at most 1000
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.filename} ({self.status})"


class ServiceResultQuerySet(models.QuerySet["ServiceResult"]):
    def of_person(self, name: str, hashed_id: str) -> ServiceResultQuerySet:
        """One person's results: by the keyed hash of their identity number (through the result_id_key
        index) and their name."""
        return self.filter(id_key=hashed_id[:ID_KEY_LENGTH], id_hash=hashed_id, person_name=name.strip())


class ServiceResult(models.Model):
    """One approved service result (办事结果): who received what, in which village and category, for
    which period. The identity number is never stored: only its keyed hash (for the person's own lookup)
    and its masked form. Written by results.importer (bulk import) and results.services.do_record_outcome
    (from a 便民服务 matter's approved outcome)."""

    class Status(models.TextChoices):
        ACTIVE = "active", "享受中"
        ENDED = "ended", "已停发"

    # (No index of its own: result_region_recent starts with the region. Every index is written once per
    # imported row, so each one costs the 1.1 M-row import.)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name="村(社区)", db_index=False
    )
    group_name = models.CharField("村民小组", max_length=50, blank=True)
    category = models.CharField("类别", max_length=20)
    person_name = models.CharField("姓名", max_length=50)
    id_hash = models.CharField(max_length=64)
    # The personal lookup's index: the first 8 hex digits of the keyed hash pick out one person's rows
    # and, among 1.1 M, a few hundred others' in all (the full hash and the name are then compared). Keyed
    # hashes land anywhere in their index, so a bulk import rewrites most of its pages in every batch: this
    # index is an eighth of one of the full hash. (With search_entry_region, writing 1.1 M imported rows
    # went from 53 to 41 s.) Computed by the database.
    id_key = models.GeneratedField(
        expression=Substr("id_hash", 1, ID_KEY_LENGTH),
        output_field=models.CharField(max_length=ID_KEY_LENGTH),
        db_persist=True,
    )
    id_masked = models.CharField("身份证号（遮挡）", max_length=20)
    household_size = models.PositiveSmallIntegerField("家庭人口", null=True, blank=True)
    amount_fen = models.BigIntegerField("金额（分）")
    period = models.CharField("期间", max_length=10)  # 2026, 2026-03 or 2026Q1
    basis = models.CharField("依据", max_length=200, blank=True)
    approved_on = models.DateField("批准日期")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.ACTIVE)
    import_run = models.ForeignKey(  # (a run's rows are a range of ids: no index needed)
        ImportRun, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    matter_outcome = models.OneToOneField(  # set when the result comes from a 便民服务 matter
        "matters.MatterOutcome", null=True, blank=True, on_delete=models.PROTECT, related_name="result"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ServiceResultQuerySet.as_manager()

    class Meta:
        verbose_name = "办事结果"
        verbose_name_plural = "办事结果"
        indexes = [
            models.Index(fields=["region", "-id"], name="result_region_recent"),
            models.Index(fields=["category", "region"], name="result_category_region"),
            models.Index(fields=["id_key"], name="result_id_key"),  # (db_index would add a LIKE index)
        ]

    def __str__(self) -> str:
        return f"{self.person_name} {self.category} {self.period}"
