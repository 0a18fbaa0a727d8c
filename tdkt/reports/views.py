"""Reviews (sơ kết, tổng kết) at /bao-cao/: write a report from the data, issue a call,
send a unit's report, track who has sent, remind, consolidate. Views are thin; every object
is fetched through the user's scope."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tdkt.accounts.models import WRITE_ROLES, Role
from tdkt.accounts.scoping import scope_of
from tdkt.core.pagination import paginate
from tdkt.organisation.models import Unit

from . import docx, figures, selectors, services
from .forms import CallForm, GenerateForm, SendForm, TrackingFilter
from .models import ReviewCall, ReviewKind, UnitReport

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _default_root(scope):
    roots = scope.paths()
    if not roots:
        raise PermissionDenied("Tài khoản chưa được phân quyền đơn vị.")
    if roots == [""]:
        return Unit.get_first_root_node()
    return Unit.objects.filter(path__in=roots).order_by("path").first()


def _is_department(scope) -> bool:
    return scope.has_role(Role.EMULATION_DEPT)


def index(request):
    scope = scope_of(request)
    root = _default_root(scope)
    today = timezone.localdate()
    form = GenerateForm(initial={"don_vi": root.code if root else "", "nam": today.year - 1,
                                 "loai": ReviewKind.YEAREND})
    calls = paginate(request, selectors.visible_calls(scope))
    return render(request, "reports/index.html", {
        "form": form, "calls": calls, "can_call": _is_department(scope)
        and bool(scope.paths(WRITE_ROLES)), "root": root})


def generate(request):
    """The report for a unit subtree, year and kind, as .docx."""
    scope = scope_of(request)
    form = GenerateForm(request.GET)
    if not form.is_valid():
        root = _default_root(scope)
        return render(request, "reports/index.html", {
            "form": form, "calls": paginate(request, selectors.visible_calls(scope)),
            "can_call": _is_department(scope), "root": root}, status=400)
    code = form.cleaned_data["don_vi"] or _default_root(scope).code
    root = scope.get(Unit.objects.all(), code=code)
    year, kind = form.cleaned_data["nam"], form.cleaned_data["loai"]
    content = docx.build(root, figures.gather(root, year, kind))
    prefix = "So ket" if kind == ReviewKind.MIDYEAR else "Tong ket"
    return _docx(content, f"{prefix} TDKT {year} {root.code}.docx")


def call_new(request):
    scope = scope_of(request)
    if not _is_department(scope):
        raise PermissionDenied("Chỉ Thường trực Hội đồng (Vụ TCCB) yêu cầu các đơn vị báo cáo.")
    issuer = _default_root(scope)
    scope.require_write(issuer)
    today = timezone.localdate()
    form = CallForm(request.POST or None, initial={
        "year": today.year, "kind": ReviewKind.YEAREND,
        "kinds": ["provincial_justice_dept", "provincial_enforcement_office"]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        units = Unit.objects.filter(path__startswith=issuer.path, kind__in=data["kinds"]) \
            .exclude(pk=issuer.pk)
        try:
            call = services.create_call(
                request.user, issuer=issuer, year=data["year"], kind=data["kind"],
                title=data["title"], due_on=data["due_on"], units=units, note=data["note"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Đã yêu cầu {call.reports.count()} đơn vị báo cáo.")
            return redirect("reports:call", call.pk)
    return render(request, "reports/call_new.html", {"form": form, "issuer": issuer})


def _call(scope, pk):
    """(call, issued_by_me). 404 unless the user issued it or must answer it."""
    calls = ReviewCall.objects.select_related("issuer")
    call = calls.filter(pk=pk).filter(scope.unit_q("issuer")).first()
    if call is not None:
        return call, True
    if UnitReport.objects.filter(call_id=pk).filter(scope.unit_q("unit")).exists():
        return calls.get(pk=pk), False
    raise Http404("Không tìm thấy hoặc ngoài phạm vi của bạn.")


def call_detail(request, call_pk):
    scope = scope_of(request)
    call, issued = _call(scope, call_pk)
    if issued:
        flt = TrackingFilter(request.GET or None)
        status = text = ""
        if flt.is_valid():
            status, text = flt.cleaned_data["trang_thai"], flt.cleaned_data["q"]
        page = paginate(request, selectors.tracking(call, status, text))
        return render(request, "reports/call_tracking.html", {
            "call": call, "page": page, "filter": flt, "summary": selectors.summary(call),
            "end": selectors.deadline_end(call), "can_write": scope.can_write(call.issuer)})
    mine = scope.filter(UnitReport.objects.filter(call=call).select_related("unit"))
    return render(request, "reports/call_unit.html", {
        "call": call, "reports": mine, "form": SendForm(),
        "end": selectors.deadline_end(call), "today": timezone.localdate()})


@require_POST
def call_remind(request, call_pk):
    scope = scope_of(request)
    call = scope.get(ReviewCall.objects.all(), pk=call_pk)
    scope.require_write(call.issuer)
    n = services.remind(request.user, call)
    messages.success(request, f"Đã nhắc {n} đơn vị chưa gửi báo cáo." if n
                     else "Mọi đơn vị đã gửi báo cáo.")
    return redirect("reports:call", call.pk)


def call_consolidate(request, call_pk):
    """The sector (issuer) report from the data plus the list of received unit reports."""
    scope = scope_of(request)
    call = scope.get(ReviewCall.objects.select_related("issuer"), pk=call_pk)
    rows = UnitReport.objects.filter(call=call).select_related("unit").order_by("unit__path")
    end = selectors.deadline_end(call)
    received = [{"unit": r.unit.name, "sent": timezone.localtime(r.sent_at).strftime("%d/%m/%Y"),
                 "late": r.sent_at >= end} for r in rows if r.sent_at]
    missing = [r.unit.name for r in rows if not r.sent_at]
    content = docx.build(call.issuer, figures.gather(call.issuer, call.year, call.kind),
                         received=received, missing=missing)
    return _docx(content, f"Bao cao tong hop {call.year} {call.issuer.code}.docx")


@require_POST
def report_send(request, report_pk):
    scope = scope_of(request)
    report = scope.get(UnitReport.objects.select_related("call", "unit"), pk=report_pk)
    scope.require_write(report.unit)
    form = SendForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.send_report(request.user, report, form.cleaned_data["file"],
                                 form.cleaned_data["note"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"Đã gửi báo cáo của {report.unit.name}.")
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("reports:call", report.call_id)


def _report_for_reader(scope, pk) -> UnitReport:
    """A unit report readable by its own unit or by the call's issuer."""
    qs = UnitReport.objects.select_related("call", "unit", "call__issuer")
    report = qs.filter(pk=pk).filter(scope.unit_q("unit") | scope.unit_q("call__issuer")).first()
    if report is None:
        raise Http404("Không tìm thấy hoặc ngoài phạm vi của bạn.")
    return report


def report_file(request, report_pk):
    report = _report_for_reader(scope_of(request), report_pk)
    if not report.file:
        raise Http404("Đơn vị chưa gửi tệp báo cáo.")
    return FileResponse(report.file.open("rb"), as_attachment=True, filename=report.filename)


def report_draft(request, report_pk):
    """The unit's report written from the data, for its officer to complete and send."""
    scope = scope_of(request)
    report = scope.get(UnitReport.objects.select_related("call", "unit"), pk=report_pk)
    content = docx.build(report.unit, figures.gather(report.unit, report.call.year,
                                                     report.call.kind))
    return _docx(content, f"Bao cao {report.call.year} {report.unit.code}.docx")


