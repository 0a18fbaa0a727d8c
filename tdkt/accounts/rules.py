"""Object permissions (django-rules). Views call these through `user.has_perm`."""

import rules

from .scoping import Scope


@rules.predicate
def can_write_unit_of(user, obj):
    if obj is None:
        return False
    unit = obj if hasattr(obj, "path") else obj.unit
    return Scope(user).can_write(unit)


@rules.predicate
def is_admin(user):
    return Scope(user).is_admin


rules.add_perm("people.change_person", can_write_unit_of)
rules.add_perm("audit.view_action", is_admin)
