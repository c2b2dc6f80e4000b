from django.urls import path

from xiaowei.portal import views

urlpatterns = [
    path("", views.home, name="portal-home"),
    path("r/<str:code>/", views.region_page, name="portal-region"),
    # /kiosk/…: the same pages in the kiosk layout (KioskMiddleware sets request.kiosk).
    path("kiosk/", views.home, name="kiosk-home"),
    path("kiosk/r/<str:code>/", views.region_page, name="kiosk-region"),
]
