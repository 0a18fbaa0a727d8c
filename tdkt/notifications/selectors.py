"""Who sees which notification, and the pages' reads (a constant number of queries)."""

from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet, Value

from tdkt.accounts.models import Role, RoleAssignment

from .models import Notification, NotificationRead

# Roles assigned to a unit whose holders receive the unit's notifications. Staff and
# council members receive only notifications addressed to them personally.
RECIPIENT_ROLES = (Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.EMULATION_DEPT)


def recipient_units(user) -> QuerySet:
    """The ids of the units whose notifications `user` reads (a subquery)."""
    return RoleAssignment.objects.filter(user_id=user.pk, role__in=RECIPIENT_ROLES).values(
        "unit_id"
    )


def visible_q(user) -> Q:
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    return Q(user_id=user.pk) | Q(user__isnull=True, unit_id__in=recipient_units(user))


def visible(user) -> QuerySet:
    """Every notification `user` may read: addressed to them, or to a unit they serve."""
    return Notification.objects.filter(visible_q(user))


def _read_by(user):
    return Exists(NotificationRead.objects.filter(notification=OuterRef("pk"), user_id=user.pk))


def for_page(user, only_unread: bool = False) -> QuerySet:
    """The user's notifications, unread first, newest first, with `is_read` annotated."""
    qs = visible(user).annotate(is_read=_read_by(user)).select_related("unit")
    if only_unread:
        qs = qs.filter(is_read=False)
    return qs.order_by("is_read", "-created_at", "-id")


def unread(user) -> QuerySet:
    return visible(user).filter(~_read_by(user))


def unread_count(user) -> int:
    """One query: the header badge."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return unread(user).count()


def latest_unread(user, limit: int = 20) -> list:
    """For pages that show a few unread notices (movements' index): one query."""
    return list(
        unread(user).annotate(is_read=Value(False, output_field=BooleanField()))
        .select_related("unit").order_by("-created_at", "-id")[:limit]
    )
