"""The congress list page (filter, paginated) and its Excel and Word exports."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render

from tdkt.accounts.scoping import scope_of
from tdkt.core.pagination import paginate
from tdkt.organisation.models import Unit

from . import congress
from .models import SubjectKind

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FIRST_YEAR = 2000


def _units(scope):
    """The units offered in the filter: each root of the user's scope and its direct
    children."""
    roots = scope.paths()
    if roots == [""]:
        root = Unit.get_first_root_node()
        roots = [root.path] if root else []
    q = Q(pk__in=[])
    for path in roots:
        q |= Q(path=path) | Q(path__startswith=path, depth=len(path) // Unit.steplen + 1)
    return list(Unit.objects.filter(q, effective_to=None).order_by("path")
                .only("pk", "name", "path", "depth"))


def _year(value, default):
    return int(value) if str(value).isdigit() and FIRST_YEAR <= int(value) <= 2100 else default


def _filter(request, scope, units):
    f = congress.default_filter()
    f.first = _year(request.GET.get("tu_nam"), f.first)
    f.last = _year(request.GET.get("den_nam"), f.last)
    if f.first > f.last:
        f.first, f.last = f.last, f.first
    code = request.GET.get("don_vi", "")
    if code.isdigit():
        f.unit = scope.get(Unit.objects.all(), field="", pk=int(code))
    kind = request.GET.get("doi_tuong", "")
    f.kind = kind if kind in SubjectKind.values else ""
    return f


def congress_list(request):
    scope = scope_of(request)
    if not scope.paths():
        raise PermissionDenied("Tài khoản chưa được phân quyền đơn vị.")
    units = _units(scope)
    f = _filter(request, scope, units)
    qs = congress.exemplars(scope, f)
    export = request.GET.get("xuat", "")
    if export in ("excel", "word"):
        rows = congress.with_awards(qs[:congress.MAX_EXPORT_ROWS], f)
        name = f"danh-sach-dien-hinh-{f.first}-{f.last}"
        if export == "excel":
            response = HttpResponse(congress.to_excel(rows, f), content_type=XLSX)
            response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        else:
            root = f.unit or (units[0] if units else None)
            response = HttpResponse(congress.to_docx(rows, f, root), content_type=DOCX)
            response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
        return response
    page = paginate(request, qs)
    rows = congress.with_awards(page.object_list, f)
    query = request.GET.copy()
    query.pop("trang", None)
    query.pop("xuat", None)
    return render(request, "exemplars/congress.html", {
        "f": f, "page": page, "rows": rows, "units": units, "kinds": SubjectKind.choices,
        "query": query.urlencode(), "title": congress.title_line(f),
    })
