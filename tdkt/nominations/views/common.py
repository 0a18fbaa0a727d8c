"""Helpers shared by the nomination views."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError

from tdkt.accounts.models import Role
from tdkt.accounts.scoping import is_dept, require_dept
from tdkt.organisation.models import Unit

from .. import selectors
from ..calendar import WorkCalendar
from ..config import award_configs


def _errors(request, exc):
    if isinstance(exc, ValidationError):
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.error(request, str(exc))


# One check for the whole project (tdkt.accounts.scoping); they take the request.
_require_dept = require_dept
_is_dept = is_dept


def _dept_unit(scope):
    """The unit the department acts for: its highest role unit (the Ministry)."""
    paths = scope.paths([Role.EMULATION_DEPT])
    if not paths or paths == [""]:
        return Unit.objects.order_by("path").first()
    return Unit.objects.get(path=min(paths, key=len))


def _viewer(request, unit=None, *, dept=None, chair=False):
    """Who the viewer is for a page's next step (next_steps.Viewer): for `unit` when given,
    else anywhere in their scope."""
    from tdkt.accounts.scoping import scope_of

    from ..models import CouncilMember
    from ..next_steps import Viewer
    from ..services import can_head

    scope = scope_of(request)
    if unit is not None:
        officer, head = scope.can_write(unit), can_head(request.user, unit)
    else:
        officer = bool(scope.paths([Role.UNIT_OFFICER]))
        head = bool(scope.paths([Role.UNIT_HEAD]))
    council = scope.has_role(Role.COUNCIL_MEMBER) or CouncilMember.objects.filter(
        user=request.user, left_on__isnull=True).exists()
    return Viewer(officer=officer and not scope.is_admin, head=head,
                  dept=_is_dept(request) if dept is None else dept, council=council,
                  chair=chair)


def _today():
    return datetime.date.today()


def _names(codes):
    return {c: r.name for c, r in award_configs(set(codes)).items()}


def _annotate(nominations, today=None):
    """Attach award names and working-day clocks to a page of nominations (no per-row query
    beyond the prefetches)."""
    today = today or _today()
    nominations = list(nominations)
    cal = WorkCalendar()
    names = _names({n.award_code for n in nominations})
    for n in nominations:
        n.award_name = names.get(n.award_code, n.award_code)
        n.clock = selectors.clock(n, cal, today)
    return nominations
