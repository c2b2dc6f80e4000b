from django.urls import path

from xiaowei.disclosure import transparency, views

urlpatterns = [
    path("transparency/v1/checkpoint", transparency.checkpoint, name="tlog-checkpoint"),
    path("transparency/v1/key", transparency.key, name="tlog-key"),
    path("transparency/v1/leaves", transparency.leaves, name="tlog-leaves"),
    path("transparency/v1/proof/inclusion", transparency.inclusion, name="tlog-inclusion"),
    path("transparency/v1/proof/consistency", transparency.consistency, name="tlog-consistency"),
    path("r/<str:code>/disclosure/", views.village_disclosure, name="village-disclosure"),
    path("r/<str:code>/board/<str:period>/", views.board_html, name="board-html"),
    path("r/<str:code>/board/<str:period>.pdf", views.board_pdf, name="board-pdf"),
    path("verify/p/<int:pk>/", views.publication_page, name="verify-publication"),
    path("verify/board/<str:code>/<str:period>/", views.verify_board, name="verify-board"),
    path("open/catalog.jsonld", views.open_catalog, name="open-catalog"),
    path("open/<str:code>/<str:period>/SHA256SUMS", views.open_sums, name="open-sums"),
    path("open/<str:code>/<str:period>.<str:fmt>", views.open_data, name="open-data"),
]
