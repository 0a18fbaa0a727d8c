"""Replication (nhân rộng) of a published model: another unit registers to apply it (what, from
when to when, who is responsible, optionally within one of its movement registrations of the
year), then reports its results (text, figures, files). Each change runs in one transaction,
locks the row it changes and is audited."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tdkt.accounts.scoping import Scope
from tdkt.audit.services import record
from tdkt.core.uploads import validate_upload

from .models import Adoption, AdoptionFile, AdoptionStatus, Exemplar, Status

MAX_FILES = 5
MAX_FIGURES = 20
RESULTS_SOON_DAYS = 14


def _clean(value: str, limit: int) -> str:
    return " ".join((value or "").split())[:limit]


def adoptable(ex: Exemplar) -> bool:
    """A model can be adopted once accepted and its story published."""
    return ex.status == Status.ACCEPTED and ex.published_at is not None


def published_models():
    return Exemplar.objects.filter(status=Status.ACCEPTED, published_at__isnull=False)


def linkable_registrations(scope: Scope, unit, years):
    """The movement registrations an adoption by `unit` may name: the registrations of the unit
    itself, or of a unit above it that the user reaches, in a launched (not closed) movement of
    one of `years`."""
    from tdkt.movements.models import MovementStatus, Registration

    ancestors = [unit.path[:i] for i in range(1, len(unit.path) + 1)]
    qs = (Registration.objects.filter(unit__path__in=ancestors, movement__year__in=list(years))
          .exclude(movement__status__in=[MovementStatus.DRAFT, MovementStatus.CLOSED])
          .select_related("movement", "unit").order_by("-movement__year", "movement__name"))
    return scope.filter(qs, "unit") if not scope.is_admin else qs


def registration_choices(scope: Scope, units, years):
    """The movement registrations of `units` (those the user writes) in launched, not closed
    movements of `years`: the choices of the registration form."""
    from tdkt.movements.models import MovementStatus, Registration

    qs = (Registration.objects.filter(unit__in=units, movement__year__in=list(years))
          .exclude(movement__status__in=[MovementStatus.DRAFT, MovementStatus.CLOSED])
          .select_related("movement", "unit").order_by("-movement__year", "movement__name"))
    return qs if scope.is_admin else scope.filter(qs, "unit")


def parse_figures(text: str) -> list[list[str]]:
    """'Chỉ số: giá trị' per line → [[label, value], …]. A line without a colon is an error."""
    rows = []
    for n, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        label, sep, value = line.partition(":")
        if not sep or not label.strip() or not value.strip():
            raise ValidationError({"figures": f"Dòng {n}: ghi theo dạng “Chỉ số: giá trị”."})
        rows.append([_clean(label, 200), _clean(value, 200)])
    if len(rows) > MAX_FIGURES:
        raise ValidationError({"figures": f"Tối đa {MAX_FIGURES} số liệu."})
    return rows


def register(actor, ex: Exemplar, *, unit, plan: str, starts_on: datetime.date,
             ends_on: datetime.date, responsible: str, registration=None) -> Adoption:
    """`unit` (written by `actor`) registers to apply the published model `ex`."""
    scope = Scope(actor)
    scope.require_write(unit)
    plan, responsible = (plan or "").strip()[:5000], _clean(responsible, 160)
    errors = {}
    if unit.pk == ex.unit_id:
        errors["unit"] = "Đơn vị đã xây dựng mô hình không tự đăng ký nhân rộng mô hình của mình."
    if not plan:
        errors["plan"] = "Nêu nội dung áp dụng mô hình tại đơn vị."
    if not responsible:
        errors["responsible"] = "Nêu người phụ trách."
    if not starts_on or not ends_on:
        errors["ends_on"] = "Nhập thời gian áp dụng (từ ngày – đến ngày)."
    elif ends_on < starts_on:
        errors["ends_on"] = "Ngày kết thúc phải sau ngày bắt đầu."
    if registration is not None and not errors:
        years = range(starts_on.year, ends_on.year + 1)
        if not linkable_registrations(scope, unit, years).filter(pk=registration.pk).exists():
            errors["registration"] = ("Chỉ gắn với đăng ký thi đua của đơn vị trong phong trào "
                                      "đang diễn ra trong thời gian áp dụng.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        ex = Exemplar.objects.select_for_update().get(pk=ex.pk)
        if not adoptable(ex):
            raise ValidationError("Chỉ đăng ký nhân rộng mô hình đã được công nhận và công bố.")
        if Adoption.objects.filter(exemplar=ex, unit=unit,
                                   status=AdoptionStatus.APPLYING).exists():
            raise ValidationError("Đơn vị đang áp dụng mô hình này; báo cáo kết quả lần trước "
                                  "trước khi đăng ký lần mới.")
        adoption = Adoption.objects.create(
            exemplar=ex, unit=unit, plan=plan, starts_on=starts_on, ends_on=ends_on,
            responsible=responsible, registration=registration, created_by=actor)
        record(actor, "exemplar.adopt", ex, {
            "unit": [None, unit.code], "period": [None, adoption.period_label],
            "registration": [None, registration.pk if registration else None]})
    _notify(units=[ex.unit], key=f"exemplar-adopted-{adoption.pk}",
            message=f"{unit.name} đăng ký nhân rộng mô hình “{ex.title}” "
                    f"({adoption.period_label}).",
            link=reverse("exemplars:model", kwargs={"exemplar_pk": ex.pk}))
    return adoption


def report_results(actor, adoption: Adoption, *, text: str, figures: list,
                   files=()) -> Adoption:
    """The adopting unit reports the results at the end: text, figures and optional files
    (each checked by the shared upload validator)."""
    Scope(actor).require_write(adoption.unit)
    text = (text or "").strip()[:10000]
    if not text:
        raise ValidationError({"text": "Nêu kết quả áp dụng mô hình."})
    files = [f for f in files if f is not None]
    if len(files) > MAX_FILES:
        raise ValidationError({"files": f"Tối đa {MAX_FILES} tệp."})
    for f in files:
        try:
            validate_upload(f, "attachment")
        except ValidationError as exc:
            raise ValidationError({"files": f"{Path(f.name).name}: {' '.join(exc.messages)}"}) \
                from exc
    with transaction.atomic():
        adoption = Adoption.objects.select_for_update().get(pk=adoption.pk)
        if adoption.status != AdoptionStatus.APPLYING:
            raise ValidationError("Đơn vị đã báo cáo kết quả áp dụng mô hình này.")
        adoption.status = AdoptionStatus.REPORTED
        adoption.result_text, adoption.result_figures = text, list(figures)
        adoption.reported_at, adoption.reported_by = timezone.now(), actor
        adoption.save(update_fields=["status", "result_text", "result_figures", "reported_at",
                                     "reported_by"])
        names = []
        for f in files:
            name = Path(f.name).name[:255]
            row = AdoptionFile(adoption=adoption, name=name)
            row.file.save(name, f, save=False)
            row.save()
            names.append(name)
        record(actor, "exemplar.adoption_report", adoption.exemplar, {
            "status": [AdoptionStatus.APPLYING, AdoptionStatus.REPORTED],
            "unit": adoption.unit.code, "figures": len(figures), "files": names})
    _notify(units=[adoption.exemplar.unit], key=f"exemplar-adoption-reported-{adoption.pk}",
            message=f"{adoption.unit.name} đã báo cáo kết quả nhân rộng mô hình "
                    f"“{adoption.exemplar.title}”.",
            link=reverse("exemplars:model", kwargs={"exemplar_pk": adoption.exemplar_id}))
    return adoption


def require_reader(scope: Scope, adoption: Adoption) -> None:
    """The adopting unit's officers and those of the model's unit read an adoption's files."""
    if scope.is_admin or scope.covers(adoption.unit) or scope.covers(adoption.exemplar.unit):
        return
    raise PermissionDenied("Ngoài phạm vi của bạn.")


def visible_adoptions(scope: Scope):
    """Adoptions by units in scope, or of models of units in scope."""
    if scope.is_admin:
        return Adoption.objects.all()
    return Adoption.objects.filter(scope.unit_q("unit") | scope.unit_q("exemplar__unit"))


def results_due(today: datetime.date, within_days: int = RESULTS_SOON_DAYS):
    """Adoptions still applying whose period ends within `within_days` (or has ended)."""
    return Adoption.objects.filter(status=AdoptionStatus.APPLYING,
                                   ends_on__lte=today + datetime.timedelta(days=within_days))


def remind_results_due(today: datetime.date, within_days: int = RESULTS_SOON_DAYS) -> int:
    """Remind each adopting unit once (idempotent key) to report the results of a model it
    applies, from `within_days` before the end of the period. Returns how many were sent."""
    from tdkt.notifications.services import notify

    sent = 0
    for a in results_due(today, within_days).select_related("exemplar", "unit"):
        late = " (đã quá hạn)" if a.ends_on < today else ""
        sent += notify(
            units=[a.unit], kind="reminder", key=f"exemplar-adoption-results-{a.pk}",
            due_on=a.ends_on,
            message=f"Báo cáo kết quả nhân rộng mô hình “{a.exemplar.title}”: thời gian áp "
                    f"dụng kết thúc ngày {a.ends_on:%d/%m/%Y}{late}.",
            link=reverse("exemplars:adoption", kwargs={"adoption_pk": a.pk}))
    return sent


def spread(ex: Exemplar) -> list[Adoption]:
    """Where the model spread and with what result: one query."""
    return list(ex.adoptions.select_related("unit", "registration__movement")
                .order_by("unit__path", "-starts_on", "pk"))


def adoptions_of_registration(registration) -> list[Adoption]:
    return list(Adoption.objects.filter(registration=registration)
                .select_related("exemplar", "exemplar__unit", "unit").order_by("starts_on", "pk"))


def _notify(**kwargs) -> None:
    from tdkt.notifications.services import notify

    notify(**kwargs)

