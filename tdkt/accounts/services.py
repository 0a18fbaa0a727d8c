"""Users and role assignments; only administrators call these (views check)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from tdkt.audit.services import record

from .models import RoleAssignment, User


@transaction.atomic
def create_user(actor, *, username: str, full_name: str, password: str, person=None) -> User:
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(f"Tên đăng nhập “{username}” đã được dùng.")
    *last, first = full_name.split() or [""]
    user = User(username=username, first_name=first, last_name=" ".join(last), person=person)
    user.set_password(password)
    user.save()
    record(actor, "user.create", user, {"username": [None, username]})
    return user


@transaction.atomic
def assign_role(actor, user: User, role: str, unit) -> RoleAssignment:
    if RoleAssignment.objects.filter(user=user, role=role, unit=unit).exists():
        raise ValidationError("Tài khoản đã có vai trò này tại đơn vị này.")
    if unit.effective_to is not None:
        raise ValidationError("Không thể phân quyền tại đơn vị đã giải thể hoặc sáp nhập.")
    assignment = RoleAssignment.objects.create(user=user, role=role, unit=unit)
    record(actor, "user.assign_role", user, {"role": [None, f"{role}@{unit.code}"]})
    return assignment


@transaction.atomic
def revoke_role(actor, assignment: RoleAssignment) -> None:
    label = f"{assignment.role}@{assignment.unit.code}"
    user = assignment.user
    assignment.delete()
    record(actor, "user.revoke_role", user, {"role": [label, None]})
