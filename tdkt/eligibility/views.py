from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from tdkt.accounts.models import Role
from tdkt.accounts.scoping import scope_of
from tdkt.core.pagination import paginate
from tdkt.legal.links import library_for
from tdkt.organisation import selectors as org_selectors
from tdkt.organisation.models import Unit
from tdkt.people.models import Person
from tdkt.worker.jobs import STALE_REASON, reap_stale_jobs

from . import selectors, services
from .catalogue import all_versions, check_labels, evaluator
from .exports import due_list_workbook
from .forms import CatalogueVersionForm, CheckForm, DueListFilter, InterpretationForm
from .models import Sweep, SweepStatus


def default_year() -> int:
    """The latest year whose ratings are complete: the year before the current one."""
    return timezone.localdate().year - 1


def _unit_for(request, scope):
    code = request.GET.get("don_vi") or request.POST.get("don_vi")
    if code:
        return scope.get(Unit.objects, code=code)
    roots = org_selectors.root_units_for(scope)
    if not roots:
        raise Http404("Tài khoản chưa được giao phạm vi đơn vị nào.")
    return roots[0]


def due_list(request):
    scope = scope_of(request)
    unit = _unit_for(request, scope)
    filters = DueListFilter(request.GET or None)
    filters.is_valid()
    data = filters.cleaned_data if filters.is_bound else {}
    year = data.get("nam") or default_year()
    sweep = selectors.latest_sweep(unit, year)
    entries = counts = page = None
    if sweep:
        chosen = (data.get("danh_hieu"), data.get("loai"), data.get("uu_tien"))
        entries = selectors.due_entries(sweep, unit, *chosen)
        if not scope.covers_people(unit):  # staff: their own entries only, not colleagues'
            entries = scope.filter(entries)
            page = paginate(request, entries)
        else:  # the whole list: page through its cached order, fetch only the page's rows
            page = paginate(request, selectors.due_entry_ids(sweep, unit, *chosen))
            page.object_list = selectors.entries_in_order(page.object_list)
        counts = selectors.due_counts(sweep, unit)
        library_for(request)  # the citations' library, read once whatever the page shows
    if request.GET.get("xuat") == "excel" and sweep:
        names = {code: evaluator().version_for(sweep.as_of).name(code) for code in counts}
        response = HttpResponse(
            due_list_workbook(entries, sweep, unit, names),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="danh-sach-du-dieu-kien-{year}-{unit.code}.xlsx"'
        )
        return response
    version = evaluator().version_for(sweep.as_of if sweep else services.default_as_of(year))
    context = {
        "unit": unit,
        "year": year,
        "filters": filters if filters.is_bound else DueListFilter(initial={"nam": year}),
        "sweep": sweep,
        "running": selectors.running_sweep(unit, year),
        "entries": page,
        "counts": [(code, version.name(code), c) for code, c in sorted((counts or {}).items())],
        "names": {code: version.name(code) for code in version.awards},
        "can_sweep": scope.can_write(unit),
        "query": request.GET.urlencode(),
    }
    return render(request, "eligibility/due_list.html", context)


@require_POST
def sweep_start(request):
    scope = scope_of(request)
    unit = _unit_for(request, scope)
    scope.require_write(unit)
    try:
        year = int(request.POST.get("nam", default_year()))
        sweep = services.start_sweep(request.user, unit, year)
    except (ValueError, ValidationError) as exc:
        messages.error(request, getattr(exc, "messages", ["Năm xét không hợp lệ."])[0])
        return redirect(f"{reverse('eligibility:due_list')}?don_vi={unit.code}")
    messages.success(request, f"Đã bắt đầu rà soát năm {sweep.year} cho {unit.name}.")
    return redirect("eligibility:sweep", sweep_pk=sweep.pk)


def sweep_detail(request, sweep_pk):
    scope = scope_of(request)
    sweep = scope.get(Sweep.objects.select_related("root"), pk=sweep_pk)
    if sweep.status == SweepStatus.RUNNING and reap_stale_jobs(job=sweep).get("sweep"):
        sweep.refresh_from_db()  # its worker died
    template = "eligibility/sweep.html#progress" if request.htmx else "eligibility/sweep.html"
    return render(request, template, {"sweep": sweep, "can_retry": scope.can_write(sweep.root),
                                      "stale_reason": STALE_REASON})


@require_POST
def sweep_retry(request, sweep_pk):
    scope = scope_of(request)
    sweep = scope.get(Sweep.objects.select_related("root"), pk=sweep_pk)
    scope.require_write(sweep.root)
    try:
        services.retry_sweep(request.user, sweep)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, f"Đã chạy lại rà soát năm {sweep.year}.")
    return redirect("eligibility:sweep", sweep_pk=sweep.pk)


def _check_page(request, subject, *, collective: bool, unit: Unit):
    form = CheckForm(request.GET or None, collective=collective, default_year=default_year())
    result = catalogue = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        evaluate = services.evaluate_unit if collective else services.evaluate_person
        result = evaluate(subject, data["award"], data["year"], data["as_of"], data["attested"])
        catalogue = evaluator().version_for(result.as_of)
    return render(
        request,
        "eligibility/check.html",
        {
            "subject": subject,
            "collective": collective,
            "unit": unit,
            "form": form,
            "result": result,
            "catalogue": catalogue,
            "award_name": catalogue.name(result.award) if result else "",
            "labels": check_labels(catalogue, result.award) if result else {},
            "readings": catalogue.readings if catalogue else {},
            "notes": [w for w in result.warnings if w not in catalogue.warnings] if result else [],
        },
    )


def person_check(request, person_pk):
    person = scope_of(request).get(Person.objects.select_related("unit"), pk=person_pk)
    return _check_page(request, person, collective=False, unit=person.unit)


def unit_check(request, unit_code):
    unit = scope_of(request).get(Unit.objects, code=unit_code)
    return _check_page(request, unit, collective=True, unit=unit)


def catalogue(request):
    versions = all_versions()
    chosen = request.GET.get("phien_ban")
    if chosen:
        version = next((v for v, _ in versions if v.version == chosen), None)
        if version is None:
            raise Http404("Không có phiên bản danh mục này.")
    else:
        version = evaluator().version_for(timezone.localdate())
    return render(
        request,
        "eligibility/catalogue.html",
        {
            "version": version,
            "versions": versions,
            "today": timezone.localdate(),
            "in_force": evaluator().version_for(timezone.localdate()),
            "can_add": scope_of(request).is_admin,
            "can_interpret": scope_of(request).has_role(Role.EMULATION_DEPT),
            "authorities": {a.award: a for a in version.authorities()},
        },
    )


def catalogue_interpretations(request):
    """The emulation department changes the sector's readings: a new version, audited."""
    if not scope_of(request).has_role(Role.EMULATION_DEPT):
        raise PermissionDenied("Chỉ Thường trực Hội đồng Thi đua – Khen thưởng thay đổi cách hiểu.")
    chosen = request.POST.get("based_on") or request.GET.get("phien_ban")
    if chosen:
        base = next((v for v in evaluator().versions if v.version == chosen), None)
        if base is None or not base.readings:
            raise Http404("Không có phiên bản danh mục này hoặc phiên bản không có cách hiểu.")
    else:
        base = evaluator().version_for(timezone.localdate())
    form = InterpretationForm(request.POST or None, base=base)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            row = services.set_interpretations(
                request.user,
                base=base,
                values=form.readings(),
                version=data["version"],
                effective_from=data["effective_from"],
                note=data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Đã lưu cách hiểu mới (phiên bản {row.version}).")
            return redirect(f"{reverse('eligibility:catalogue')}?phien_ban={row.version}#cach-hieu")
    return render(request, "eligibility/catalogue_interpretations.html",
                  {"form": form, "base": base})


def catalogue_add(request):
    if not scope_of(request).is_admin:
        raise PermissionDenied("Chỉ quản trị hệ thống thêm phiên bản danh mục.")
    form = CatalogueVersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        base = next(v for v in evaluator().versions if v.version == data["based_on"])
        try:
            row = services.add_catalogue_version(
                request.user,
                data=data["data"] or base.to_dict(),
                version=data["version"],
                title=data["title"],
                effective_from=data["effective_from"],
                based_on=base.version,
                note=data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Đã thêm phiên bản {row.version}.")
            return redirect(f"{reverse('eligibility:catalogue')}?phien_ban={row.version}")
    return render(request, "eligibility/catalogue_add.html", {"form": form})
