from django.urls import path

from xiaowei.office import assets, projects, records
from xiaowei.office.views import audit, catalog, disclosure, finance, home, matters, regions, users
from xiaowei.procurement import contractor_views

urlpatterns = [
    path("", home.home, name="office-home"),
    path("r/<str:code>/", regions.region_workspace, name="office-region"),
    path("r/<str:code>/profile/", regions.region_profile, name="office-region-profile"),
    path("audit/", audit.audit_list, name="office-audit"),
    path("matters/", matters.matter_list, name="office-matters"),
    path("matters/<int:pk>/", matters.matter_detail, name="office-matter"),
    path("matters/<int:pk>/step/", matters.matter_step, name="office-matter-step"),
    path("matters/<int:pk>/sign/", matters.matter_sign, name="office-matter-sign"),
    path("matters/<int:pk>/withdraw/", matters.matter_withdraw, name="office-matter-withdraw"),
    path("r/<str:code>/matters/new/", matters.matter_new, name="office-matter-new"),
    path("r/<str:code>/meetings/", records.meetings, name="office-meetings"),
    path("meetings/<int:pk>/resolution/", records.resolution_new, name="office-resolution-new"),
    path("r/<str:code>/documents/", records.documents, name="office-documents"),
    path("documents/<int:pk>/", records.document_file, name="office-document"),
    path("r/<str:code>/seals/", records.seals, name="office-seals"),
    path("r/<str:code>/disclosure/", disclosure.drafts, name="office-drafts"),
    path("drafts/<int:pk>/review/", disclosure.draft_review, name="office-draft-review"),
    path("drafts/<int:pk>/publish/", disclosure.draft_publish, name="office-draft-publish"),
    path("disclosure/schedule/", disclosure.schedule_page, name="office-schedule"),
    path("contractors/", contractor_views.contractor_register, name="office-contractors"),
    path("r/<str:code>/projects/", projects.project_list, name="office-projects"),
    path("projects/<str:code>/", projects.project_workspace, name="office-project"),
    path("signoffs/", projects.signoff_queue, name="office-signoffs"),
    path("r/<str:code>/assets/", assets.asset_list, name="office-assets"),
    path("assets/<str:code>/", assets.asset_workspace, name="office-asset"),
    path("r/<str:code>/vouchers/", finance.voucher_list, name="office-vouchers"),
    path("r/<str:code>/vouchers/new/", finance.voucher_new, name="office-voucher-new"),
    path("vouchers/queue/", finance.voucher_queue, name="office-voucher-queue"),
    path("vouchers/<int:pk>/", finance.voucher_workspace, name="office-voucher"),
    path("r/<str:code>/finance/months/", finance.finance_months, name="office-finance-months"),
    path("catalog/", catalog.catalog_home, name="office-catalog"),
    path("catalog/<str:code>/edit/", catalog.catalog_edit, name="office-catalog-edit"),
    path("r/<str:code>/catalog/new/", catalog.catalog_new_local, name="office-catalog-new-local"),
    path("users/", users.user_list, name="office-users"),
    path("users/<str:username>/", users.user_detail, name="office-user"),
    path("users/<str:username>/memberships/<int:pk>/revoke/", users.membership_revoke, name="office-revoke"),
]
