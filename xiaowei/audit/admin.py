from django.contrib import admin

from xiaowei.audit.models import AuditEvent
from xiaowei.lib.admin import ReadOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_label", "action", "object_type", "object_id", "region_code", "origin")
    list_filter = ("origin",)
    search_fields = ("action", "actor_label", "object_id", "region_code")
    date_hierarchy = "at"
