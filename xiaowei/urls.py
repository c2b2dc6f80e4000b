from django.contrib import admin
from django.urls import include, path

from xiaowei.api.urls import api

urlpatterns = [
    path("", include("xiaowei.portal.urls")),
    path("", include("xiaowei.disclosure.urls")),
    path("accounts/", include("xiaowei.accounts.urls")),
    path("office/", include("xiaowei.office.urls")),
    path("api/v1/", api.urls),
    # Django's admin is for the operator's superuser (configuration); day-to-day work goes through /office/.
    path("django-admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

handler404 = "xiaowei.handlers.not_found"
handler403 = "xiaowei.handlers.forbidden"
handler500 = "xiaowei.handlers.server_error"
