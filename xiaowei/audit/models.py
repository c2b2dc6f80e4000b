from __future__ import annotations

from django.conf import settings
from django.db import models

from xiaowei.lib.immutable import AppendOnlyModel, ImmutableError


class AppendOnlyError(ImmutableError):
    """Raised by any attempt to change or delete an audit event."""


class AuditEvent(AppendOnlyModel):
    """One change somebody made through a service: who, what, to which object, in which region, the
    values before and after, when and from where. Rows are written only by `audit.log.record()`, inside
    the service's transaction, and never changed: the model refuses updates and deletes, and database
    triggers (migration 0002) refuse them for raw SQL too."""

    at = models.DateTimeField("时间", auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The actor's username at the time (users can be renamed), or "system" for jobs.
    actor_label = models.CharField("操作人", max_length=150)
    action = models.CharField("操作", max_length=100)
    object_type = models.CharField("对象类型", max_length=60)
    object_id = models.CharField("对象", max_length=64)
    region_code = models.CharField("区划", max_length=15, blank=True)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)
    origin = models.CharField("来源", max_length=10)  # web / api / cli / system
    ip = models.GenericIPAddressField("地址", null=True, blank=True)

    immutable_error = AppendOnlyError
    immutable_message = "审计日志只能追加，不能修改或删除"

    class Meta:
        verbose_name = "审计事件"
        verbose_name_plural = "审计事件"
        indexes = [
            models.Index(fields=["region_code", "at"], name="audit_region_at"),
            models.Index(fields=["action", "at"], name="audit_action_at"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_id}"
