"""Second factor (django-otp): who must have one, and what the session knows about it.

Administrators, the emulation department and council members must verify a TOTP code (or a
one-time recovery code) after their password when settings.TDKT_REQUIRE_MFA is on; anyone may
enrol voluntarily, and whoever has a confirmed authenticator is asked for its code at login."""

from django.conf import settings

from .models import Role

REQUIRED_ROLES = frozenset({Role.ADMIN, Role.EMULATION_DEPT, Role.COUNCIL_MEMBER})
# Set at login: the user has a confirmed authenticator (saves a query on every request).
HAS_DEVICE = "tdkt_mfa_device"
RECOVERY_CODES = 10


def confirmed_totp(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def required_for(scope) -> bool:
    return settings.TDKT_REQUIRE_MFA and (scope.is_admin or bool(scope.roles() & REQUIRED_ROLES))


def real_user(request):
    """request.user without its lazy wrapper (the audit log records model instances)."""
    user = request.user
    while hasattr(user, "_wrapped"):  # OTPMiddleware wraps AuthenticationMiddleware's wrapper
        _ = user.pk  # evaluate the lazy object
        user = user._wrapped
    return user


def pending_step(request) -> str | None:
    """The step still owed ("verify", "enrol") or None for the logged-in user of this request."""
    from .scoping import scope_of

    user = request.user
    if not user.is_authenticated or user.is_verified():
        return None
    if request.session.get(HAS_DEVICE):
        return "verify"
    if required_for(scope_of(request)):
        return "enrol"
    return None


def on_login(sender, request, user, **kwargs):
    """user_logged_in: remember whether a code will be asked, and start the session clock."""
    from .sessions import stamp_login

    if request is None or not hasattr(request, "session"):
        return
    stamp_login(request.session)
    request.session[HAS_DEVICE] = confirmed_totp(user) is not None
