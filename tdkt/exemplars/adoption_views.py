"""Replication (nhân rộng): the published models any officer may learn from, a model's page
with where it spread, registering to apply it and reporting the results. Thin views over
tdkt.exemplars.replication."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from tdkt.accounts.models import WRITE_ROLES
from tdkt.accounts.scoping import scope_of
from tdkt.core.pagination import paginate
from tdkt.core.text import fold
from tdkt.organisation.models import Unit

from . import replication
from .forms import AdoptionForm, AdoptionResultForm
from .models import Adoption, AdoptionFile, AdoptionStatus, Exemplar


def _form_error(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errs in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, exc)


def _writable_units(scope):
    if scope.user.is_superuser:
        return Unit.objects.filter(effective_to=None).order_by("path")
    return Unit.objects.filter(scope.unit_q("", WRITE_ROLES), effective_to=None).order_by("path")


def _published(exemplar_pk) -> Exemplar:
    return get_object_or_404(replication.published_models().select_related("unit"),
                             pk=exemplar_pk)


def index(request):
    """Published models to learn from, and the adoptions of the units in the user's scope."""
    scope = scope_of(request)
    qs = replication.published_models().select_related("unit").order_by("-published_at", "-pk")
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(search_text__contains=fold(q))
    from django.db.models import Count

    qs = qs.annotate(n_adoptions=Count("adoptions"))
    mine = (scope.filter(Adoption.objects.select_related("exemplar", "unit"))
            if not scope.is_admin else Adoption.objects.select_related("exemplar", "unit"))
    return render(request, "exemplars/replication_index.html", {
        "page": paginate(request, qs), "q": q,
        "mine": list(mine.order_by("status", "ends_on", "pk")[:50]),
        "today": timezone.localdate(),
    })


def model(request, exemplar_pk):
    """A published model's page for every officer: its story, where it spread and with what
    result, and the button to register."""
    scope = scope_of(request)
    ex = _published(exemplar_pk)
    rows = replication.spread(ex)
    return render(request, "exemplars/model.html", {
        "ex": ex, "rows": rows, "reported": sum(1 for a in rows if a.status == "reported"),
        "can_adopt": bool(scope.paths(WRITE_ROLES)) or scope.is_admin,
    })


def adopt(request, exemplar_pk):
    scope = scope_of(request)
    ex = _published(exemplar_pk)
    units = _writable_units(scope).exclude(pk=ex.unit_id)
    if not units.exists():
        raise Http404("Bạn không có đơn vị nào để đăng ký nhân rộng mô hình này.")
    year = timezone.localdate().year
    regs = replication.registration_choices(scope, units, (year - 1, year, year + 1))
    initial = {"unit": units.first().pk if units.count() == 1 else None}
    form = AdoptionForm(request.POST or None, units=units, registrations=regs, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            adoption = replication.register(
                request.user, ex, unit=d["unit"], plan=d["plan"], starts_on=d["starts_on"],
                ends_on=d["ends_on"], responsible=d["responsible"],
                registration=d["registration"])
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "Đã đăng ký nhân rộng mô hình. Báo cáo kết quả khi kết "
                                      "thúc thời gian áp dụng.")
            return redirect("exemplars:adoption", adoption_pk=adoption.pk)
    return render(request, "exemplars/adopt.html", {"ex": ex, "form": form})


def _adoption(request, adoption_pk) -> Adoption:
    scope = scope_of(request)
    found = (replication.visible_adoptions(scope)
             .select_related("exemplar__unit", "unit", "registration__movement",
                             "registration__unit", "reported_by")
             .filter(pk=adoption_pk).first())
    if found is None:
        raise Http404("Không tìm thấy hoặc ngoài phạm vi của bạn.")
    return found


def adoption(request, adoption_pk):
    scope = scope_of(request)
    a = _adoption(request, adoption_pk)
    return render(request, "exemplars/adoption.html", {
        "a": a, "files": list(a.files.all()),
        "can_report": a.status == AdoptionStatus.APPLYING and scope.can_write(a.unit),
        "today": timezone.localdate(),
    })


def adoption_report(request, adoption_pk):
    scope = scope_of(request)
    a = _adoption(request, adoption_pk)
    scope.require_write(a.unit)
    if a.status != AdoptionStatus.APPLYING:
        messages.error(request, "Đơn vị đã báo cáo kết quả áp dụng mô hình này.")
        return redirect("exemplars:adoption", adoption_pk=a.pk)
    form = AdoptionResultForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            figures = replication.parse_figures(form.cleaned_data["figures"])
            replication.report_results(request.user, a, text=form.cleaned_data["text"],
                                       figures=figures, files=form.cleaned_data["files"])
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "Đã gửi báo cáo kết quả nhân rộng mô hình.")
            return redirect("exemplars:adoption", adoption_pk=a.pk)
    return render(request, "exemplars/adoption_report.html", {"a": a, "form": form})


def adoption_file(request, adoption_file_pk):
    scope = scope_of(request)
    row = (AdoptionFile.objects.select_related("adoption__unit", "adoption__exemplar__unit")
           .filter(pk=adoption_file_pk).first())
    if row is None or not (scope.is_admin or scope.covers(row.adoption.unit)
                           or scope.covers(row.adoption.exemplar.unit)):
        raise Http404("Không tìm thấy hoặc ngoài phạm vi của bạn.")
    try:
        handle = row.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Tệp không còn trên máy chủ.") from exc
    return FileResponse(handle, as_attachment=True, filename=row.name)
