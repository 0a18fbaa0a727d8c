"""Role scopes: every view fetches domain objects through these getters.

A role assignment covers its unit and the unit's whole subtree (materialised path
prefix). Objects outside every scope of the user answer 404, so their existence is
not revealed; a read-only role attempting a write answers 403.

A person's own records (models declaring `person_field`, the lookup path to their Person:
the person, history rows, nominations and their attachments, eligibility results) are
narrower for a self-only role (staff, `SELF_ONLY_ROLES`): its grant reaches only the user's
own person in its subtree, never a colleague's. The unit's pages stay open to it.
"""

from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from .models import PERSONAL_DATA_ROLES, SELF_ONLY_ROLES, WRITE_ROLES, Role


@dataclass(frozen=True)
class Grant:
    role: str
    unit_id: int
    path: str


class Scope:
    """What one user may reach. Built once per request (see middleware)."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def grants(self) -> tuple[Grant, ...]:
        if not self.user.is_authenticated:
            return ()
        rows = self.user.role_assignments.select_related("unit").values_list(
            "role", "unit_id", "unit__path"
        )
        return tuple(Grant(role, unit_id, path) for role, unit_id, path in rows)

    @property
    def is_admin(self) -> bool:
        return self.user.is_superuser or any(g.role == Role.ADMIN for g in self.grants)

    def roles(self) -> set[str]:
        return {g.role for g in self.grants}

    def has_role(self, *roles: str) -> bool:
        return self.is_admin or any(g.role in roles for g in self.grants)

    def _roots(self, roles, keep) -> list[str]:
        if self.user.is_superuser:
            return [""]
        chosen = sorted(
            {
                g.path
                for g in self.grants
                if (roles is None or g.role in roles or g.role == Role.ADMIN) and keep(g.role)
            }
        )
        roots: list[str] = []
        for path in chosen:
            if not any(path.startswith(root) for root in roots):
                roots.append(path)
        return roots

    def paths(self, roles=None) -> list[str]:
        """Minimal set of subtree roots covered by the given roles (all roles if None)."""
        return self._roots(roles, lambda role: True)

    def people_paths(self, roles=None) -> list[str]:
        """Subtree roots where the user reads everyone's own records (people, history,
        dossiers…): `paths(roles)` without the grants of self-only roles (staff)."""
        return self._roots(roles, lambda role: role not in SELF_ONLY_ROLES)

    def _self_paths(self, roles=None) -> list[str]:
        """Roots of self-only grants not already inside a root of `people_paths`."""
        wider = self.people_paths(roles)
        return [
            root
            for root in self._roots(roles, lambda role: role in SELF_ONLY_ROLES)
            if not any(root.startswith(w) for w in wider)
        ]

    @staticmethod
    def _under(field: str, roots) -> Q | None:
        prefix = f"{field}__path__startswith" if field else "path__startswith"
        q = None
        for root in roots:
            q = Q(**{prefix: root}) if q is None else q | Q(**{prefix: root})
        return q

    def unit_q(self, field: str = "", roles=None, person_field: str | None = None) -> Q:
        """Q restricting a queryset to objects whose unit lies in scope.

        `field` is the lookup path from the model to its Unit ("" for Unit itself,
        "unit" for Person, "person__unit" for history rows…). `person_field`, for a
        person's own records, is the path to their Person ("" for Person itself): under a
        self-only grant only the user's own person's rows are in scope."""
        if person_field is None:
            q = self._under(field, self.paths(roles))
            return Q(pk__in=[]) if q is None else q
        q = self._under(field, self.people_paths(roles))
        own = getattr(self.user, "person_id", None)
        mine = self._under(field, self._self_paths(roles)) if own else None
        if mine is not None:
            mine &= Q(**{person_field or "pk": own})
            q = mine if q is None else q | mine
        return Q(pk__in=[]) if q is None else q

    def covers(self, unit, roles=None) -> bool:
        return any(unit.path.startswith(root) for root in self.paths(roles))

    def covers_people(self, unit, roles=None) -> bool:
        """Whether the user reads the own records of everyone in `unit` (not only theirs)."""
        return any(unit.path.startswith(root) for root in self.people_paths(roles))

    def can_write(self, unit) -> bool:
        return self.covers(unit, WRITE_ROLES)

    def can_see_personal_data(self, unit) -> bool:
        return self.covers(unit, PERSONAL_DATA_ROLES)

    # --- scoped getters -------------------------------------------------------------

    def filter(self, queryset: QuerySet, field: str | None = None, roles=None) -> QuerySet:
        """Restrict to objects in scope. `field` defaults to the model's `scope_field`,
        the lookup path from the model to its Unit ("" for Unit, "unit" for Person…).
        A model declaring `person_field` is a person's own record: narrowed to the user's
        own person under a self-only grant (see module docstring)."""
        if field is None:
            field = getattr(queryset.model, "scope_field", None)
            if field is None:
                raise ImproperlyConfigured(f"{queryset.model.__name__} has no scope_field")
        person_field = getattr(queryset.model, "person_field", None)
        return queryset.filter(self.unit_q(field, roles, person_field))

    def get(self, queryset: QuerySet, field: str | None = None, **lookup):
        """One object in scope, else 404 (never reveals objects of other scopes)."""
        try:
            return self.filter(queryset, field).get(**lookup)
        except queryset.model.DoesNotExist as exc:
            raise Http404("Không tìm thấy hoặc ngoài phạm vi của bạn.") from exc

    def require_write(self, unit) -> None:
        """403 for a user who can read `unit` but holds no write role over it."""
        if not self.can_write(unit):
            raise PermissionDenied("Vai trò của bạn chỉ được xem, không được thay đổi dữ liệu này.")


def scope_of(request) -> Scope:
    scope = getattr(request, "_tdkt_scope", None)
    if scope is None or scope.user is not request.user:
        scope = Scope(request.user)
        request._tdkt_scope = scope
    return scope


DEPT_ONLY = "Chỉ Thường trực Hội đồng TĐKT (Vụ TCCB) được thực hiện thao tác này."


def _scope_for(who) -> Scope:
    if isinstance(who, Scope):
        return who
    if hasattr(who, "user") and hasattr(who, "META"):  # a request: its cached scope
        return scope_of(who)
    return Scope(who)


def is_dept(who) -> bool:
    """Whether `who` (a user, a request or a Scope) holds the emulation department's role
    (Thường trực Hội đồng TĐKT, Vụ TCCB). The one check every app uses."""
    return _scope_for(who).has_role(Role.EMULATION_DEPT)


def require_dept(who, message: str = DEPT_ONLY) -> None:
    """403 unless `who` (a user, a request or a Scope) is the emulation department."""
    if not is_dept(who):
        raise PermissionDenied(message)
