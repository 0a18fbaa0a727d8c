"""{% unit_inspections unit %}: the unit's inspections and its open corrective actions, for
the unit page (two queries, limited by the viewer's scope)."""

from django import template
from django.utils import timezone

from tdkt.accounts.scoping import scope_of

from .. import selectors
from ..models import ActionStatus

register = template.Library()


@register.inclusion_tag("inspections/_unit_section.html", takes_context=True)
def unit_inspections(context, unit):
    request = context["request"]
    scope = scope_of(request)
    inspections = list(
        selectors.visible_inspections(scope).filter(unit=unit)
        .select_related("plan__issuing_unit").order_by("-plan__year", "-starts_on")[:10]
    )
    actions = list(
        selectors.visible_actions(scope).filter(owner_unit=unit)
        .exclude(status=ActionStatus.ACCEPTED).order_by("due_on")[:20]
    )
    return {"unit": unit, "inspections": inspections, "actions": actions,
            "today": timezone.localdate()}
