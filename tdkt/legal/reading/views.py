"""Thin views of read tracking: resolve the scope, fetch through scoped reads, call a service.
The progress tables follow the people scope (officers, heads, the department); a staff
member sees only their own list ("Văn bản cần đọc")."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from tdkt.accounts.scoping import is_dept, require_dept, scope_of
from tdkt.core.pagination import paginate
from tdkt.dashboard.charts import Chart
from tdkt.movements.exports import wants_xlsx, xlsx_response
from tdkt.organisation.models import Unit
from tdkt.people.models import Person

from . import selectors, services
from .forms import AssignForm

NOT_FOUND = "Không tìm thấy hoặc ngoài phạm vi của bạn."


def _people_unit(scope, code: str) -> Unit:
    """A unit whose staff the user follows (officer, head, department), else 404."""
    unit = Unit.objects.filter(code=code).first()
    if unit is None or not scope.covers_people(unit):
        raise Http404(NOT_FOUND)
    return unit


def _assignment(scope, pk: int):
    found = selectors.visible_assignments(scope).filter(pk=pk).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def _doc_label(a) -> str:
    return f"{a.document.get_kind_display()} {a.document.number}"


def mine(request):
    """Văn bản cần đọc: the documents the signed-in person must read, read or not."""
    person = None
    if request.user.person_id:
        person = Person.objects.select_related("unit").filter(pk=request.user.person_id).first()
    rows = selectors.for_person(person) if person else []
    scope = scope_of(request)
    return render(request, "legal/reading/mine.html", {
        "person": person, "page": paginate(request, rows) if person else None,
        "today": timezone.localdate(), "can_follow": bool(scope.people_paths()),
    })


@require_POST
def confirm(request, reading_pk):
    """Tôi đã đọc: only for the signed-in person, only for an assignment given to them."""
    if not request.user.person_id:
        raise Http404(NOT_FOUND)
    person = Person.objects.select_related("unit").get(pk=request.user.person_id)
    a = selectors.for_person(person).filter(pk=reading_pk).first()
    if a is None:
        raise Http404(NOT_FOUND)
    reading, created = services.confirm(request.user, a)
    if created:
        messages.success(request, f"Đã ghi nhận bạn đọc {a.document} lúc "
                                  f"{timezone.localtime(reading.read_at):%H:%M %d/%m/%Y}.")
    else:
        messages.info(request, "Bạn đã xác nhận đọc văn bản này trước đó.")
    return redirect(reverse("legal:document", args=[a.document.code]) + "#giao-doc")


def overview(request):
    """The progress table unit × assignment of the user's subtree (the sector for the
    department), its chart, and its Excel export."""
    scope = scope_of(request)
    roots = scope.people_paths()
    if not roots:
        raise PermissionDenied("Chỉ cán bộ TĐKT, thủ trưởng đơn vị và Vụ TCCB theo dõi "
                               "việc đọc văn bản của đơn vị.")
    code = request.GET.get("don_vi", "").strip()
    root = _people_unit(scope, code) if code else Unit.objects.filter(path__in=roots).order_by(
        "path").first() or Unit.objects.filter(depth=1).first()
    today = timezone.localdate()
    assignments = selectors.for_unit(root, selectors.visible_assignments(scope))
    pic = selectors.picture(root, assignments, today)
    if wants_xlsx(request):
        rows = []
        for row in [*pic.rows]:
            for a, cell in zip(assignments, row.cells, strict=True):
                if cell.applies:
                    rows.append([row.unit.code, row.name, _doc_label(a), a.due_on, cell.read,
                                 cell.total, cell.percent, cell.overdue])
        return xlsx_response(
            f"doc-van-ban-{root.code}.xlsx", f"Tiến độ đọc văn bản — {root.name}",
            ["Mã đơn vị", "Đơn vị", "Văn bản", "Hạn đọc", "Đã đọc", "Số cán bộ được giao",
             "Tỷ lệ đã đọc (%)", "Quá hạn chưa đọc"], rows)
    chart = Chart(
        f"Tiến độ đọc văn bản — {root.name}", [_doc_label(a) for a in assignments],
        [("Đã đọc", [c.read for c in pic.totals]),
         ("Chưa đọc, còn hạn", [c.total - c.read - c.overdue for c in pic.totals]),
         ("Quá hạn chưa đọc", [c.overdue for c in pic.totals])],
        kind="bar", stacked=True, unit="người", category_label="Văn bản")
    trail = [u for u in Unit.objects.filter(path__in=selectors.ancestor_paths(root.path))
             .order_by("path") if scope.covers_people(u)]
    return render(request, "legal/reading/overview.html", {
        "root": root, "pic": pic, "chart": chart, "trail": trail, "today": today,
        "can_assign": is_dept(scope), "cols": list(zip(assignments, pic.totals, strict=True)),
    })


def create(request):
    require_dept(request)
    form = AssignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            a = services.assign(request.user, document=d["document"], due_on=d["due_on"],
                                whole_sector=d["whole_sector"], units=d["units"],
                                note=d["note"])
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, f"Đã giao đọc {a.document}, hạn {a.due_on:%d/%m/%Y}.")
            return redirect("legal:reading_overview")
    return render(request, "legal/reading/create.html", {"form": form})


def unit_people(request, unit_code):
    """Who in the unit's subtree has read what; "Nhắc" for the unit's officer."""
    scope = scope_of(request)
    unit = _people_unit(scope, unit_code)
    today = timezone.localdate()
    assignments = selectors.for_unit(unit, selectors.visible_assignments(scope))
    chosen = None
    pk = request.GET.get("chua_doc", "")
    if pk.isdigit():
        chosen = next((a for a in assignments if a.pk == int(pk)), None)
    q = request.GET.get("q", "").strip()
    page = paginate(request, selectors.people_status(unit, assignments, search=q,
                                                     unread_of=chosen))
    status = selectors.statuses(list(page.object_list), assignments, today)
    pic = selectors.picture(unit, assignments, today)
    return render(request, "legal/reading/unit.html", {
        "unit": unit, "page": page, "q": q, "chosen": chosen, "today": today,
        "rows": [(p, status[p.pk]) for p in page.object_list],
        "cols": list(zip(assignments, pic.totals, strict=True)),
        "can_nudge": scope.can_write(unit),
    })


@require_POST
def nudge(request, reading_pk, unit_code):
    scope = scope_of(request)
    unit = _people_unit(scope, unit_code)
    a = _assignment(scope, reading_pk)
    try:
        n = services.nudge(request.user, a, unit)
    except ValidationError as exc:
        raise Http404(NOT_FOUND) from exc
    if n:
        messages.success(request, f"Đã gửi lời nhắc đến {n} cán bộ chưa đọc {a.document}.")
    else:
        messages.info(request, "Không có ai cần nhắc thêm hôm nay (cán bộ chưa đọc đã được "
                               "nhắc, hoặc chưa có tài khoản trên hệ thống).")
    return redirect("legal:reading_unit", unit_code=unit.code)
