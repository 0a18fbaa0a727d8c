import datetime
import tempfile
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tdkt.accounts.models import WRITE_ROLES
from tdkt.accounts.scoping import scope_of
from tdkt.core.pagination import paginate
from tdkt.organisation.models import Unit
from tdkt.people.models import Person
from tdkt.worker.jobs import reap_stale_jobs

from . import forms, services, stored, tasks
from .exporter import export_workbook
from .models import (
    Discipline,
    ImportJob,
    Initiative,
    LeadershipPost,
    LeavePeriod,
    PersonAward,
    PersonRating,
    PersonTitle,
    Proceeding,
    UnitAward,
    UnitRating,
    UnitTitle,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Kind:
    slug: str
    model: type
    form: type
    label: str  # "xếp loại", used in headings
    fields: tuple[str, ...]


PERSON_KINDS = {
    k.slug: k for k in (
        Kind("xep-loai", PersonRating, forms.PersonRatingForm, "xếp loại", ("year", "rating")),
        Kind("danh-hieu", PersonTitle, forms.PersonTitleForm, "danh hiệu thi đua",
             ("year", "award", "decision_number", "decision_date", "issuer")),
        Kind("khen-thuong", PersonAward, forms.PersonAwardForm, "khen thưởng",
             ("year", "award", "method", "decision_number", "decision_date", "issuer")),
        Kind("sang-kien", Initiative, forms.InitiativeForm, "sáng kiến, đề tài",
             ("year", "title", "kind", "scope", "decision_number")),
        Kind("ky-luat", Discipline, forms.DisciplineForm, "kỷ luật",
             ("form", "decided_on", "ends_on", "decision_number")),
        Kind("vu-viec", Proceeding, forms.ProceedingForm, "vụ việc đang xem xét",
             ("kind", "opened_on", "closed_on", "note")),
        Kind("nghi", LeavePeriod, forms.LeaveForm, "thời gian nghỉ",
             ("kind", "starts_on", "ends_on", "note")),
        Kind("chuc-vu", LeadershipPost, forms.PostForm, "chức vụ lãnh đạo",
             ("post", "title", "starts_on", "ends_on", "transferred_in")),
    )
}
UNIT_KINDS = {
    k.slug: k for k in (
        Kind("xep-loai", UnitRating, forms.UnitRatingForm, "xếp loại tập thể",
             ("year", "rating")),
        Kind("danh-hieu", UnitTitle, forms.UnitTitleForm, "danh hiệu tập thể",
             ("year", "award", "decision_number", "decision_date", "issuer")),
        Kind("khen-thuong", UnitAward, forms.UnitAwardForm, "khen thưởng tập thể",
             ("year", "award", "method", "decision_number", "decision_date", "issuer")),
    )
}


def _kind(registry, slug) -> Kind:
    try:
        return registry[slug]
    except KeyError:
        raise Http404("Không có loại mục này.") from None


def _entry_page(request, kind, entry, subject, subject_url, subject_label, form_kwargs):
    delete_url = None
    if entry.pk:
        name = "history:unit_entry_delete" if hasattr(entry, "unit_id") else "history:entry_delete"
        delete_url = reverse(name, args=[kind.slug, entry.pk])
    form = kind.form(request.POST or None, instance=entry, subject=subject)
    if request.method == "POST" and form.is_valid():
        services.save_entry(request.user, entry, form.cleaned_data, list(kind.fields))
        messages.success(request, f"Đã lưu {kind.label}.")
        return redirect(subject_url + "#so-theo-doi")
    return render(request, "history/entry_form.html", {
        "form": form, "kind": kind, "entry": entry, "subject_url": subject_url,
        "subject_label": subject_label, "delete_url": delete_url, **form_kwargs,
    })


# --- person entries ----------------------------------------------------------------------


def person_add(request, person_pk, kind):
    kind = _kind(PERSON_KINDS, kind)
    scope = scope_of(request)
    person = scope.get(Person.objects.select_related("unit"), pk=person_pk)
    scope.require_write(person.unit)
    entry = kind.model(person=person)
    return _entry_page(request, kind, entry, person, reverse("people:detail", args=[person.pk]),
                       person.full_name, {})


def entry_edit(request, kind, entry_pk):
    kind = _kind(PERSON_KINDS, kind)
    scope = scope_of(request)
    entry = scope.get(kind.model.objects.select_related("person__unit"), pk=entry_pk)
    scope.require_write(entry.person.unit)
    return _entry_page(request, kind, entry, entry.person,
                       reverse("people:detail", args=[entry.person_id]),
                       entry.person.full_name, {})


@require_POST
def entry_delete(request, kind, entry_pk):
    kind = _kind(PERSON_KINDS, kind)
    scope = scope_of(request)
    entry = scope.get(kind.model.objects.select_related("person__unit"), pk=entry_pk)
    scope.require_write(entry.person.unit)
    person_pk = entry.person_id
    services.delete_entry(request.user, entry, list(kind.fields))
    messages.success(request, f"Đã xoá mục {kind.label}.")
    return redirect(reverse("people:detail", args=[person_pk]) + "#so-theo-doi")


# --- unit entries ------------------------------------------------------------------------


def unit_add(request, unit_code, kind):
    kind = _kind(UNIT_KINDS, kind)
    scope = scope_of(request)
    unit = scope.get(Unit.objects, code=unit_code)
    scope.require_write(unit)
    entry = kind.model(unit=unit)
    return _entry_page(request, kind, entry, unit, reverse("organisation:unit", args=[unit.code]),
                       unit.name, {})


def unit_entry_edit(request, kind, unit_entry_pk):
    kind = _kind(UNIT_KINDS, kind)
    scope = scope_of(request)
    entry = scope.get(kind.model.objects.select_related("unit"), pk=unit_entry_pk)
    scope.require_write(entry.unit)
    return _entry_page(request, kind, entry, entry.unit,
                       reverse("organisation:unit", args=[entry.unit.code]), entry.unit.name, {})


@require_POST
def unit_entry_delete(request, kind, unit_entry_pk):
    kind = _kind(UNIT_KINDS, kind)
    scope = scope_of(request)
    entry = scope.get(kind.model.objects.select_related("unit"), pk=unit_entry_pk)
    scope.require_write(entry.unit)
    code = entry.unit.code
    services.delete_entry(request.user, entry, list(kind.fields))
    messages.success(request, f"Đã xoá mục {kind.label}.")
    return redirect(reverse("organisation:unit", args=[code]) + "#so-theo-doi")


# --- Excel exchange ----------------------------------------------------------------------


def _write_roots(scope) -> list[str]:
    roots = scope.paths(WRITE_ROLES)
    if not roots:
        raise PermissionDenied("Chỉ cán bộ làm công tác thi đua, khen thưởng được nhập, xuất tệp.")
    return roots


def import_upload(request):
    scope = scope_of(request)
    roots = _write_roots(scope)
    form = forms.UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["workbook"]
        job = ImportJob.objects.create(
            created_by=request.user, file_name=upload.name[-255:],
            stored_path=stored.save_upload(upload),  # the file storage: local or S3
            scope_paths=[] if roots == [""] else roots,
        )
        tasks.validate_import.enqueue(job.pk)
        tasks.expire_unconfirmed()  # housekeeping: no scheduler runs it otherwise
        return redirect("history:import_job", job_pk=job.pk)
    jobs = paginate(request, ImportJob.objects.filter(created_by=request.user, source="web"))
    return render(request, "history/import_upload.html", {"form": form, "jobs": jobs})


def _job(request, job_pk) -> ImportJob:
    scope = scope_of(request)
    _write_roots(scope)
    jobs = ImportJob.objects.all() if scope.is_admin else ImportJob.objects.filter(
        created_by=request.user)
    try:
        return jobs.get(pk=job_pk)
    except ImportJob.DoesNotExist:
        raise Http404("Không tìm thấy lần nhập này.") from None


def import_job(request, job_pk):
    job = _job(request, job_pk)
    if job.running and reap_stale_jobs(job=job).get("import"):  # its worker died
        job.refresh_from_db()
    template = "history/import_job.html"
    if request.htmx:
        template += "#status"
    return render(
        request, template, {"job": job, "confirm_days": tasks.CONFIRM_WITHIN.days}
    )


@require_POST
def import_confirm(request, job_pk):
    job = _job(request, job_pk)
    try:
        services.confirm_import(request.user, job)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, "Đã xác nhận; hệ thống đang ghi dữ liệu, trang tự cập nhật.")
    return redirect("history:import_job", job_pk=job.pk)


@require_POST
def import_retry(request, job_pk):
    job = _job(request, job_pk)
    if job.created_by_id != request.user.pk:
        raise PermissionDenied("Chỉ người tải tệp lên mới được chạy lại lần nhập.")
    try:
        services.retry_import(request.user, job)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, "Đã chạy lại lần nhập.")
    return redirect("history:import_job", job_pk=job.pk)


def export(request):
    scope = scope_of(request)
    roots = _write_roots(scope)
    form = forms.ExportForm(request.GET or None, scope=scope, roots=roots)
    if request.GET and form.is_valid():
        unit = form.cleaned_data["unit_code"]
        paths = [unit.path] if unit else (None if roots == [""] else roots)
        years = form.cleaned_data["years"]
        handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
        export_workbook(handle, scope_paths=paths, years=years)
        handle.seek(0)
        name = f"ho-so-tdkt-{unit.code if unit else 'pham-vi'}-{datetime.date.today():%Y%m%d}.xlsx"
        return FileResponse(handle, as_attachment=True, filename=name, content_type=XLSX)
    return render(request, "history/export.html", {"form": form})


def template_download(request):
    import io

    buffer = io.BytesIO()
    export_workbook(buffer, blank=True)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename="mau-nhap-ho-so-tdkt.xlsx",
                        content_type=XLSX)
