"""The home page's task list: what is waiting for *this* user today.

Any app may add a module `tdkt/<app>/todo.py` with

    def items(user, scope, today) -> list[TodoItem]

It is discovered automatically (every installed app is looked at once). Each `items()`
answers with a constant number of queries whatever the amount of data (set-based, grouped
counts; tested with django_assert_max_num_queries at two data sizes), and only with what the
user's role scope lets them act on.

    from tdkt.dashboard.todo import TodoItem
    TodoItem(title="Hồ sơ chờ thẩm định", link="/khen-thuong/tham-dinh/", count=12,
             due_on=date(2026, 12, 20), group="Khen thưởng")

An item is overdue when `due_on < today`; overdue items are shown first.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from functools import cache
from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule

logger = logging.getLogger(__name__)

MODULE = "todo"


@dataclass(frozen=True)
class TodoItem:
    title: str
    link: str
    count: int = 1
    due_on: datetime.date | None = None
    group: str = ""

    def overdue(self, today: datetime.date) -> bool:
        return self.due_on is not None and self.due_on < today


@cache
def providers() -> tuple:
    """The `items` callables of every installed app's todo module, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        if config.name == __name__.rsplit(".", 1)[0]:
            continue
        if not module_has_submodule(config.module, MODULE):
            continue
        module = import_module(f"{config.name}.{MODULE}")
        items = getattr(module, "items", None)
        if callable(items):
            found.append(items)
    return tuple(found)


def sort_key(today: datetime.date):
    def key(item: TodoItem):
        # Overdue first (oldest first), then by deadline, then undated; title breaks ties.
        return (
            0 if item.overdue(today) else 1,
            item.due_on is None,
            item.due_on or datetime.date.max,
            item.title,
        )

    return key


def collect(user, scope, today: datetime.date) -> list[TodoItem]:
    """Every provider's items for `user`, sorted (overdue first). A provider that fails is
    logged and left out, so one broken app does not take the home page down."""
    result: list[TodoItem] = []
    for items in providers():
        try:
            result.extend(item for item in items(user, scope, today) if item.count)
        except Exception:  # noqa: BLE001 - logged; the rest of the page still renders
            logger.exception("todo provider %s.%s failed", items.__module__, items.__name__)
    return sorted(result, key=sort_key(today))


@dataclass
class TodoGroup:
    label: str
    items: list[TodoItem]


def grouped(items: list[TodoItem], today: datetime.date) -> tuple[list[TodoItem], list[TodoGroup]]:
    """(overdue items, other items grouped by `group` in first-seen order)."""
    overdue = [item for item in items if item.overdue(today)]
    groups: dict[str, TodoGroup] = {}
    for item in items:
        if item.overdue(today):
            continue
        label = item.group or "Việc khác"
        groups.setdefault(label, TodoGroup(label, [])).items.append(item)
    return overdue, list(groups.values())
