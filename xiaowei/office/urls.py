from django.urls import path

from xiaowei.office import views

urlpatterns = [
    path("", views.home, name="office-home"),
    path("r/<str:code>/", views.region_workspace, name="office-region"),
    path("r/<str:code>/profile/", views.region_profile, name="office-region-profile"),
    path("audit/", views.audit_list, name="office-audit"),
]
