from django.contrib import admin

from xiaowei.accounts.models import ApiToken, User
from xiaowei.lib.admin import ReadOnlyAdmin


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ("username", "display_name", "is_active", "last_login")
    search_fields = ("username", "display_name")
    exclude = ("password",)


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("hint", "user", "name", "created_at", "last_used_at", "revoked_at")
    exclude = ("digest",)
