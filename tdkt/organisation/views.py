from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render

from tdkt.accounts.models import Role
from tdkt.accounts.scoping import scope_of
from tdkt.audit.services import record
from tdkt.core.pagination import paginate
from tdkt.history.selectors import unit_timeline
from tdkt.people.models import Person

from . import selectors
from .forms import DocumentIdentityForm
from .identity import identity_for
from .models import Unit, UnitDocumentIdentity


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
        Person.objects.filter(unit=unit).order_by("-is_leader", "sort_key", "id"),
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
            "identity": identity_for(unit),
            "identity_can_edit": scope.can_write(unit) and _is_department(scope),
        },
    )


def _is_department(scope) -> bool:
    return scope.is_admin or scope.has_role(Role.EMULATION_DEPT)


def identity_edit(request, unit_code):
    """The emulation department corrects how a unit names itself on its documents."""
    scope = scope_of(request)
    unit = scope.get(Unit.objects, code=unit_code)
    scope.require_write(unit)
    if not _is_department(scope):
        raise PermissionDenied("Chỉ đơn vị làm công tác thi đua, khen thưởng được sửa thể thức.")
    identity = get_object_or_404(UnitDocumentIdentity, unit=unit)
    fields = DocumentIdentityForm.Meta.fields
    before = {name: getattr(identity, name) for name in fields}
    form = DocumentIdentityForm(request.POST or None, instance=identity)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():  # the change and its audit row commit together
            identity = form.save()
            changes = {
                name: [before[name], getattr(identity, name)]
                for name in fields
                if before[name] != getattr(identity, name)
            }
            record(request.user, "organisation.identity_edit", identity, changes)
        messages.success(request, "Đã lưu thể thức văn bản của đơn vị.")
        return redirect("organisation:unit", unit_code=unit.code)
    return render(request, "organisation/identity_form.html", {"unit": unit, "form": form})
