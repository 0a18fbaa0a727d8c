from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from tdkt.accounts.scoping import scope_of
from tdkt.core.pagination import paginate

from . import selectors, services
from .forms import PreferenceForm
from .models import Delivery, EmailDelivery, EmailStatus, Notification


def notification_list(request):
    only_unread = request.GET.get("chua-doc") == "1"
    page = paginate(request, selectors.for_page(request.user, only_unread=only_unread))
    return render(request, "notifications/list.html", {
        "page": page, "only_unread": only_unread,
        "delivery": Delivery(services.delivery_of(request.user)).label,
    })


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


@require_POST
def mark_read(request, notification_pk):
    try:
        note = selectors.visible(request.user).get(pk=notification_pk)
        services.mark_read(request.user, note)
    except Notification.DoesNotExist as exc:
        raise Http404("Không tìm thấy hoặc ngoài phạm vi của bạn.") from exc
    if request.POST.get("mo") and note.link.startswith("/") and not note.link.startswith("//"):
        return redirect(note.link)
    return redirect(_safe_next(request, "notifications:list"))


@require_POST
def mark_all_read(request):
    n = services.mark_all_read(request.user)
    messages.success(request, f"Đã đánh dấu {n} thông báo là đã đọc." if n else
                     "Không còn thông báo chưa đọc.")
    return redirect(_safe_next(request, "notifications:list"))


def preferences(request):
    current = services.delivery_of(request.user)
    form = PreferenceForm(request.POST or None, initial={"delivery": current})
    if request.method == "POST" and form.is_valid():
        services.set_delivery(request.user, request.user, form.cleaned_data["delivery"])
        messages.success(request, "Đã lưu cách nhận thông báo.")
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {
        "form": form, "has_email": bool(request.user.email),
    })


def email_log(request):
    """Administrators: e-mails sent, failed, or skipped because the account has no address."""
    if not scope_of(request).is_admin:
        raise PermissionDenied("Chỉ quản trị hệ thống xem được nhật ký gửi thư.")
    status = request.GET.get("trang-thai", "")
    qs = EmailDelivery.objects.select_related("user").order_by("-created_at", "-id")
    if status in EmailStatus.values:
        qs = qs.filter(status=status)
    return render(request, "notifications/email_log.html", {
        "page": paginate(request, qs), "status": status, "statuses": EmailStatus.choices,
        "skipped": EmailDelivery.objects.filter(status=EmailStatus.NO_ADDRESS)
        .values("user").distinct().count(),
    })
