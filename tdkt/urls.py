from django.urls import include, path

# Each bounded area mounts its own URLs under a Vietnamese prefix. Public pages (no login)
# live under /cong-khai/ (see accounts.middleware.PUBLIC_PREFIXES).
urlpatterns = [
    path("", include("tdkt.accounts.urls")),
    path("", include("tdkt.core.urls")),
    path("don-vi/", include("tdkt.organisation.urls")),
    path("can-bo/", include("tdkt.people.urls")),
    path("nhat-ky/", include("tdkt.audit.urls")),
    path("ho-so/", include("tdkt.history.urls")),
    path("xet-dieu-kien/", include("tdkt.eligibility.urls")),
    path("phong-trao/", include("tdkt.movements.urls")),
    path("khen-thuong/", include("tdkt.nominations.urls")),
    path("van-ban/", include("tdkt.documents.urls")),
    path("kiem-tra/", include("tdkt.inspections.urls")),
    path("bao-cao/", include("tdkt.reports.urls")),
    path("thong-bao/", include("tdkt.notifications.urls")),
    # Before the library: its URLs end in a catch-all <slug:code>/.
    path("phap-luat/cuoc-thi/", include("tdkt.contests.urls")),
    path("phap-luat/", include("tdkt.legal.urls")),
    path("dien-hinh/", include("tdkt.exemplars.urls")),
    path("cong-khai/khen-thuong/", include("tdkt.nominations.public_urls")),
    path("cong-khai/van-ban/", include("tdkt.documents.public_urls")),
    path("cong-khai/phap-luat/cuoc-thi/", include("tdkt.contests.public_urls")),
    path("cong-khai/phap-luat/", include("tdkt.legal.public_urls")),
    path("cong-khai/dien-hinh/", include("tdkt.exemplars.public_urls")),
]
