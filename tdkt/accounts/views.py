from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from tdkt.core.pagination import paginate

from . import mfa, selectors, services
from .forms import RoleAssignForm, SecondFactorForm, UserCreateForm
from .models import RoleAssignment, User
from .scoping import scope_of


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the answer to a login for a locked username (HTTP 429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


def my_account(request):
    scope = scope_of(request)
    assignments = request.user.role_assignments.select_related("unit")
    return render(
        request,
        "accounts/me.html",
        {
            "assignments": assignments,
            "scope": scope,
            "has_second_factor": mfa.confirmed_totp(request.user) is not None,
            "second_factor_required": mfa.required_for(scope),
        },
    )


# --- second factor -------------------------------------------------------------------


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("core:home")


def mfa_verify(request):
    """After the password: the 6-digit code of the user's authenticator, or a recovery code."""
    user = mfa.real_user(request)
    if user.is_verified():
        return redirect(_next_url(request))
    if mfa.confirmed_totp(user) is None:
        request.session[mfa.HAS_DEVICE] = False
        if mfa.required_for(scope_of(request)):
            return redirect(f"{reverse('accounts:mfa_enrol')}?{request.GET.urlencode()}")
        return redirect(_next_url(request))
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.throttled(user):
            form.add_error("code", "Nhập sai nhiều lần. Chờ một lát rồi thử lại.")
        else:
            device = services.verify_second_factor(user, form.cleaned_data["code"])
            if device is not None:
                otp_login(request, device)
                return redirect(_next_url(request))
            form.add_error("code", "Mã không đúng hoặc đã được dùng. Thử lại.")
    return render(request, "accounts/mfa_verify.html", {"form": form, "next": _next_url(request)})


def mfa_enrol(request):
    """Set up an authenticator app: QR code and secret, confirm with a code, then show the
    recovery codes once."""
    user = mfa.real_user(request)
    if mfa.confirmed_totp(user) is not None:
        if not user.is_verified():
            request.session[mfa.HAS_DEVICE] = True
            return redirect(f"{reverse('accounts:mfa_verify')}?{request.GET.urlencode()}")
        messages.info(request, "Xác thực hai bước đã được bật cho tài khoản này.")
        return redirect("accounts:me")
    device = services.start_enrolment(user)
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not device.verify_is_allowed()[0]:
            form.add_error("code", "Nhập sai nhiều lần. Chờ một lát rồi thử lại.")
        elif codes := services.confirm_enrolment(user, device, form.cleaned_data["code"].strip()):
            otp_login(request, device)
            request.session[mfa.HAS_DEVICE] = True
            return render(
                request,
                "accounts/mfa_recovery_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
        else:
            form.add_error("code", "Mã không đúng. Kiểm tra giờ trên điện thoại và thử lại.")
    secret = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr_svg": mark_safe(segno.make(device.config_url, error="m").svg_inline(scale=4)),
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        "next": _next_url(request),
        "required": mfa.required_for(scope_of(request)),
    }
    return render(request, "accounts/mfa_enrol.html", context)


def _require_admin(request):
    if not scope_of(request).is_admin:
        raise PermissionDenied("Chỉ quản trị hệ thống quản lý tài khoản.")


def user_list(request):
    _require_admin(request)
    q = request.GET.get("q", "").strip()
    users = User.objects.order_by("username").prefetch_related("role_assignments__unit")
    for word in q.split():  # "Nguyễn Thị Hiền": every word in the username or the name
        users = users.filter(
            Q(username__icontains=word) | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
        )
    return render(request, "accounts/user_list.html", {"users": paginate(request, users), "q": q})


def user_create(request):
    _require_admin(request)
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.create_user(
                request.user,
                username=form.cleaned_data["username"],
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password"],
                person=form.cleaned_data["id_number"],
            )
        except ValidationError as exc:
            form.add_error("username", exc)
        else:
            messages.success(request, f"Đã tạo tài khoản {user.username}.")
            return redirect("accounts:user_detail", user_pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


def user_detail(request, user_pk):
    _require_admin(request)
    user = get_object_or_404(User.objects.select_related("person"), pk=user_pk)
    form = RoleAssignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.assign_role(
                request.user, user, form.cleaned_data["role"], form.cleaned_data["unit"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Đã phân quyền.")
            return redirect("accounts:user_detail", user_pk=user.pk)
    assignments = user.role_assignments.select_related("unit")
    return render(
        request,
        "accounts/user_detail.html",
        {
            "account": user,
            "assignments": assignments,
            "form": form,
            "has_second_factor": mfa.confirmed_totp(user) is not None,
        },
    )


@require_POST
def mfa_reset(request, user_pk):
    """An administrator removes a user's authenticator and recovery codes (lost phone)."""
    _require_admin(request)
    user = get_object_or_404(User, pk=user_pk)
    services.reset_second_factor(request.user, user)
    messages.success(request, f"Đã đặt lại xác thực hai bước của {user.username}.")
    return redirect("accounts:user_detail", user_pk=user.pk)


@require_POST
def role_revoke(request, assignment_pk):
    _require_admin(request)
    assignment = get_object_or_404(
        RoleAssignment.objects.select_related("unit", "user"), pk=assignment_pk
    )
    services.revoke_role(request.user, assignment)
    messages.success(request, "Đã thu hồi vai trò.")
    return redirect("accounts:user_detail", user_pk=assignment.user_id)


# --- locked accounts (django-axes) ---------------------------------------------------


def lockouts(request):
    _require_admin(request)
    context = {
        "locked": selectors.locked_accounts(),
        "limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "accounts/lockouts.html", context)


@require_POST
def unlock(request):
    _require_admin(request)
    username = request.POST.get("username", "")
    try:
        failures = services.unlock_account(request.user, username)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request, f"Đã mở khoá tài khoản {username} ({failures} lần đăng nhập sai)."
        )
    return redirect("accounts:lockouts")
