from django.contrib.auth import views as auth_views
from django.shortcuts import render

from .scoping import scope_of


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def my_account(request):
    scope = scope_of(request)
    assignments = request.user.role_assignments.select_related("unit")
    return render(request, "accounts/me.html", {"assignments": assignments, "scope": scope})
