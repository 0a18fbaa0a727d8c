"""Shared helpers of the nomination services: roles, the status machine (`_move`) and
unit notifications."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError

from tdkt.accounts.models import Role
from tdkt.accounts.scoping import Scope
from tdkt.accounts.scoping import is_dept as is_dept  # re-exported
from tdkt.accounts.scoping import require_dept as require_dept  # re-exported
from tdkt.audit.services import record
from tdkt.notifications import services as notifications

from ..models import (
    Nomination,
    NominationEvent,
    Status,
)

HEAD, DEPT = "head", "dept"


# (from, to) -> who may take the step.
TRANSITIONS: dict[tuple[str, str], str] = {
    (Status.DRAFT, Status.SUBMITTED): HEAD,
    (Status.RETURNED, Status.SUBMITTED): HEAD,
    (Status.SUBMITTED, Status.UNDER_APPRAISAL): DEPT,
    (Status.SUBMITTED, Status.RETURNED): DEPT,
    (Status.UNDER_APPRAISAL, Status.RETURNED): DEPT,
    (Status.APPRAISED, Status.RETURNED): DEPT,
    (Status.UNDER_APPRAISAL, Status.APPRAISED): DEPT,
    (Status.APPRAISED, Status.AT_COUNCIL): DEPT,
    (Status.APPRAISED, Status.APPROVED): DEPT,  # simplified procedure only
    (Status.AT_COUNCIL, Status.IN_DISCLOSURE): DEPT,
    (Status.AT_COUNCIL, Status.APPROVED): DEPT,
    (Status.AT_COUNCIL, Status.NOT_APPROVED): DEPT,
    (Status.IN_DISCLOSURE, Status.APPROVED): DEPT,
    (Status.IN_DISCLOSURE, Status.NOT_APPROVED): DEPT,
    (Status.APPROVED, Status.DECIDED): DEPT,
    (Status.DECIDED, Status.REVOKED): DEPT,
}


def _today(today):
    return today or datetime.date.today()


def _scope(actor) -> Scope:
    return Scope(actor)


def can_head(actor, unit) -> bool:
    return _scope(actor).covers(unit, {Role.UNIT_HEAD})


def _require_role(actor, who: str, nomination: Nomination) -> None:
    scope = _scope(actor)
    if who == HEAD:
        if not scope.covers(nomination.proposing_unit, {Role.UNIT_HEAD}):
            raise PermissionDenied("Chỉ thủ trưởng đơn vị được phê duyệt và trình hồ sơ.")
    elif who == DEPT:
        if nomination.round.unit_round:
            # A unit's own year-end round: its officer, head and council act where the
            # Ministry's department would (the chair tallies; services/unit_rounds.py).
            if not scope.covers(nomination.round.organiser,
                                {Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.COUNCIL_MEMBER}):
                raise PermissionDenied(
                    "Chỉ cán bộ thi đua, khen thưởng, thủ trưởng và Hội đồng của đơn vị tổ chức "
                    "đợt bình xét được thực hiện thao tác này.")
            return
        if not (scope.has_role(Role.EMULATION_DEPT) and scope.covers(nomination.proposing_unit)):
            raise PermissionDenied(
                "Chỉ Thường trực Hội đồng TĐKT (Vụ TCCB) được thực hiện thao tác này."
            )


def _require_officer(actor, unit) -> None:
    _scope(actor).require_write(unit)


def lock(obj):
    """Lock `obj`'s row (SELECT … FOR UPDATE, held until the transaction ends) and re-read it
    into `obj`, so the state checks that follow see what is stored, not what the caller
    loaded earlier. Call it first thing in every transition, inside `transaction.atomic`."""
    obj.refresh_from_db(from_queryset=type(obj)._default_manager.select_for_update())
    return obj


def _move(actor, nomination: Nomination, to: str, note: str = "", today=None,
          changes: dict | None = None) -> None:
    # The stored status, read under a row lock: a stale in-memory object cannot move a
    # nomination from a status it has already left.
    old = (Nomination.objects.select_for_update().values_list("status", flat=True)
           .get(pk=nomination.pk))
    nomination.status = old
    who = TRANSITIONS.get((old, to))
    if who is None:
        raise ValidationError(
            f"Không thể chuyển hồ sơ từ “{Status(old).label}” sang “{Status(to).label}”."
        )
    _require_role(actor, who, nomination)
    nomination.status = to
    nomination.status_since = _today(today)
    nomination.save(update_fields=["status", "status_since"])
    NominationEvent.objects.create(
        nomination=nomination, from_status=old, to_status=to, actor=actor, note=note
    )
    record(actor, f"nomination.{to}", nomination, {"status": [old, to], **(changes or {})},
           note=note[:500])


def notify(unit, message: str, link: str = "", key: str | None = None,
           kind: str = "nomination", due_on: datetime.date | None = None) -> int:
    """Tell a unit's officers, through the one notification service (in the app, and by
    e-mail as each chose). With `key`, never twice; returns how many were created."""
    return notifications.notify(units=[unit], message=message, link=link, key=key, kind=kind,
                                due_on=due_on)
