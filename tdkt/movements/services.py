"""Every state change of movements, registrations, reviews and cluster years.

Each service runs in one transaction, validates (Vietnamese ValidationError messages),
writes, and records an audit action."""

import datetime
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tdkt.audit.services import diff, record
from tdkt.core.uploads import validate_upload
from tdkt.notifications.services import notify
from tdkt.organisation.models import ClusterMembership, ClusterRole, Unit, UnitKind

from .models import (
    COLLECTIVE_TITLES,
    EDITABLE_REGISTRATION,
    INDIVIDUAL_TITLES,
    PROGRESS_OPEN,
    TRANSITIONS,
    ClusterYear,
    Criterion,
    CriterionKind,
    HonouringVote,
    IndividualRegistration,
    Movement,
    MovementDocument,
    MovementReview,
    MovementStatus,
    Objective,
    PactTarget,
    ProgressItem,
    ProgressReport,
    Registration,
    RegistrationEvent,
    RegistrationStatus,
    RegistrationTarget,
    ReviewKind,
    ReviewProposal,
    Score,
    Scorecard,
    ScorecardStatus,
)

# Units that register in a movement launched at Ministry level: the sector's base units.
REGISTERING_KINDS = {
    UnitKind.DEPARTMENT,
    UnitKind.OFFICE,
    UnitKind.INSPECTORATE,
    UnitKind.DIRECTORATE_GENERAL,
    UnitKind.DIRECTORATE,
    UnitKind.PUBLIC_SERVICE_UNIT,
    UnitKind.PUBLIC_SERVICE_UNIT_OTHER,
    UnitKind.PROVINCIAL_JUSTICE_DEPT,
    UnitKind.PROVINCIAL_ENFORCEMENT_OFFICE,
}
VERB_BY_STATUS = {
    MovementStatus.LAUNCHED: "movement.launch",
    MovementStatus.UNDER_WAY: "movement.start",
    MovementStatus.MIDTERM: "movement.midterm_review",
    MovementStatus.FINAL: "movement.final_review",
    MovementStatus.CLOSED: "movement.close",
}


def _today(today=None) -> datetime.date:
    return today or timezone.localdate()


# --- movements ------------------------------------------------------------------------


def default_participants(launching_unit: Unit) -> list[Unit]:
    """The units that register in a movement launched by `launching_unit` for its subtree.

    Ministry level: the sector's base units (Vụ, Cục, Sở Tư pháp, THADS tỉnh…). Below it:
    the launching unit's direct current children, looking through virtual groups."""
    subtree = list(
        Unit.objects.current().filter(path__startswith=launching_unit.path).exclude(
            pk=launching_unit.pk
        )
    )
    if launching_unit.kind == UnitKind.MINISTRY:
        return [u for u in subtree if u.kind in REGISTERING_KINDS]
    virtual = {u.path for u in subtree if u.kind == UnitKind.VIRTUAL_GROUP}
    steplen = Unit.steplen
    chosen = []
    for unit in subtree:
        if unit.kind == UnitKind.VIRTUAL_GROUP:
            continue
        parent_path = unit.path[:-steplen]
        if parent_path == launching_unit.path or parent_path in virtual:
            chosen.append(unit)
    return chosen


def resolve_participants(launching_unit: Unit, unit_codes) -> list[Unit]:
    if not unit_codes:
        units = default_participants(launching_unit)
        if not units:
            raise ValidationError("Đơn vị phát động không có đơn vị cấp dưới để tham gia.")
        return units
    codes = [c.strip().upper() for c in unit_codes if c.strip()]
    found = {
        u.code: u
        for u in Unit.objects.filter(code__in=codes, path__startswith=launching_unit.path)
        .exclude(pk=launching_unit.pk)
        .filter(effective_to__isnull=True)
    }
    missing = [c for c in codes if c not in found]
    if missing:
        raise ValidationError(
            "Các mã đơn vị sau không có hoặc không thuộc phạm vi đơn vị phát động: "
            + ", ".join(missing)
        )
    return list(dict.fromkeys(found[c] for c in codes))


def _clean_period(data: dict) -> None:
    starts, ends = data.get("starts_on"), data.get("ends_on")
    if starts and ends and ends < starts:
        raise ValidationError("Ngày kết thúc phải sau ngày bắt đầu.")
    deadline = data.get("registration_deadline")
    if deadline and ends and deadline > ends:
        raise ValidationError("Hạn đăng ký phải trong thời gian của phong trào.")


def _set_objectives(movement: Movement, objectives: list[str]) -> None:
    movement.objectives.all().delete()
    Objective.objects.bulk_create(
        Objective(movement=movement, order=i, text=text)
        for i, text in enumerate(objectives, start=1)
    )


def _set_participants(movement: Movement, units: list[Unit]) -> None:
    keep = {u.pk for u in units}
    movement.registrations.exclude(unit_id__in=keep).delete()
    have = set(movement.registrations.values_list("unit_id", flat=True))
    Registration.objects.bulk_create(
        Registration(movement=movement, unit=u) for u in units if u.pk not in have
    )


MOVEMENT_FIELDS = (
    "name", "kind", "year", "theme", "parent", "starts_on", "ends_on", "registration_deadline",
)


@transaction.atomic
def create_movement(actor, launching_unit: Unit, data: dict, objectives: list[str],
                    unit_codes=None) -> Movement:
    _clean_period(data)
    parent = data.get("parent")
    if parent and not parent.launching_unit.covers(launching_unit):
        raise ValidationError("Phong trào cấp trên phải do đơn vị cấp trên phát động.")
    units = resolve_participants(launching_unit, unit_codes)
    movement = Movement.objects.create(
        launching_unit=launching_unit, created_by=actor,
        **{k: data.get(k) for k in MOVEMENT_FIELDS if k in data},
    )
    _set_objectives(movement, objectives)
    _set_participants(movement, units)
    record(actor, "movement.create", movement, {
        "name": [None, movement.name], "units": [None, len(units)],
        "objectives": [None, len(objectives)],
    })
    return movement


@transaction.atomic
def update_movement(actor, movement: Movement, data: dict, objectives: list[str] | None = None,
                    unit_codes=None) -> Movement:
    """In draft everything may change; once launched only the name, theme, end date and the
    registration deadline (extensions are common); closed movements are frozen."""
    if movement.status == MovementStatus.CLOSED:
        raise ValidationError("Phong trào đã kết thúc, không sửa được.")
    if movement.status != MovementStatus.DRAFT:
        data = {k: v for k, v in data.items() if k in ("name", "theme", "ends_on",
                                                       "registration_deadline")}
    merged = {f: getattr(movement, f) for f in ("starts_on", "ends_on", "registration_deadline")}
    merged.update(data)
    _clean_period(merged)
    changes = diff(movement, {k: v for k, v in data.items() if k in MOVEMENT_FIELDS})
    for field, value in data.items():
        if field in MOVEMENT_FIELDS:
            setattr(movement, field, value)
    movement.save()
    if movement.status == MovementStatus.DRAFT:
        if objectives is not None:
            old = [o.text for o in movement.objectives.all()]
            if old != objectives:
                _set_objectives(movement, objectives)
                changes["objectives"] = [len(old), len(objectives)]
        if unit_codes is not None:
            units = resolve_participants(movement.launching_unit, unit_codes)
            _set_participants(movement, units)
            changes["units"] = ["", len(units)]
    if changes:
        record(actor, "movement.update", movement, changes)
    return movement


@transaction.atomic
def add_document(actor, movement: Movement, kind: str, title: str, uploaded) -> MovementDocument:
    if uploaded is None:
        raise ValidationError("Chọn tệp văn bản.")
    validate_upload(uploaded, "movement_file")
    if movement.status == MovementStatus.CLOSED:
        raise ValidationError("Phong trào đã kết thúc, không thêm văn bản.")
    doc = MovementDocument(movement=movement, kind=kind, title=title.strip(), uploaded_by=actor)
    doc.file.save(Path(uploaded.name).name, uploaded, save=False)
    doc.save()
    record(actor, "movement.document_add", movement, {"document": [None, doc.title]})
    return doc


@transaction.atomic
def transition(actor, given: Movement, to_status: str, today=None) -> Movement:
    movement = Movement.objects.select_for_update().select_related("launching_unit").get(
        pk=given.pk)
    allowed = TRANSITIONS.get(movement.status, ())
    if to_status not in allowed:
        raise ValidationError(
            f"Không thể chuyển phong trào từ “{movement.get_status_display()}” sang "
            f"“{MovementStatus(to_status).label}”."
        )
    if to_status == MovementStatus.LAUNCHED:
        if not movement.objectives.exists():
            raise ValidationError(
                "Phong trào cần ít nhất một nội dung thi đua trước khi phát động."
            )
        if not movement.registrations.exists():
            raise ValidationError("Phong trào chưa có đơn vị tham gia.")
        movement.launched_on = _today(today)
    if to_status == MovementStatus.CLOSED and not movement.reviews.filter(
        kind=ReviewKind.FINAL
    ).exists():
        raise ValidationError("Cần ghi nhận kết quả tổng kết trước khi kết thúc phong trào.")
    old = movement.status
    movement.status = to_status
    movement.save(update_fields=["status", "launched_on"])
    given.status, given.launched_on = movement.status, movement.launched_on
    record(actor, VERB_BY_STATUS[to_status], movement, {"status": [old, to_status]})
    if to_status == MovementStatus.LAUNCHED:
        units = [r.unit for r in movement.registrations.select_related("unit")]
        deadline = (
            f" Hạn đăng ký: {movement.registration_deadline:%d/%m/%Y}."
            if movement.registration_deadline else ""
        )
        notify(
            units=units,
            message=f"{movement.launching_unit.short_name or movement.launching_unit.name} "
            f"phát động “{movement.name}”. Đề nghị đơn vị đăng ký thi đua.{deadline}",
            link=reverse("movements:detail", args=[movement.pk]),
            kind="launch", key=f"movement-launch:{movement.pk}",
            due_on=movement.registration_deadline,
        )
    return movement


# --- registration ---------------------------------------------------------------------


def _sync(given: Registration, fresh: Registration) -> None:
    for field in ("status", "submitted_at", "decided_at", "return_reason"):
        setattr(given, field, getattr(fresh, field))


def _require_open(registration: Registration) -> None:
    if not registration.movement.registration_open:
        raise ValidationError("Phong trào không trong thời gian nhận đăng ký.")


def _snapshot(registration: Registration) -> dict:
    return {
        "collective_title": registration.collective_title,
        "targets": list(registration.targets.values_list("text", flat=True)),
        "individuals": [
            list(row) for row in registration.individuals.values_list("person_id", "title")
        ],
    }


@transaction.atomic
def save_registration(actor, registration: Registration, collective_title: str,
                      targets: list[str], individuals: dict[int, str],
                      commitment: str = "") -> Registration:
    """Replace the registration's content. Allowed while not sent or returned."""
    from tdkt.people.models import Person

    _require_open(registration)
    if registration.status not in EDITABLE_REGISTRATION:
        raise ValidationError("Đăng ký đã gửi hoặc đã được duyệt, không sửa được.")
    if collective_title and collective_title not in COLLECTIVE_TITLES:
        raise ValidationError("Danh hiệu tập thể không hợp lệ.")
    bad_titles = {t for t in individuals.values() if t not in INDIVIDUAL_TITLES}
    if bad_titles:
        raise ValidationError("Danh hiệu cá nhân không hợp lệ.")
    if individuals:
        valid = set(
            Person.objects.filter(
                pk__in=individuals.keys(), unit__path__startswith=registration.unit.path
            ).values_list("pk", flat=True)
        )
        if valid != set(individuals):
            raise ValidationError("Có cán bộ không thuộc đơn vị đăng ký.")
    before = _snapshot(registration)
    registration.collective_title = collective_title or ""
    registration.commitment = commitment
    registration.save(update_fields=["collective_title", "commitment"])
    registration.targets.all().delete()
    RegistrationTarget.objects.bulk_create(
        RegistrationTarget(registration=registration, order=i, text=t[:500])
        for i, t in enumerate(targets, start=1)
    )
    registration.individuals.all().delete()
    IndividualRegistration.objects.bulk_create(
        IndividualRegistration(registration=registration, person_id=pid, title=title)
        for pid, title in individuals.items()
    )
    after = _snapshot(registration)
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if changes:
        record(actor, "registration.save", registration, changes)
    return registration


@transaction.atomic
def submit_registration(actor, given: Registration, today=None) -> Registration:
    registration = Registration.objects.select_for_update().select_related(
        "movement__launching_unit", "unit").get(pk=given.pk)
    _require_open(registration)
    if registration.status not in EDITABLE_REGISTRATION:
        raise ValidationError("Đăng ký đã gửi hoặc đã được duyệt.")
    if not registration.targets.exists() and not registration.collective_title:
        raise ValidationError("Nhập ít nhất một chỉ tiêu hoặc danh hiệu tập thể trước khi gửi.")
    verb = (
        RegistrationEvent.Verb.RESUBMIT
        if registration.status == RegistrationStatus.RETURNED
        else RegistrationEvent.Verb.SUBMIT
    )
    old = registration.status
    registration.status = RegistrationStatus.SUBMITTED
    registration.submitted_at = timezone.now()
    registration.save(update_fields=["status", "submitted_at"])
    _sync(given, registration)
    snapshot = _snapshot(registration)
    RegistrationEvent.objects.create(
        registration=registration, verb=verb, actor=actor, snapshot=snapshot
    )
    record(actor, f"registration.{verb}", registration, {"status": [old, registration.status]})
    movement = registration.movement
    notify(
        units=[movement.launching_unit],
        message=f"{registration.unit} đã gửi{' lại' if verb == 'resubmit' else ''} đăng ký "
        f"thi đua “{movement.name}”.",
        link=reverse("movements:registration", args=[registration.pk]),
        kind="registration",
    )
    return registration


@transaction.atomic
def return_registration(actor, given: Registration, reason: str,
                        today=None) -> Registration:
    registration = Registration.objects.select_for_update().select_related(
        "movement", "unit").get(pk=given.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Nhập lý do trả lại để đơn vị bổ sung.")
    if registration.status != RegistrationStatus.SUBMITTED:
        raise ValidationError("Chỉ trả lại được đăng ký đang chờ duyệt.")
    registration.status = RegistrationStatus.RETURNED
    registration.return_reason = reason
    registration.decided_at = timezone.now()
    registration.save(update_fields=["status", "return_reason", "decided_at"])
    _sync(given, registration)
    RegistrationEvent.objects.create(
        registration=registration, verb=RegistrationEvent.Verb.RETURN, actor=actor, note=reason
    )
    record(actor, "registration.return", registration,
           {"status": [RegistrationStatus.SUBMITTED, registration.status]}, note=reason)
    notify(
        units=[registration.unit],
        message=f"Đăng ký thi đua “{registration.movement.name}” bị trả lại: {reason}",
        link=reverse("movements:registration", args=[registration.pk]),
        kind="returned", due_on=registration.movement.registration_deadline,
    )
    return registration


@transaction.atomic
def approve_registration(actor, given: Registration, today=None) -> Registration:
    registration = Registration.objects.select_for_update().select_related(
        "movement", "unit").get(pk=given.pk)
    if registration.status != RegistrationStatus.SUBMITTED:
        raise ValidationError("Chỉ duyệt được đăng ký đang chờ duyệt.")
    registration.status = RegistrationStatus.APPROVED
    registration.decided_at = timezone.now()
    registration.save(update_fields=["status", "decided_at"])
    _sync(given, registration)
    RegistrationEvent.objects.create(
        registration=registration, verb=RegistrationEvent.Verb.APPROVE, actor=actor,
        snapshot=_snapshot(registration),
    )
    record(actor, "registration.approve", registration,
           {"status": [RegistrationStatus.SUBMITTED, registration.status]})
    notify(
        units=[registration.unit],
        message=f"Đăng ký thi đua “{registration.movement.name}” đã được duyệt.",
        link=reverse("movements:registration", args=[registration.pk]),
        kind="approved",
    )
    return registration


@transaction.atomic
def send_reminders(today=None, within_days: int = 7) -> int:
    """Notify every unit that has not sent (or not re-sent) its registration when the
    deadline is within `within_days` days or already passed. At most one reminder per unit
    and movement per day (notification key). Returns the number of notifications created."""
    day = _today(today)
    horizon = day + datetime.timedelta(days=within_days)
    pending = list(
        Registration.objects.filter(
            movement__status__in=(MovementStatus.LAUNCHED, MovementStatus.UNDER_WAY),
            movement__registration_deadline__isnull=False,
            movement__registration_deadline__lte=horizon,
            status__in=EDITABLE_REGISTRATION,
        ).select_related("movement", "unit")
    )
    created = 0
    for reg in pending:
        deadline = reg.movement.registration_deadline
        if deadline < day:
            text = (f"Đã quá hạn đăng ký thi đua “{reg.movement.name}” "
                    f"({deadline:%d/%m/%Y}); đơn vị chưa gửi đăng ký.")
        else:
            left = (deadline - day).days
            text = (f"Còn {left} ngày đến hạn đăng ký thi đua “{reg.movement.name}” "
                    f"({deadline:%d/%m/%Y}); đơn vị chưa gửi đăng ký.")
        created += notify(
            units=[reg.unit], kind="reminder", message=text, due_on=deadline,
            link=reverse("movements:registration", args=[reg.pk]),
            key=f"movement-reminder:{reg.pk}:{day.isoformat()}",
        )
    return created


def send_scoring_reminders(today=None, within_days: int = 7) -> int:
    """Notify every member unit of a cluster that has not sent its self-score when the
    cluster's scoring deadline is within `within_days` days or passed less than a month ago
    and the honouring vote is still open. At most one reminder per unit and cluster year per
    day. Returns the number of notifications created."""
    day = _today(today)
    years = list(
        ClusterYear.objects.filter(
            vote_closed=False,
            scoring_deadline__isnull=False,
            scoring_deadline__lte=day + datetime.timedelta(days=within_days),
            scoring_deadline__gte=day - datetime.timedelta(days=30),
        ).select_related("cluster")
    )
    if not years:
        return 0
    by_key = {(cy.cluster_id, cy.year): cy for cy in years}
    sent = set(
        Scorecard.objects.filter(
            cluster_year__in=years,
            status__in=(ScorecardStatus.SUBMITTED, ScorecardStatus.REVIEWED),
        ).values_list("cluster_year_id", "unit_id")
    )
    created = 0
    memberships = ClusterMembership.objects.filter(
        cluster_id__in={cy.cluster_id for cy in years}, year__in={cy.year for cy in years}
    ).select_related("unit")
    for membership in memberships:
        cy = by_key.get((membership.cluster_id, membership.year))
        if cy is None or (cy.pk, membership.unit_id) in sent:
            continue
        link = reverse("movements:scorecard", args=[cy.cluster.code, cy.year,
                                                    membership.unit.code])
        deadline = cy.scoring_deadline
        if deadline < day:
            text = (f"Đã quá hạn tự chấm điểm thi đua năm {cy.year} của {cy.cluster.name} "
                    f"({deadline:%d/%m/%Y}); đơn vị chưa gửi bảng điểm.")
        else:
            text = (f"Còn {(deadline - day).days} ngày đến hạn tự chấm điểm thi đua năm "
                    f"{cy.year} của {cy.cluster.name} ({deadline:%d/%m/%Y}); đơn vị chưa gửi "
                    "bảng điểm.")
        created += notify(
            units=[membership.unit], kind="scoring", message=text, link=link, due_on=deadline,
            key=f"movement-scoring:{cy.pk}:{membership.unit_id}:{day.isoformat()}",
        )
    return created


# --- progress and reviews ---------------------------------------------------------------


@transaction.atomic
def record_progress(actor, registration: Registration, reported_on: datetime.date, note: str,
                    items: dict[int, tuple[int, str]]) -> ProgressReport:
    if registration.movement.status not in PROGRESS_OPEN:
        raise ValidationError("Chỉ báo cáo tiến độ khi phong trào đang triển khai hoặc sơ kết.")
    if registration.status != RegistrationStatus.APPROVED:
        raise ValidationError("Đăng ký thi đua chưa được duyệt.")
    targets = {t.pk: t for t in registration.targets.all()}
    if not targets:
        raise ValidationError("Đăng ký không có chỉ tiêu để báo cáo tiến độ.")
    unknown = set(items) - set(targets)
    if unknown:
        raise ValidationError("Chỉ tiêu không thuộc đăng ký này.")
    for percent, _ in items.values():
        if not 0 <= percent <= 100:
            raise ValidationError("Mức độ hoàn thành phải từ 0 đến 100%.")
    report = ProgressReport.objects.create(
        registration=registration, reported_on=reported_on, note=note, created_by=actor
    )
    ProgressItem.objects.bulk_create(
        ProgressItem(report=report, target_id=tid, percent=p, note=n)
        for tid, (p, n) in items.items()
    )
    record(actor, "registration.progress", registration,
           {"progress": [None, {str(t): p for t, (p, _) in items.items()}]})
    return report


REVIEW_ALLOWED = {
    ReviewKind.MIDTERM: (MovementStatus.MIDTERM, MovementStatus.FINAL),
    ReviewKind.FINAL: (MovementStatus.FINAL,),
}


@transaction.atomic
def save_review(actor, movement: Movement, kind: str, held_on, results: str,
                findings: str = "") -> MovementReview:
    if movement.status not in REVIEW_ALLOWED[kind]:
        raise ValidationError(
            f"Chỉ ghi nhận {ReviewKind(kind).label.lower()} khi phong trào ở bước "
            f"{ReviewKind(kind).label.lower()}."
        )
    if not (results or "").strip():
        raise ValidationError("Nhập kết quả đạt được.")
    review = MovementReview.objects.filter(movement=movement, kind=kind).first()
    data = {"held_on": held_on, "results": results.strip(), "findings": (findings or "").strip()}
    if review is None:
        review = MovementReview.objects.create(
            movement=movement, kind=kind, created_by=actor, **data
        )
        record(actor, f"movement.review_{kind}", movement, {"held_on": [None, held_on]})
    else:
        changes = diff(review, data)
        for k, v in data.items():
            setattr(review, k, v)
        review.save()
        if changes:
            record(actor, f"movement.review_{kind}_update", movement, changes)
    return review


@transaction.atomic
def add_proposal(actor, review: MovementReview, award_code: str, reason: str, unit=None,
                 person=None) -> ReviewProposal:
    movement = review.movement
    if movement.status == MovementStatus.CLOSED:
        raise ValidationError("Phong trào đã kết thúc.")
    if (unit is None) == (person is None):
        raise ValidationError("Chọn một tập thể hoặc một cá nhân được đề nghị.")
    subject_unit = unit if unit is not None else person.unit
    if not movement.launching_unit.covers(subject_unit):
        raise ValidationError("Đối tượng đề nghị không thuộc phạm vi phong trào.")
    if not (reason or "").strip():
        raise ValidationError("Nhập thành tích, lý do đề nghị.")
    proposal = ReviewProposal.objects.create(
        review=review, unit=unit, person=person, award_code=award_code, reason=reason.strip()
    )
    record(actor, "movement.proposal_add", movement,
           {"proposal": [None, f"{proposal.subject} – {proposal.get_award_code_display()}"]})
    return proposal


@transaction.atomic
def remove_proposal(actor, proposal: ReviewProposal) -> None:
    movement = proposal.review.movement
    if movement.status == MovementStatus.CLOSED:
        raise ValidationError("Phong trào đã kết thúc.")
    label = str(proposal)
    proposal.delete()
    record(actor, "movement.proposal_remove", movement, {"proposal": [label, None]})


# --- clusters -------------------------------------------------------------------------


@transaction.atomic
def open_cluster_year(actor, cluster, year: int) -> ClusterYear:
    cy, made = ClusterYear.objects.get_or_create(cluster=cluster, year=year)
    if made:
        record(actor, "cluster_year.open", cy, {"year": [None, year]})
    return cy


@transaction.atomic
def set_leadership(actor, cluster, year: int, head: Unit, deputies: list[Unit]) -> None:
    members = {m.unit_id: m for m in ClusterMembership.objects.select_for_update().filter(
        cluster=cluster, year=year)}
    chosen = [head, *deputies]
    if any(u.pk not in members for u in chosen):
        raise ValidationError("Cụm trưởng và cụm phó phải là thành viên của cụm trong năm.")
    if head in deputies:
        raise ValidationError("Cụm trưởng không đồng thời là cụm phó.")
    if len(deputies) > 3:
        raise ValidationError("Tối đa ba cụm phó.")
    before = {m.unit_id: m.role for m in members.values()}
    for m in members.values():
        m.role = ClusterRole.MEMBER
    members[head.pk].role = ClusterRole.HEAD
    for d in deputies:
        members[d.pk].role = ClusterRole.DEPUTY
    ClusterMembership.objects.filter(cluster=cluster, year=year).update(role=ClusterRole.MEMBER)
    ClusterMembership.objects.bulk_update(members.values(), ["role"])
    cy = open_cluster_year(actor, cluster, year)
    record(actor, "cluster_year.leadership", cy, {
        "head": [next((uid for uid, r in before.items() if r == ClusterRole.HEAD), None),
                 head.code],
        "deputies": [None, [d.code for d in deputies]],
    })


@transaction.atomic
def save_pact(actor, cy: ClusterYear, signed_on, place: str, content: str,
              targets: list[str], scoring_deadline=None) -> ClusterYear:
    if cy.vote_closed:
        raise ValidationError("Năm thi đua của cụm đã chốt, không sửa giao ước.")
    if not targets:
        raise ValidationError("Nhập ít nhất một chỉ tiêu giao ước.")
    if scoring_deadline and signed_on and scoring_deadline < signed_on:
        raise ValidationError("Hạn tự chấm điểm phải sau ngày ký giao ước.")
    if scoring_deadline and scoring_deadline.year not in (cy.year, cy.year + 1):
        raise ValidationError(f"Hạn tự chấm điểm phải trong năm {cy.year} hoặc đầu năm sau.")
    data = {"pact_signed_on": signed_on, "pact_place": place.strip(), "pact_content": content,
            "scoring_deadline": scoring_deadline}
    changes = diff(cy, data)
    for k, v in data.items():
        setattr(cy, k, v)
    cy.save()
    old = list(cy.pact_targets.values_list("text", flat=True))
    if old != targets:
        cy.pact_targets.all().delete()
        PactTarget.objects.bulk_create(
            PactTarget(cluster_year=cy, order=i, text=t[:500]) for i, t in enumerate(targets, 1)
        )
        changes["targets"] = [len(old), len(targets)]
    if changes:
        record(actor, "cluster_year.pact", cy, changes)
    return cy


def _rubric_open(cy: ClusterYear) -> None:
    if Score.objects.filter(criterion__cluster_year=cy).exists():
        raise ValidationError("Đã có đơn vị chấm điểm; không thay đổi bộ tiêu chí.")


@transaction.atomic
def add_criterion(actor, cy: ClusterYear, kind: str, title: str, max_points: Decimal,
                  evidence_required: str = "") -> Criterion:
    _rubric_open(cy)
    if max_points is None or max_points <= 0:
        raise ValidationError("Điểm tối đa phải lớn hơn 0.")
    order = (cy.criteria.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    criterion = Criterion.objects.create(
        cluster_year=cy, order=order, kind=kind, title=title.strip(), max_points=max_points,
        evidence_required=evidence_required.strip(),
    )
    record(actor, "cluster_year.criterion_add", cy,
           {"criterion": [None, f"{criterion.title} ({max_points})"]})
    return criterion


@transaction.atomic
def remove_criterion(actor, criterion: Criterion) -> None:
    cy = criterion.cluster_year
    _rubric_open(cy)
    label = criterion.title
    criterion.delete()
    record(actor, "cluster_year.criterion_remove", cy, {"criterion": [label, None]})


def _member_units(cy: ClusterYear) -> set[int]:
    return set(ClusterMembership.objects.filter(cluster_id=cy.cluster_id, year=cy.year)
               .values_list("unit_id", flat=True))


def scorecard_for(cy: ClusterYear, unit: Unit) -> Scorecard:
    card, _ = Scorecard.objects.get_or_create(cluster_year=cy, unit=unit)
    return card


def _check_points(points, criterion: Criterion) -> Decimal:
    if points is None:
        raise ValidationError(f"Nhập điểm cho tiêu chí “{criterion.title}”.")
    if points < 0 or points > criterion.max_points:
        raise ValidationError(
            f"Điểm tiêu chí “{criterion.title}” phải từ 0 đến "
            f"{criterion.max_points.normalize():f}."
        )
    return points


@transaction.atomic
def save_self_scores(actor, cy: ClusterYear, unit: Unit,
                     entries: dict[int, tuple[Decimal, str, object]]) -> Scorecard:
    """entries: criterion id -> (points, evidence text, uploaded file or None)."""
    if unit.pk not in _member_units(cy):
        raise ValidationError("Đơn vị không phải thành viên cụm trong năm.")
    card = scorecard_for(cy, unit)
    if card.status != ScorecardStatus.DRAFT:
        raise ValidationError("Bảng điểm đã gửi cụm trưởng, không tự sửa được.")
    criteria = {c.pk: c for c in cy.criteria.all()}
    existing = {s.criterion_id: s for s in card.scores.all()}
    changed = {}
    for cid, (points, evidence, uploaded) in entries.items():
        criterion = criteria.get(cid)
        if criterion is None:
            raise ValidationError("Tiêu chí không thuộc bộ tiêu chí của cụm.")
        _check_points(points, criterion)
        validate_upload(uploaded, "movement_file")
        score = existing.get(cid) or Score(scorecard=card, criterion=criterion)
        if score.pk is None or score.self_points != points or score.evidence != evidence:
            changed[criterion.title[:40]] = [
                str(score.self_points) if score.pk else None, str(points)]
        score.self_points = points
        score.evidence = evidence
        if uploaded is not None:
            score.evidence_file.save(Path(uploaded.name).name, uploaded, save=False)
        score.save()
    if changed:
        record(actor, "scorecard.self_score", card, changed)
    return card


@transaction.atomic
def submit_scorecard(actor, card: Scorecard) -> Scorecard:
    if card.status != ScorecardStatus.DRAFT:
        raise ValidationError("Bảng điểm đã được gửi.")
    scored = set(card.scores.values_list("criterion_id", flat=True))
    missing = card.cluster_year.criteria.filter(kind=CriterionKind.STANDARD).exclude(
        pk__in=scored).count()
    if missing:
        raise ValidationError(f"Còn {missing} tiêu chí chưa tự chấm điểm.")
    card.status = ScorecardStatus.SUBMITTED
    card.submitted_at = timezone.now()
    card.save(update_fields=["status", "submitted_at"])
    record(actor, "scorecard.submit", card, {"status": [ScorecardStatus.DRAFT, card.status]})
    return card


@transaction.atomic
def review_scores(actor, card: Scorecard, entries: dict[int, tuple[Decimal, str]],
                  finish: bool = False) -> Scorecard:
    """The cluster head's review. entries: score id -> (points, reason). A change from the
    unit's own points needs a reason."""
    if card.status == ScorecardStatus.DRAFT:
        raise ValidationError("Đơn vị chưa gửi bảng điểm.")
    if card.cluster_year.vote_closed:
        raise ValidationError("Năm thi đua của cụm đã chốt.")
    scores = {s.pk: s for s in card.scores.select_related("criterion")}
    changes = {}
    for sid, (points, reason) in entries.items():
        score = scores.get(sid)
        if score is None:
            raise ValidationError("Điểm không thuộc bảng điểm này.")
        _check_points(points, score.criterion)
        reason = (reason or "").strip()
        if points != score.self_points and not reason:
            raise ValidationError(
                f"Nhập lý do điều chỉnh điểm tiêu chí “{score.criterion.title}”."
            )
        if points == score.self_points and not reason:
            new_points = None
        else:
            new_points = points
        if new_points != score.reviewed_points or reason != score.review_reason:
            changes[score.criterion.title[:40]] = [
                str(score.final_points), str(points), reason]
            score.reviewed_points = new_points
            score.review_reason = reason
            score.reviewed_by = actor
            score.save(update_fields=["reviewed_points", "review_reason", "reviewed_by"])
    if finish:
        card.status = ScorecardStatus.REVIEWED
        card.reviewed_at = timezone.now()
        card.save(update_fields=["status", "reviewed_at"])
        changes["status"] = [ScorecardStatus.SUBMITTED, ScorecardStatus.REVIEWED]
    if changes:
        record(actor, "scorecard.review", card, changes)
    return card


@transaction.atomic
def reopen_scorecard(actor, card: Scorecard, reason: str) -> Scorecard:
    """Send a submitted scorecard back to the unit (it then edits its own points again)."""
    if card.status == ScorecardStatus.DRAFT:
        raise ValidationError("Bảng điểm đang ở trạng thái tự chấm.")
    if not (reason or "").strip():
        raise ValidationError("Nhập lý do trả lại bảng điểm.")
    old = card.status
    card.status = ScorecardStatus.DRAFT
    card.save(update_fields=["status"])
    record(actor, "scorecard.reopen", card, {"status": [old, card.status]}, note=reason)
    return card


@transaction.atomic
def cast_vote(actor, cy: ClusterYear, voter: Unit, candidate: Unit) -> HonouringVote:
    if cy.vote_closed:
        raise ValidationError("Kết quả suy tôn đã chốt.")
    members = _member_units(cy)
    if voter.pk not in members or candidate.pk not in members:
        raise ValidationError("Đơn vị bỏ phiếu và đơn vị được suy tôn phải là thành viên cụm.")
    if voter.pk == candidate.pk:
        raise ValidationError("Đơn vị không tự suy tôn mình.")
    vote = HonouringVote.objects.filter(cluster_year=cy, voter_unit=voter).first()
    old = vote.candidate_unit.code if vote else None
    if vote is None:
        vote = HonouringVote(cluster_year=cy, voter_unit=voter)
    vote.candidate_unit = candidate
    vote.cast_by = actor
    vote.save()
    record(actor, "cluster_year.vote", cy, {voter.code: [old, candidate.code]})
    return vote


@transaction.atomic
def close_vote(actor, cy: ClusterYear, held_on, minutes: str, minutes_file=None) -> ClusterYear:
    from .selectors import vote_tally

    if cy.vote_closed:
        raise ValidationError("Kết quả suy tôn đã chốt.")
    if not (minutes or "").strip() and minutes_file is None and not cy.vote_minutes_file:
        raise ValidationError("Nhập nội dung hoặc đính kèm biên bản hội nghị suy tôn.")
    validate_upload(minutes_file, "movement_file")
    members = _member_units(cy)
    voted = cy.votes.count()
    if voted * 2 <= len(members):
        raise ValidationError(
            f"Mới có {voted}/{len(members)} đơn vị bỏ phiếu; cần quá nửa số thành viên."
        )
    cy.vote_held_on = held_on
    cy.vote_minutes = (minutes or "").strip()
    if minutes_file is not None:
        cy.vote_minutes_file.save(Path(minutes_file.name).name, minutes_file, save=False)
    cy.vote_closed = True
    cy.save()
    tally = vote_tally(cy)
    leader = tally[0] if tally else None
    record(actor, "cluster_year.vote_close", cy, {
        "leader": [None, leader.unit.code if leader else None],
        "votes": [None, leader.votes if leader else 0],
    })
    return cy
