"""The home page (`/`, URL name core:home): the user's tasks, then the figures their role
watches as charts, then the units in their scope."""

from django.shortcuts import render
from django.utils import timezone

from tdkt.accounts.scoping import scope_of
from tdkt.organisation import selectors as org_selectors

from . import panels, todo


def home(request):
    scope = scope_of(request)
    today = timezone.localdate()
    items = todo.collect(request.user, scope, today)
    overdue, groups = todo.grouped(items, today)
    roots = org_selectors.root_units_for(scope)
    counts = org_selectors.staff_counts()
    return render(
        request,
        "dashboard/home.html",
        {
            "today": today,
            "todo_count": len(items),
            "overdue": overdue,
            "groups": groups,
            "panels": panels.for_user(request.user, scope, today),
            "roots": [(u, counts.get(u.path, 0)) for u in roots],
            "roles": scope.grants,
        },
    )
