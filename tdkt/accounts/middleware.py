from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse

from . import mfa, sessions

# Paths open without login: the login page itself, static files and public pages
# (honours board, public disclosure, certificate verification) under /cong-khai/.
PUBLIC_PREFIXES = ("/dang-nhap/", "/static/", "/cong-khai/", "/healthz", "/ping")


class LoginRequiredByDefault:
    """Everything needs a login unless it is explicitly public."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (not request.user.is_authenticated and request.path == "/"
                and not getattr(request, "session_expired", False)):
            return redirect("core:public_home")  # the public face; it links to the login
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PREFIXES):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)


class SessionLimits:
    """Logs the user out once the session is past its absolute or idle limit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and sessions.expired(request.session):
            logout(request)
            request.session_expired = True  # back to the login page, not the public home
            messages.info(request, "Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.")
        return self.get_response(request)


class RequireSecondFactor:
    """A user who owes a second factor reaches only the second-factor pages, logout and
    public pages until they have given it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        open_prefixes = (
            reverse("accounts:mfa_verify"),  # enrolment lives under it too
            reverse("accounts:logout"),
            *PUBLIC_PREFIXES,
        )
        if request.path.startswith(open_prefixes):
            return self.get_response(request)
        step = mfa.pending_step(request)
        if step is None:
            return self.get_response(request)
        url = reverse("accounts:mfa_verify" if step == "verify" else "accounts:mfa_enrol")
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)
