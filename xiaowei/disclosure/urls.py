from django.urls import path

from xiaowei.disclosure.views import publications, transparency

urlpatterns = [
    path("transparency/v1/checkpoint", transparency.checkpoint, name="tlog-checkpoint"),
    path("transparency/v1/key", transparency.key, name="tlog-key"),
    path("transparency/v1/leaves", transparency.leaves, name="tlog-leaves"),
    path("transparency/v1/proof/inclusion", transparency.inclusion, name="tlog-inclusion"),
    path("transparency/v1/proof/consistency", transparency.consistency, name="tlog-consistency"),
    path("r/<str:code>/disclosure/", publications.village_disclosure, name="village-disclosure"),
    path("r/<str:code>/board/<str:period>/", publications.board_html, name="board-html"),
    path("r/<str:code>/board/<str:period>.pdf", publications.board_pdf, name="board-pdf"),
    path("verify/p/<int:pk>/", publications.publication_page, name="verify-publication"),
    path("verify/board/<str:code>/<str:period>/", publications.verify_board, name="verify-board"),
    path("open/catalog.jsonld", publications.open_catalog, name="open-catalog"),
    path("open/<str:code>/<str:period>/SHA256SUMS", publications.open_sums, name="open-sums"),
    path("open/<str:code>/<str:period>.<str:fmt>", publications.open_data, name="open-data"),
]
