"""The one way to record a state change. Service functions call `record` inside their
transaction, so an action exists exactly when the change it describes was committed."""

import datetime
import decimal
import json
from collections.abc import Iterable

from django.db import models, transaction

from .models import Action


class OutsideTransaction(RuntimeError):
    """`record` was called with no transaction open: the action could be committed while
    the change it describes is rolled back (or the reverse)."""


def _in_transaction(using=None) -> bool:
    """True inside a `transaction.atomic` block of the code itself. The blocks a test case
    opens around each test do not count, so the suite sees what production sees."""
    connection = transaction.get_connection(using)
    return connection.in_atomic_block and any(
        not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks
    )


def _plain(value):
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, datetime.date | datetime.datetime | decimal.Decimal):
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    return value


def record(actor, verb: str, target, changes: dict | None = None, note: str = "") -> Action:
    """Append an action. `changes` maps field -> [old, new] (or any JSON-able detail).
    Refuses to run outside `transaction.atomic`: call it from the service that makes the
    change, in the same transaction."""
    if not _in_transaction():
        raise OutsideTransaction(
            f"audit.record({verb!r}) must run inside transaction.atomic(), in the same "
            "transaction as the change it records."
        )
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


def _json_default(value):
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def record_many(actor, entries: Iterable[tuple], batch: int = 2000) -> int:
    """Append many actions with plain multi-row INSERTs, for the bulk changes of an Excel
    import (one action per row changed). Each entry is (verb, target type — a model label such
    as "people.person" —, target id, target repr, changes {field: [old, new]}, note), stored
    exactly as `record` stores one. Returns how many were appended."""
    from django.db import connection
    from django.utils import timezone

    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    at = connection.ops.adapt_datetimefield_value(timezone.now())
    columns = ("at", "actor_id", "verb", "target_type", "target_id", "target_repr", "changes",
               "note")
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        connection.ops.quote_name(Action._meta.db_table),
        ", ".join(connection.ops.quote_name(c) for c in columns),
        ", ".join(["%s"] * len(columns)),
    )
    count = 0
    with connection.cursor() as cursor:
        rows = []
        for verb, target_type, target_id, target_repr, changes, note in entries:
            rows.append((at, actor_id, verb, target_type, str(target_id), str(target_repr)[:300],
                         json.dumps(changes, default=_json_default), note))
            if len(rows) >= batch:
                cursor.executemany(sql, rows)
                count += len(rows)
                rows = []
        if rows:
            cursor.executemany(sql, rows)
            count += len(rows)
    return count


def diff(instance, data: dict) -> dict:
    """Field -> [old, new] for the fields in `data` whose value differs from `instance`."""
    return {
        field: [getattr(instance, field), new]
        for field, new in data.items()
        if getattr(instance, field) != new
    }
