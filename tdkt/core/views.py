from django.http import HttpResponse, JsonResponse
from django.shortcuts import render

from tdkt.accounts.scoping import scope_of
from tdkt.core.pagination import paginate
from tdkt.organisation import selectors as org_selectors
from tdkt.people.models import Person


def search(request):
    scope = scope_of(request)
    q = request.GET.get("q", "").strip()
    people = units = None
    if q:
        people = paginate(
            request,
            scope.filter(Person.objects.search(q))
            .select_related("unit")
            .order_by("sort_key", "id"),
            25,
        )
        units = org_selectors.search_units(scope, q)[:20]
    template = "core/search.html#results" if request.htmx else "core/search.html"
    return render(request, template, {"q": q, "people": people, "units": units})


def ping(request):
    """Liveness: the process answers, nothing else is touched (also the load benchmark's bare
    view, the server's own ceiling)."""
    return HttpResponse("ok", content_type="text/plain")


def healthz(request):
    """Public probe for the proxy and the operator: the database, the task worker's last
    heartbeat, jobs waiting (tdkt.worker.health). 200 while the database answers, else 503."""
    from tdkt.worker.health import health

    report, status = health()
    response = JsonResponse(report, status=status)
    response["Cache-Control"] = "no-store"
    return response
