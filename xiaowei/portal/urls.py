from django.urls import path

from xiaowei.assets import views as assets_views
from xiaowei.finance import views as finance_views
from xiaowei.portal.views import powers, regions, search
from xiaowei.procurement.views import contractors, ocds
from xiaowei.projects import views as projects_views
from xiaowei.results import views as results_views

urlpatterns = [
    path("", regions.home, name="portal-home"),
    path("r/<str:code>/", regions.region_page, name="portal-region"),
    path("r/<str:code>/powers/", powers.power_list, name="portal-region-powers"),
    path("powers/", powers.power_list, name="portal-powers"),
    path("powers/<str:code>/", powers.power_detail, name="portal-power"),
    path("powers/<str:code>/v/<int:number>/", powers.power_detail, name="portal-power-version"),
    path("powers/<str:code>/charts/<str:chart_code>/", powers.chart_page, name="portal-chart"),
    path("powers/<str:code>/charts/<str:chart_code>.svg", powers.chart_svg, name="portal-chart-svg"),
    path("m/<int:pk>/", powers.matter_public, name="portal-matter"),
    path("contractors/", contractors.contractor_list, name="portal-contractors"),
    path("r/<str:code>/projects/", projects_views.project_list, name="portal-projects"),
    path("r/<str:code>/assets/", assets_views.asset_list, name="portal-assets"),
    path("r/<str:code>/results/", results_views.result_list, name="portal-results"),
    path("results/lookup/", results_views.lookup, name="portal-results-lookup"),
    path("search/", search.search_page, name="portal-search"),
    path("r/<str:code>/finance/", finance_views.finance_page, name="portal-finance"),
    path(
        "r/<str:code>/finance/<str:period>.<str:fmt>",
        finance_views.finance_export,
        name="portal-finance-export",
    ),
    path("finance/attachments/<int:pk>/", finance_views.voucher_attachment, name="voucher-attachment"),
    path("projects/<str:code>/", projects_views.project_page, name="portal-project"),
    path("assets/<str:code>/", assets_views.asset_page, name="portal-asset"),
    path("ocds/v1/releases.json", ocds.releases, name="ocds-releases"),
    path("ocds/v1/records/<str:ocid>.json", ocds.record, name="ocds-record"),
    path("ocds/v1/bulk/<str:code>.json.gz", ocds.bulk, name="ocds-bulk"),
    path("ocds/v1/extensions/disposal/<path:name>", ocds.extension, name="ocds-extension"),
    # /kiosk/…: the same pages in the kiosk layout (KioskMiddleware sets request.kiosk).
    path("kiosk/", regions.home, name="kiosk-home"),
    path("kiosk/r/<str:code>/", regions.region_page, name="kiosk-region"),
    path("kiosk/powers/", powers.power_list, name="kiosk-powers"),
    path("kiosk/powers/<str:code>/", powers.power_detail, name="kiosk-power"),
    path("kiosk/r/<str:code>/projects/", projects_views.project_list, name="kiosk-projects"),
    path("kiosk/r/<str:code>/assets/", assets_views.asset_list, name="kiosk-assets"),
    path("kiosk/r/<str:code>/results/", results_views.result_list, name="kiosk-results"),
    path("kiosk/search/", search.search_page, name="kiosk-search"),
    path("kiosk/r/<str:code>/finance/", finance_views.finance_page, name="kiosk-finance"),
    path("kiosk/projects/<str:code>/", projects_views.project_page, name="kiosk-project"),
    path("kiosk/assets/<str:code>/", assets_views.asset_page, name="kiosk-asset"),
]
