from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render

from tdkt.accounts.models import User
from tdkt.accounts.scoping import scope_of
from tdkt.core.pagination import paginate

from .models import Action


def _require_admin(request):
    if not scope_of(request).is_admin:
        raise PermissionDenied("Chỉ quản trị hệ thống xem được nhật ký thao tác.")


def action_list(request):
    _require_admin(request)
    actions = Action.objects.select_related("actor")
    verb = request.GET.get("thao_tac", "").strip()
    if verb:
        actions = actions.filter(verb__startswith=verb)
    return render(
        request,
        "audit/action_list.html",
        {"actions": paginate(request, actions), "title": "Nhật ký thao tác", "verb": verb},
    )


def actions_by_user(request, user_pk):
    _require_admin(request)
    user = get_object_or_404(User, pk=user_pk)
    actions = Action.objects.filter(actor=user).select_related("actor")
    return render(
        request,
        "audit/action_list.html",
        {"actions": paginate(request, actions), "title": f"Thao tác của {user} ({user.username})"},
    )


def actions_by_object(request, target_type, target_id):
    _require_admin(request)
    actions = Action.objects.filter(target_type=target_type, target_id=target_id).select_related(
        "actor"
    )
    return render(
        request,
        "audit/action_list.html",
        {
            "actions": paginate(request, actions),
            "title": f"Lịch sử thao tác: {target_type} #{target_id}",
        },
    )
