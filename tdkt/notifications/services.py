"""The one notification service: `notify()` for every app, read marks, preferences.

    from tdkt.notifications.services import notify
    notify(units=[unit], users=[user], message="…", link="/…", kind="reminder",
           key="movement-reminder:12:2026-12-06", due_on=date(2026, 12, 10))

In-app rows are written at once; e-mail to users who chose it is sent by a background task
after the caller's transaction commits (nothing is mailed for a change that rolled back).
A `key` makes the call idempotent per recipient, also under concurrency: the key column is
unique and conflicting inserts are ignored, so the same key never notifies twice.
"""

import datetime
import uuid

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tdkt.audit.services import record

from .models import (
    DEFAULT_DELIVERY,
    Delivery,
    Notification,
    NotificationPreference,
    NotificationRead,
)
from .selectors import visible

KEY_MAX = 200


def _pk(obj) -> int:
    return obj if isinstance(obj, int) else obj.pk


def notify(*, units=(), users=(), message: str, link: str = "", kind: str = "info",
           key: str | None = None, due_on: datetime.date | None = None) -> int:
    """Notify each listed unit (all its officers see it) and each listed user. Returns how
    many notifications were created (0 for a key already used for every recipient)."""
    message = " ".join((message or "").split())[:500]
    if not message:
        raise ValueError("notify(): message is required")
    if key is not None:
        key = str(key)[:KEY_MAX]
    batch = uuid.uuid4().hex
    now = timezone.now()
    rows, seen = [], set()
    for field, tag, objs in (("unit_id", "u", units), ("user_id", "p", users)):
        for obj in objs:
            if obj is None or (tag, _pk(obj)) in seen:
                continue
            seen.add((tag, _pk(obj)))
            rows.append(Notification(
                **{field: _pk(obj)}, message=message, link=(link or "")[:300],
                kind=(kind or "info")[:30], due_on=due_on, batch=batch, created_at=now,
                key=f"{key}|{tag}{_pk(obj)}" if key is not None else None,
            ))
    if not rows:
        return 0
    with transaction.atomic():
        Notification.objects.bulk_create(rows, batch_size=500, ignore_conflicts=key is not None)
        ids = list(Notification.objects.filter(batch=batch).values_list("pk", flat=True))
        if ids:
            unit_ids = [r.unit_id for r in rows if r.unit_id]
            user_ids = [r.user_id for r in rows if r.user_id]
            transaction.on_commit(lambda: _mail_now(ids, unit_ids, user_ids))
    return len(ids)


def _mail_now(ids: list[int], unit_ids: list[int], user_ids: list[int]) -> None:
    """Queue the e-mail task, unless no recipient chose immediate e-mail (one query)."""
    from .selectors import RECIPIENT_ROLES
    from .tasks import send_immediate_emails

    wanted = NotificationPreference.objects.filter(delivery=Delivery.IMMEDIATE).filter(
        Q(user_id__in=user_ids)
        | Q(user__role_assignments__unit_id__in=unit_ids,
            user__role_assignments__role__in=RECIPIENT_ROLES)
    )
    if wanted.exists():
        send_immediate_emails.enqueue(ids)


def mark_read(user, notification: Notification) -> None:
    """Mark one notification read for `user`, who must be able to see it (else DoesNotExist:
    the view answers 404). Marking twice is harmless."""
    if not visible(user).filter(pk=notification.pk).exists():
        raise Notification.DoesNotExist
    NotificationRead.objects.bulk_create(
        [NotificationRead(notification=notification, user=user)], ignore_conflicts=True
    )


def mark_all_read(user) -> int:
    from .selectors import unread

    ids = list(unread(user).values_list("pk", flat=True))
    NotificationRead.objects.bulk_create(
        [NotificationRead(notification_id=pk, user=user) for pk in ids],
        batch_size=500, ignore_conflicts=True,
    )
    return len(ids)


def delivery_of(user) -> str:
    pref = NotificationPreference.objects.filter(user_id=user.pk).values_list(
        "delivery", flat=True).first()
    return pref or DEFAULT_DELIVERY


@transaction.atomic
def set_delivery(actor, user, delivery: str) -> NotificationPreference:
    if delivery not in Delivery.values:
        raise ValueError(delivery)
    pref, _ = NotificationPreference.objects.select_for_update().get_or_create(
        user=user, defaults={"delivery": DEFAULT_DELIVERY}
    )
    old = pref.delivery
    if old != delivery:
        pref.delivery = delivery
        pref.save(update_fields=["delivery", "updated_at"])
        record(actor, "notification.preference", pref, {"delivery": [old, delivery]})
    return pref
