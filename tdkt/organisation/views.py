from django.shortcuts import render

from tdkt.accounts.scoping import scope_of
from tdkt.core.pagination import paginate
from tdkt.history.selectors import unit_timeline
from tdkt.people.models import Person

from . import selectors
from .models import Unit


def tree(request):
    scope = scope_of(request)
    counts = selectors.staff_counts()
    roots = selectors.root_units_for(scope)
    return render(
        request, "organisation/tree.html", {"nodes": [(u, counts.get(u.path, 0)) for u in roots]}
    )


def tree_children(request, unit_code):
    scope = scope_of(request)
    unit = scope.get(Unit.objects, code=unit_code)
    counts = selectors.staff_counts()
    nodes = [(u, counts.get(u.path, 0)) for u in selectors.children_of(unit)]
    return render(request, "organisation/tree.html#nodes", {"nodes": nodes})


def unit_detail(request, unit_code):
    scope = scope_of(request)
    unit = scope.get(Unit.objects.select_related("successor"), code=unit_code)
    counts = selectors.staff_counts()
    show_historic = request.GET.get("lich_su") == "1"
    children = [(u, counts.get(u.path, 0)) for u in selectors.children_of(unit, show_historic)]
    members = paginate(
        request,
        Person.objects.filter(unit=unit).order_by("-is_leader", "full_name", "id"),
    )
    return render(
        request,
        "organisation/unit_detail.html",
        {
            "unit": unit,
            "ancestors": [a for a in selectors.ancestors(unit) if scope.covers(a)],
            "children": children,
            "subtree_count": counts.get(unit.path, 0),
            "members": members,
            # staff read the directory but open only their own record (accounts.scoping)
            "open_members": scope.covers_people(unit),
            "memberships": selectors.cluster_memberships(unit),
            "predecessors": unit.predecessors.all(),
            "show_historic": show_historic,
            "unit_history_rows": unit_timeline(unit),
            "history_can_edit": scope.can_write(unit),
        },
    )
