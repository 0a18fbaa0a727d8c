"""Users and role assignments; only administrators call these (views check)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from tdkt.audit.services import record

from .models import RoleAssignment, User


@transaction.atomic
def create_user(actor, *, username: str, full_name: str, password: str, person=None) -> User:
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(f"Tên đăng nhập “{username}” đã được dùng.")
    user = User(username=username, person=person)
    # The account shows the linked staff record's name; its own name is written in
    # Vietnamese order (family, middle, given).
    user.set_full_name(person.full_name if person is not None else full_name)
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


# --- login throttling ----------------------------------------------------------------


@transaction.atomic
def unlock_account(actor, username: str) -> int:
    """Clear a username's failed logins (django-axes); returns how many failures were cleared."""
    from axes.handlers.proxy import AxesProxyHandler
    from axes.models import AccessAttempt

    attempts = list(AccessAttempt.objects.filter(username=username))
    if not attempts:
        raise ValidationError(f"Tài khoản “{username}” không bị khoá.")
    failures = sum(a.failures_since_start for a in attempts)
    AxesProxyHandler.reset_attempts(username=username)
    target = User.objects.filter(username=username).first() or attempts[0]
    record(actor, "user.unlock", target, {"failed_logins": [failures, 0]}, note=username)
    return failures


# --- second factor -------------------------------------------------------------------


def start_enrolment(user):
    """The user's unconfirmed authenticator, created on first visit (secret shown as QR)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=False)
    return device


def confirm_enrolment(user, device, code: str) -> list[str] | None:
    """Confirm the authenticator with a code it shows; returns the new recovery codes (shown
    once), or None when the code is wrong (audited)."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    from .mfa import RECOVERY_CODES

    with transaction.atomic():
        if not device.verify_token(code):
            record(user, "mfa.enrol_failed", user)
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        StaticDevice.objects.filter(user=user).delete()
        static = StaticDevice.objects.create(user=user, name="Mã khôi phục", confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=static, token=c) for c in codes)
        record(user, "mfa.enrol", user, {"recovery_codes": [None, RECOVERY_CODES]})
    return codes


@transaction.atomic
def reset_second_factor(actor, user) -> None:
    """Remove the user's authenticators and recovery codes; their next login starts over."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    record(actor, "mfa.reset", user, {"authenticators": [removed, 0]})


def verify_second_factor(user, code: str):
    """The device that accepts `code` (a 6-digit TOTP code or a recovery code, used up), or
    None (audited)."""
    from django_otp.plugins.otp_static.models import StaticDevice

    from .mfa import confirmed_totp

    code = code.strip().replace(" ", "").replace("-", "")
    device = None
    with transaction.atomic():
        if code.isdigit():
            candidate = confirmed_totp(user)
        else:
            code = code.lower()
            candidate = StaticDevice.objects.filter(user=user, confirmed=True).first()
        if candidate is not None and candidate.verify_token(code):
            device = candidate
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                record(user, "mfa.recovery_used", user, {"recovery_codes_left": [left + 1, left]})
    if device is None:
        with transaction.atomic():
            record(user, "mfa.verify_failed", user)
    return device


def throttled(user) -> bool:
    """True while the user's devices refuse codes after repeated failures."""
    from django_otp import devices_for_user

    return any(not d.verify_is_allowed()[0] for d in devices_for_user(user))
