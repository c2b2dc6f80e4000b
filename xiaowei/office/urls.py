from django.urls import path

from xiaowei.office import users, views

urlpatterns = [
    path("", views.home, name="office-home"),
    path("r/<str:code>/", views.region_workspace, name="office-region"),
    path("r/<str:code>/profile/", views.region_profile, name="office-region-profile"),
    path("audit/", views.audit_list, name="office-audit"),
    path("users/", users.user_list, name="office-users"),
    path("users/<str:username>/", users.user_detail, name="office-user"),
    path("users/<str:username>/memberships/<int:pk>/revoke/", users.membership_revoke, name="office-revoke"),
]
