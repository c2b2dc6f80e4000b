from django.contrib import admin

from xiaowei.lib.admin import ReadOnlyAdmin
from xiaowei.regions.models import Membership, Region


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ("user", "role", "region", "title", "created_at")
    list_filter = ("role",)
    search_fields = ("user__username", "region__code", "region__name")
