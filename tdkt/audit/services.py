"""The one way to record a state change. Service functions call `record` inside their
transaction, so an action exists exactly when the change it describes was committed."""

import datetime
import decimal

from django.db import models

from .models import Action


def _plain(value):
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, datetime.date | datetime.datetime | decimal.Decimal):
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    return value


def record(actor, verb: str, target, changes: dict | None = None, note: str = "") -> Action:
    """Append an action. `changes` maps field -> [old, new] (or any JSON-able detail)."""
    plain = {
        key: [_plain(v) for v in val] if isinstance(val, list | tuple) else _plain(val)
        for key, val in (changes or {}).items()
    }
    return Action.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        verb=verb,
        target_type=type(target)._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:300],
        changes=plain,
        note=note,
    )


def diff(instance, data: dict) -> dict:
    """Field -> [old, new] for the fields in `data` whose value differs from `instance`."""
    return {
        field: [getattr(instance, field), new]
        for field, new in data.items()
        if getattr(instance, field) != new
    }
