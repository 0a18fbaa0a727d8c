"""State changes of exemplars. Each runs in one transaction, locks the row it changes and is
audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tdkt.accounts.scoping import Scope, is_dept
from tdkt.audit.services import record

from .models import Exemplar, Source, Stage, Status, SubjectKind

STAGE_ORDER = [Stage.DISCOVER, Stage.FOSTER, Stage.SUMMARISE, Stage.REPLICATE]


def _clean(value: str, limit: int) -> str:
    return " ".join((value or "").split())[:limit]


def _check(kind, name, title, achievement, year):
    errors = {}
    if kind not in SubjectKind.values:
        errors["kind"] = "Chọn cá nhân hoặc tập thể."
    if not name:
        errors["name"] = "Nhập tên cá nhân hoặc tập thể."
    if not title:
        errors["title"] = "Nhập tiêu đề."
    if not (achievement or "").strip():
        errors["achievement"] = "Mô tả thành tích, việc làm tốt."
    if not year or not 2000 <= int(year) <= 2100:
        errors["year"] = "Năm không hợp lệ."
    if errors:
        raise ValidationError(errors)


def propose(actor, *, unit, kind, name, title, achievement, year, person=None,
            consent_publish=False, consent_note="") -> Exemplar:
    """A unit officer (in their subtree) or the department proposes an exemplar."""
    scope = Scope(actor)
    scope.require_write(unit)
    if person is not None and person.unit_id != unit.pk and not scope.covers(person.unit):
        raise PermissionDenied("Cán bộ ngoài phạm vi của bạn.")
    name, title = _clean(name, 255), _clean(title, 255)
    _check(kind, name, title, achievement, year)
    with transaction.atomic():
        ex = Exemplar.objects.create(
            kind=kind, unit=unit, person=person, name=name, title=title,
            achievement=achievement.strip(), year=year,
            source=Source.DEPT if is_dept(scope) else Source.UNIT,
            consent_publish=consent_publish, consent_note=_clean(consent_note, 255),
            created_by=actor,
        )
        record(actor, "exemplar.propose", ex, {"status": [None, ex.status]})
    _tell_moderators(ex)
    return ex


def report_public(*, unit, kind, name, title, achievement, year, reporter_name="",
                  reporter_contact="") -> Exemplar:
    """A "người tốt, việc tốt" report from the public form: waits for moderation by the
    department or the unit concerned. Nothing is published before it is accepted."""
    name, title = _clean(name, 255), _clean(title, 255)
    _check(kind, name, title, achievement, year)
    with transaction.atomic():
        ex = Exemplar.objects.create(
            kind=kind, unit=unit, name=name, title=title, achievement=achievement.strip()[:5000],
            year=year, source=Source.PUBLIC, reporter_name=_clean(reporter_name, 120),
            reporter_contact=_clean(reporter_contact, 120),
        )
        record(None, "exemplar.report", ex, {"status": [None, ex.status]})
    _tell_moderators(ex)
    return ex


def _tell_moderators(ex: Exemplar) -> None:
    try:
        from tdkt.notifications.services import notify
    except ImportError:  # pragma: no cover - notifications app not installed
        return
    notify(units=[ex.unit], message=f"Điển hình tiên tiến chờ xem xét: {ex.title}",
           link=reverse("exemplars:detail", kwargs={"exemplar_pk": ex.pk}),
           key=f"exemplar-proposed-{ex.pk}")


def _lock(ex: Exemplar) -> Exemplar:
    return Exemplar.objects.select_for_update().get(pk=ex.pk)


def decide(actor, ex: Exemplar, *, accept: bool, note: str = "") -> Exemplar:
    """Accept or decline a proposal: the department, or a writer over the unit concerned."""
    Scope(actor).require_write(ex.unit)
    note = _clean(note, 500)
    if not accept and not note:
        raise ValidationError("Nêu lý do không công nhận.")
    with transaction.atomic():
        ex = _lock(ex)
        if ex.status != Status.PROPOSED:
            raise ValidationError("Đề xuất này đã được xử lý.")
        old = ex.status
        ex.status = Status.ACCEPTED if accept else Status.DECLINED
        ex.decided_by, ex.decided_at, ex.decision_note = actor, timezone.now(), note
        ex.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        record(actor, "exemplar.accept" if accept else "exemplar.decline", ex,
               {"status": [old, ex.status]}, note=note)
    return ex


def advance(actor, ex: Exemplar) -> Exemplar:
    """Move an accepted exemplar to its next stage (discover → foster → summarise →
    replicate)."""
    Scope(actor).require_write(ex.unit)
    with transaction.atomic():
        ex = _lock(ex)
        if ex.status != Status.ACCEPTED:
            raise ValidationError("Chỉ điển hình đã được công nhận mới chuyển giai đoạn.")
        i = STAGE_ORDER.index(ex.stage)
        if i == len(STAGE_ORDER) - 1:
            raise ValidationError("Điển hình đã ở giai đoạn cuối.")
        old, ex.stage = ex.stage, STAGE_ORDER[i + 1]
        ex.save(update_fields=["stage"])
        record(actor, "exemplar.stage", ex, {"stage": [old, ex.stage]})
    return ex


def publish(actor, ex: Exemplar, *, story: str, consent_publish: bool | None = None,
            consent_note: str | None = None) -> Exemplar:
    """Publish (or update) the public story of an accepted exemplar. A person's name is shown
    only when their consent is recorded."""
    Scope(actor).require_write(ex.unit)
    story = (story or "").strip()
    if not story:
        raise ValidationError("Nhập nội dung bài viết trước khi công bố.")
    with transaction.atomic():
        ex = _lock(ex)
        if ex.status != Status.ACCEPTED:
            raise ValidationError("Chỉ công bố điển hình đã được công nhận.")
        changes = {"story": [bool(ex.story), True],
                   "published_at": [ex.published_at, ex.published_at or timezone.now()]}
        ex.story = story
        ex.published_at = ex.published_at or timezone.now()
        if consent_publish is not None:
            changes["consent_publish"] = [ex.consent_publish, consent_publish]
            ex.consent_publish = consent_publish
        if consent_note is not None:
            ex.consent_note = _clean(consent_note, 255)
        if ex.kind == SubjectKind.PERSON and ex.consent_publish and not ex.consent_note:
            raise ValidationError("Ghi căn cứ ghi nhận sự đồng ý công khai của cá nhân.")
        ex.save()
        record(actor, "exemplar.publish", ex, changes)
    return ex


def unpublish(actor, ex: Exemplar) -> Exemplar:
    Scope(actor).require_write(ex.unit)
    with transaction.atomic():
        ex = _lock(ex)
        old, ex.published_at = ex.published_at, None
        ex.featured = False
        ex.save(update_fields=["published_at", "featured"])
        record(actor, "exemplar.unpublish", ex, {"published_at": [old, None]})
    return ex


# --- fostering (bồi dưỡng) -----------------------------------------------------------------

def save_plan(actor, ex: Exemplar, *, responsible_unit, mentor: str, goals: str):
    """Create or change the fostering plan of an accepted exemplar."""
    from .models import FosterPlan

    scope = Scope(actor)
    scope.require_write(ex.unit)
    if not scope.covers(responsible_unit) and not is_dept(scope):
        raise PermissionDenied("Đơn vị phụ trách ngoài phạm vi của bạn.")
    if not (goals or "").strip():
        raise ValidationError({"goals": "Nêu mục tiêu bồi dưỡng."})
    with transaction.atomic():
        ex = _lock(ex)
        if ex.status != Status.ACCEPTED:
            raise ValidationError("Chỉ lập kế hoạch bồi dưỡng cho điển hình đã được công nhận.")
        plan, created = FosterPlan.objects.update_or_create(
            exemplar=ex, defaults={"responsible_unit": responsible_unit,
                                   "mentor": _clean(mentor, 160), "goals": goals.strip()})
        record(actor, "exemplar.plan", ex, {"responsible_unit": [None, responsible_unit.pk],
                                            "created": created})
    return plan


def add_milestone(actor, plan, *, title: str, due_on):
    from .models import Milestone

    Scope(actor).require_write(plan.exemplar.unit)
    title = _clean(title, 255)
    if not title or not due_on:
        raise ValidationError("Nhập tên mốc và hạn hoàn thành.")
    with transaction.atomic():
        m = Milestone.objects.create(plan=plan, title=title, due_on=due_on)
        record(actor, "exemplar.milestone", plan.exemplar, {"milestone": [None, title],
                                                            "due_on": [None, due_on]})
    return m


def complete_milestone(actor, milestone, *, done_on):
    from .models import Milestone

    Scope(actor).require_write(milestone.plan.exemplar.unit)
    with transaction.atomic():
        m = Milestone.objects.select_for_update().get(pk=milestone.pk)
        if m.done_on:
            raise ValidationError("Mốc này đã hoàn thành.")
        m.done_on = done_on
        m.save(update_fields=["done_on"])
        record(actor, "exemplar.milestone_done", milestone.plan.exemplar,
               {"milestone": m.title, "done_on": [None, done_on]})
    return m


def add_note(actor, ex: Exemplar, *, text: str):
    from .models import ProgressNote

    Scope(actor).require_write(ex.unit)
    text = (text or "").strip()
    if not text:
        raise ValidationError("Nhập nội dung ghi nhận tiến độ.")
    with transaction.atomic():
        note = ProgressNote.objects.create(exemplar=ex, text=text[:5000], author=actor)
        record(actor, "exemplar.note", ex, {"note": [None, note.pk]})
    return note


def remind_overdue_milestones(today) -> int:
    """Notify the responsible unit (and the exemplar's unit) of each overdue milestone, once
    per milestone (idempotent key). Returns how many notices were sent."""
    from tdkt.notifications.services import notify

    from .models import Milestone

    sent = 0
    overdue = (Milestone.objects.filter(done_on=None, due_on__lt=today,
                                        plan__exemplar__status=Status.ACCEPTED)
               .select_related("plan__exemplar", "plan__responsible_unit"))
    for m in overdue:
        ex = m.plan.exemplar
        sent += notify(
            units=list({u.pk: u for u in (m.plan.responsible_unit, ex.unit)}.values()),
            message=f"Mốc bồi dưỡng điển hình quá hạn ({m.due_on:%d/%m/%Y}): {m.title} — "
                    f"{ex.title}",
            link=reverse("exemplars:detail", kwargs={"exemplar_pk": ex.pk}),
            kind="reminder", key=f"exemplar-milestone-overdue-{m.pk}", due_on=m.due_on)
    return sent


def set_featured(actor, ex: Exemplar, featured: bool) -> Exemplar:
    """The department features (nêu gương) a published story on the public home, or stops."""
    from tdkt.accounts.scoping import require_dept

    require_dept(actor)
    with transaction.atomic():
        ex = _lock(ex)
        if featured and (ex.status != Status.ACCEPTED or ex.published_at is None):
            raise ValidationError("Chỉ nêu gương bài viết đã công bố.")
        if ex.featured == featured:
            return ex
        ex.featured = featured
        ex.save(update_fields=["featured"])
        record(actor, "exemplar.feature" if featured else "exemplar.unfeature", ex,
               {"featured": [not featured, featured]})
    return ex
