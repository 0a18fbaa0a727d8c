from django.urls import include, path

# Each bounded area mounts its own URLs under a Vietnamese prefix.
urlpatterns = [
    path("", include("tdkt.accounts.urls")),
    path("", include("tdkt.core.urls")),
    path("don-vi/", include("tdkt.organisation.urls")),
    path("can-bo/", include("tdkt.people.urls")),
    path("nhat-ky/", include("tdkt.audit.urls")),
]
