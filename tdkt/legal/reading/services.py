"""State changes of read tracking: assign (the department), confirm (the reader), remind (a
unit officer's "Nhắc" and the daily command). Each change runs in one transaction and is
audited; confirming locks the assignment's row and is idempotent."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from tdkt.accounts.models import Role, RoleAssignment, User
from tdkt.accounts.scoping import Scope, require_dept
from tdkt.audit.services import record
from tdkt.notifications.services import notify
from tdkt.organisation.models import Unit
from tdkt.people.models import Person

from ..models import LegalDocument, Reading, ReadingAssignment
from . import selectors

NOTE_MAX = 1000
# The daily command stops reminding this many days after the deadline.
OVERDUE_REMIND_DAYS = 60


def _roots(units) -> list[Unit]:
    """The chosen units without those already inside another chosen unit's subtree."""
    chosen = sorted({u.pk: u for u in units}.values(), key=lambda u: u.path)
    roots: list[Unit] = []
    for unit in chosen:
        if not any(unit.path.startswith(r.path) for r in roots):
            roots.append(unit)
    return roots


def assign(actor, *, document: LegalDocument, due_on: datetime.date, whole_sector: bool,
           units=(), note: str = "", today: datetime.date | None = None) -> ReadingAssignment:
    """The department gives `document` to read, to the whole sector or to `units` (each with
    its subtree), by `due_on`. The officers of the units concerned are notified."""
    require_dept(actor)
    today = today or timezone.localdate()
    note = (note or "").strip()[:NOTE_MAX]
    roots = [] if whole_sector else _roots(units)
    errors = {}
    if not whole_sector and not roots:
        errors["units"] = "Chọn toàn ngành hoặc ít nhất một đơn vị."
    if due_on is None:
        errors["due_on"] = "Chọn hạn đọc."
    elif due_on < today:
        errors["due_on"] = "Hạn đọc không được trước ngày hôm nay."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        a = ReadingAssignment.objects.create(document=document, whole_sector=whole_sector,
                                             due_on=due_on, note=note, created_by=actor)
        a.units.set(roots)
        record(actor, "legal.reading_assigned", a, {
            "document": [None, document.code], "whole_sector": [None, whole_sector],
            "units": [None, [u.code for u in roots]], "due_on": [None, due_on]})
    officers = RoleAssignment.objects.filter(role__in=(Role.UNIT_OFFICER, Role.UNIT_HEAD))
    if not whole_sector:
        officers = officers.filter(selectors.readers_q(a))
    notify(units=sorted(set(officers.values_list("unit_id", flat=True))),
           message=f"Vụ TCCB giao đọc {document} — {document.title}; hạn {due_on:%d/%m/%Y}.",
           link=reverse("legal:reading_overview"), key=f"legal-reading-assigned:{a.pk}",
           due_on=due_on)
    return a


def confirm(user, assignment: ReadingAssignment) -> tuple[Reading, bool]:
    """The signed-in reader confirms they read the document ("Tôi đã đọc"): recorded for
    the user's own staff record only, once (a second confirmation changes nothing).
    (reading, created)."""
    person = Person.objects.select_related("unit").filter(pk=user.person_id).first()
    if person is None:
        raise PermissionDenied("Tài khoản của bạn chưa gắn với hồ sơ cán bộ.")
    with transaction.atomic():
        a = (ReadingAssignment.objects.select_for_update().select_related("document")
             .get(pk=assignment.pk))
        if not selectors.covers(a, person.unit.path):
            raise PermissionDenied("Văn bản này không được giao cho đơn vị của bạn.")
        existing = Reading.objects.filter(assignment=a, person=person).first()
        if existing is not None:
            return existing, False
        reading = Reading.objects.create(assignment=a, person=person, user=user,
                                         read_at=timezone.now())
        record(user, "legal.reading_confirmed", a, {
            "person": [None, person.full_name], "read_at": [None, reading.read_at]})
    return reading, True


def _unread_users(a: ReadingAssignment, under: str = ""):
    """Accounts of readers (under the subtree `under`) who have not confirmed."""
    done = Reading.objects.filter(assignment=a, person=OuterRef("person"))
    return (User.objects.filter(is_active=True, person__isnull=False,
                                person__unit__path__startswith=under)
            .filter(selectors.readers_q(a, "person__unit")).exclude(Exists(done)))


def _message(a: ReadingAssignment, today: datetime.date) -> str:
    doc = a.document
    if a.due_on < today:
        return f"Bạn chưa xác nhận đã đọc {doc} — {doc.title} (hạn {a.due_on:%d/%m/%Y} đã qua)."
    return f"Nhắc đọc {doc} — {doc.title}: hạn xác nhận đã đọc {a.due_on:%d/%m/%Y}."


def nudge(actor, assignment: ReadingAssignment, unit: Unit,
          today: datetime.date | None = None) -> int:
    """A unit officer's "Nhắc": every reader of `unit`'s subtree with an account who has
    not confirmed gets a notice, at most once a day. How many were notified."""
    Scope(actor).require_write(unit)
    today = today or timezone.localdate()
    if not any(p.startswith(unit.path) or unit.path.startswith(p)
               for p in selectors.target_paths(assignment)):
        raise ValidationError("Văn bản này không được giao cho đơn vị này.")
    users = list(_unread_users(assignment, unit.path).values_list("pk", flat=True))
    with transaction.atomic():
        n = notify(users=users, message=_message(assignment, today),
                   link=reverse("legal:reading_mine"), kind="reminder",
                   key=f"legal-reading-nudge:{assignment.pk}:{today.isoformat()}",
                   due_on=assignment.due_on)
        record(actor, "legal.reading_reminded", assignment,
               {"unit": unit.code, "notified": [None, n]})
    return n


def send_reminders(today: datetime.date | None = None, within_days: int = 7) -> int:
    """Daily: each reader with an account who has not confirmed is reminded once when the
    deadline is `within_days` away and once when it has passed; the officers of each unit
    with overdue readers get one summary a week (for OVERDUE_REMIND_DAYS after the deadline).
    Idempotent by key: running twice the same day sends nothing more. Notices created."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=within_days)
    oldest = today - datetime.timedelta(days=OVERDUE_REMIND_DAYS)
    due = (ReadingAssignment.objects.filter(due_on__gte=oldest, due_on__lte=horizon)
           .select_related("document").prefetch_related("units"))
    officer_units = sorted(RoleAssignment.objects.filter(role=Role.UNIT_OFFICER)
                           .values_list("unit__path", "unit_id").distinct(), reverse=True)
    iso = today.isocalendar()
    week = f"{iso.year}-W{iso.week:02d}"
    sent = 0
    for a in due:
        overdue = a.due_on < today
        users = list(_unread_users(a).values_list("pk", flat=True))
        sent += notify(users=users, message=_message(a, today),
                       link=reverse("legal:reading_mine"), kind="reminder",
                       key=f"legal-reading-{'overdue' if overdue else 'soon'}:{a.pk}",
                       due_on=a.due_on)
        if not overdue:
            continue
        late = (Person.objects.filter(selectors.readers_q(a))
                .exclude(Exists(Reading.objects.filter(assignment=a, person=OuterRef("pk"))))
                .values_list("unit__path").annotate(n=Count("pk")).values_list("unit__path", "n"))
        per_unit: dict[int, int] = {}
        for path, n in late:
            # the nearest unit above (or at) the person's unit with an emulation officer
            owner = next((uid for upath, uid in officer_units if path.startswith(upath)), None)
            if owner is not None:
                per_unit[owner] = per_unit.get(owner, 0) + n
        for unit_id, n in per_unit.items():
            sent += notify(
                units=[unit_id], kind="reminder", due_on=a.due_on,
                message=f"Còn {n} cán bộ chưa xác nhận đã đọc {a.document} (hạn "
                        f"{a.due_on:%d/%m/%Y} đã qua).",
                link=reverse("legal:reading_overview"),
                key=f"legal-reading-unit:{a.pk}:{week}")
    return sent
