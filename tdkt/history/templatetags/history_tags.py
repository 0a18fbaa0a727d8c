from django import template

from ..models import (
    DisciplineForm,
    InitiativeKind,
    InitiativeScope,
    LeaveKind,
    Method,
    Post,
    ProceedingKind,
    Rating,
)

register = template.Library()
LABELS = {
    "method": dict(Method.choices),
    "rating": dict(Rating.choices),
    "discipline": dict(DisciplineForm.choices),
    "initiative_kind": dict(InitiativeKind.choices),
    "initiative_scope": dict(InitiativeScope.choices),
    "leave": dict(LeaveKind.choices),
    "post": dict(Post.choices),
    "proceeding": dict(ProceedingKind.choices),
}


@register.filter
def label(value, kind):
    """{{ entry.method|label:"method" }} -> "Thường xuyên"."""
    return LABELS.get(kind, {}).get(value, value)
