from __future__ import annotations

from django.conf import settings
from django.db import models

from xiaowei.lib.immutable import AppendOnlyModel, ImmutableError
from xiaowei.regions.models import Region

__all__ = ["ImmutableError"]

USER = settings.AUTH_USER_MODEL


class _AppendOnly(AppendOnlyModel):
    immutable_message = "已公开的内容不能修改或删除；请发布更正"

    class Meta:
        abstract = True


class Publication(_AppendOnly):
    """One published snapshot: exactly what was disclosed, as canonical JSON (RFC 8785), and its place in
    the transparency log (`leaf_index`). Never changed or deleted (model guard and database triggers); a
    correction is a new publication that points at the one it corrects, and both stay visible.
    Written only by disclosure.services.publish()."""

    class Kind(models.TextChoices):
        MATTER_STEP = "matter_step", "事项公开"
        VILLAGE_AFFAIRS = "village_affairs", "村务公开"
        FINANCE = "finance", "财务公开"
        SERVICE_RESULT = "service_result", "办事结果公示"
        PROJECT = "project", "工程项目"
        ASSET = "asset", "资产资源"
        OTHER = "other", "其他公开"

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="区划")
    kind = models.CharField("类别", max_length=30, choices=Kind.choices)
    title = models.CharField("标题", max_length=200)
    period = models.CharField("期间", max_length=10, blank=True)  # 2026-03, 2026Q1, or blank (随时公开)
    subject_type = models.CharField(max_length=60, blank=True)
    subject_id = models.CharField(max_length=64, blank=True)
    content = models.TextField("内容（规范化 JSON）")
    content_sha256 = models.CharField(max_length=64)
    corrects = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
        verbose_name="更正对象",
    )
    published_at = models.DateTimeField("公开时间")
    published_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    display_until = models.DateField("公示截止", null=True, blank=True)
    leaf_index = models.BigIntegerField("日志序号", unique=True)

    class Meta:
        verbose_name = "公开记录"
        verbose_name_plural = "公开记录"
        indexes = [
            models.Index(fields=["region", "period"], name="publication_region_period"),
            models.Index(fields=["region", "published_at"], name="publication_region_at"),
            models.Index(fields=["subject_type", "subject_id"], name="publication_subject"),
        ]

    def __str__(self) -> str:
        return self.title


class LogNode(_AppendOnly):
    """The hash of one perfect subtree of the transparency log (RFC 9162 §2.1): `key` packs
    (level << 48) | index; level 0 holds the leaf hashes. Appending a leaf adds the nodes it completes.
    Written only by disclosure.log."""

    key = models.BigIntegerField(primary_key=True)
    hash = models.BinaryField(max_length=32)

    class Meta:
        verbose_name = "日志节点"
        verbose_name_plural = "日志节点"

    def __str__(self) -> str:
        return f"{self.key >> 48}/{self.key & ((1 << 48) - 1)}"


class Checkpoint(_AppendOnly):
    """A signed checkpoint (C2SP tlog-checkpoint in a signed note) of the log at `size`.
    Written by disclosure.log after every append."""

    size = models.BigIntegerField(unique=True)
    root = models.BinaryField(max_length=32)
    note = models.TextField()  # the signed note, as served (without witness cosignatures)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "检查点"
        verbose_name_plural = "检查点"

    def __str__(self) -> str:
        return f"checkpoint {self.size}"


class Witness(models.Model):
    """An independent cosigner of checkpoints, e.g. a township or the county 纪委, with its public key.
    Its private key never enters this system's database. Written by `xiaowei log witness add`."""

    name = models.CharField(max_length=100, unique=True)
    vkey = models.CharField(max_length=300)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "见证方"
        verbose_name_plural = "见证方"

    def __str__(self) -> str:
        return self.name


class Cosignature(_AppendOnly):
    """A witness's cosignature line on a checkpoint (C2SP tlog-cosignature).
    Written by `xiaowei log cosign`."""

    checkpoint = models.ForeignKey(Checkpoint, on_delete=models.PROTECT, related_name="cosignatures")
    witness = models.ForeignKey(Witness, on_delete=models.PROTECT, related_name="+")
    line = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "见证签名"
        verbose_name_plural = "见证签名"
        constraints = [models.UniqueConstraint(fields=["checkpoint", "witness"], name="cosignature_unique")]

    def __str__(self) -> str:
        return f"{self.witness} @ {self.checkpoint.size}"


class Draft(models.Model):
    """Something a village prepares for publication: the cadre drafts it, the 村务监督委员会 reviews and
    signs (or sends it back with an opinion), then it is published. Written by disclosure.services."""

    class Status(models.TextChoices):
        DRAFT = "draft", "待审核"
        SIGNED = "signed", "监委已签署"
        RETURNED = "returned", "退回修改"
        PUBLISHED = "published", "已公开"

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30, choices=Publication.Kind.choices)
    title = models.CharField("标题", max_length=200)
    period = models.CharField("期间", max_length=10, blank=True)
    lines = models.JSONField("条目", default=list)  # [{"text": …, "amount": …, "note": …}]
    display_days = models.PositiveIntegerField("公示天数", default=0)
    corrects = models.ForeignKey(
        Publication, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    correction_reason = models.TextField("更正原因", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    signed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    opinion = models.TextField("审核意见", blank=True)
    publication = models.OneToOneField(
        Publication, null=True, blank=True, on_delete=models.PROTECT, related_name="draft"
    )

    class Meta:
        verbose_name = "公开草稿"
        verbose_name_plural = "公开草稿"

    def __str__(self) -> str:
        return self.title
