from django.urls import path

from xiaowei.portal import powers, views
from xiaowei.projects import views as contractor_views

urlpatterns = [
    path("", views.home, name="portal-home"),
    path("r/<str:code>/", views.region_page, name="portal-region"),
    path("r/<str:code>/powers/", powers.power_list, name="portal-region-powers"),
    path("powers/", powers.power_list, name="portal-powers"),
    path("powers/<str:code>/", powers.power_detail, name="portal-power"),
    path("powers/<str:code>/v/<int:number>/", powers.power_detail, name="portal-power-version"),
    path("powers/<str:code>/charts/<str:chart_code>/", powers.chart_page, name="portal-chart"),
    path("powers/<str:code>/charts/<str:chart_code>.svg", powers.chart_svg, name="portal-chart-svg"),
    path("m/<int:pk>/", powers.matter_public, name="portal-matter"),
    path("contractors/", contractor_views.contractor_list, name="portal-contractors"),
    # /kiosk/…: the same pages in the kiosk layout (KioskMiddleware sets request.kiosk).
    path("kiosk/", views.home, name="kiosk-home"),
    path("kiosk/r/<str:code>/", views.region_page, name="kiosk-region"),
    path("kiosk/powers/", powers.power_list, name="kiosk-powers"),
    path("kiosk/powers/<str:code>/", powers.power_detail, name="kiosk-power"),
]
