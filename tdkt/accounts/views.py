from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from tdkt.core.pagination import paginate

from . import services
from .forms import RoleAssignForm, UserCreateForm
from .models import RoleAssignment, User
from .scoping import scope_of


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def my_account(request):
    scope = scope_of(request)
    assignments = request.user.role_assignments.select_related("unit")
    return render(request, "accounts/me.html", {"assignments": assignments, "scope": scope})


def _require_admin(request):
    if not scope_of(request).is_admin:
        raise PermissionDenied("Chỉ quản trị hệ thống quản lý tài khoản.")


def user_list(request):
    _require_admin(request)
    q = request.GET.get("q", "").strip()
    users = User.objects.order_by("username").prefetch_related("role_assignments__unit")
    if q:
        users = users.filter(
            Q(username__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q)
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
        {"account": user, "assignments": assignments, "form": form},
    )


@require_POST
def role_revoke(request, assignment_pk):
    _require_admin(request)
    assignment = get_object_or_404(
        RoleAssignment.objects.select_related("unit", "user"), pk=assignment_pk
    )
    services.revoke_role(request.user, assignment)
    messages.success(request, "Đã thu hồi vai trò.")
    return redirect("accounts:user_detail", user_pk=assignment.user_id)
