"""Home task list: the user's unread notifications, one line (one query)."""

from django.db.models import Count, Min
from django.urls import reverse

from tdkt.dashboard.todo import TodoItem

from .selectors import unread


def items(user, scope, today) -> list[TodoItem]:
    figures = unread(user).aggregate(n=Count("pk"), due=Min("due_on"))
    if not figures["n"]:
        return []
    return [TodoItem(title="Thông báo chưa đọc", link=reverse("notifications:list") + "?chua-doc=1",
                     count=figures["n"], due_on=figures["due"], group="Thông báo")]
