"""E-mail for notifications: an immediate notice per notification for users who chose it,
and one digest a day of the unread ones for users who chose the digest. Each e-mail sent,
or skipped because the account has no address, is recorded (EmailDelivery), which the
administrators' page lists. Text in Vietnamese, links absolute (SITE_URL)."""

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from tdkt.accounts.models import RoleAssignment

from .models import (
    DEFAULT_DELIVERY,
    Delivery,
    EmailDelivery,
    EmailStatus,
    Notification,
    NotificationPreference,
    NotificationRead,
)
from .selectors import RECIPIENT_ROLES

log = logging.getLogger(__name__)
DIGEST_FIRST_DAYS = 7  # a user's first digest covers at most this many days
DIGEST_MAX_ITEMS = 50
SUBJECT_PREFIX = "[TĐKT Tư pháp] "


def absolute(link: str) -> str:
    base = settings.SITE_URL.rstrip("/")
    if not link:
        return base + "/"
    if link.startswith(("http://", "https://")):
        return link
    return base + (link if link.startswith("/") else "/" + link)


def _readers(notifications) -> dict[int, list[int]]:
    """notification id -> ids of the active users who read it (one query for unit rows)."""
    unit_ids = {n.unit_id for n in notifications if n.user_id is None}
    by_unit = defaultdict(set)
    if unit_ids:
        for unit_id, user_id in RoleAssignment.objects.filter(
            unit_id__in=unit_ids, role__in=RECIPIENT_ROLES, user__is_active=True
        ).values_list("unit_id", "user_id"):
            by_unit[unit_id].add(user_id)
    return {
        n.pk: [n.user_id] if n.user_id else sorted(by_unit.get(n.unit_id, ()))
        for n in notifications
    }


def _preferences(user_ids) -> dict[int, str]:
    chosen = dict(NotificationPreference.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "delivery"))
    return {uid: chosen.get(uid, DEFAULT_DELIVERY) for uid in user_ids}


def _line(n: Notification) -> str:
    due = f" (hạn {n.due_on:%d/%m/%Y})" if n.due_on else ""
    when = timezone.localtime(n.created_at)
    text = f"- {when:%d/%m/%Y %H:%M} {n.message}{due}"
    if n.link:
        text += f"\n  {absolute(n.link)}"
    return text


def _footer() -> str:
    return (
        "\n\n--\nThư gửi tự động từ hệ thống TĐKT Tư pháp, vui lòng không trả lời thư này."
        f"\nXem tất cả thông báo: {absolute(reverse('notifications:list'))}"
        f"\nĐổi cách nhận thông báo: {absolute(reverse('notifications:preferences'))}"
    )


def _greeting(user) -> str:
    name = user.get_full_name() or user.username
    return f"Kính gửi {name},\n\n"


def _send(messages: list[EmailMessage]) -> set[int]:
    """Send; the indexes of the messages that failed."""
    failed = set()
    if not messages:
        return failed
    connection = get_connection(fail_silently=False)
    for i, msg in enumerate(messages):
        msg.connection = connection
        try:
            msg.send()
        except Exception:  # a bad address or a mail server down must not stop the others
            log.exception("notification e-mail to %s failed", msg.to)
            failed.add(i)
    return failed


def send_immediate(notification_ids) -> int:
    """E-mail each notification to its readers who chose immediate e-mail (once per reader
    and notification, even if the task runs again). Returns the e-mails sent."""
    notifications = list(Notification.objects.filter(pk__in=notification_ids).select_related(
        "unit"))
    if not notifications:
        return 0
    readers = _readers(notifications)
    user_ids = {uid for uids in readers.values() for uid in uids}
    prefs = _preferences(user_ids)
    wanted = {uid for uid in user_ids if prefs[uid] == Delivery.IMMEDIATE}
    if not wanted:
        return 0
    users = get_user_model().objects.in_bulk(wanted)
    done = set(EmailDelivery.objects.filter(
        notification_id__in=readers.keys(), user_id__in=wanted
    ).values_list("notification_id", "user_id"))
    today = timezone.localdate()
    rows, messages, pending = [], [], []
    for n in notifications:
        for uid in readers[n.pk]:
            user = users.get(uid)
            if uid not in wanted or user is None or not user.is_active or (n.pk, uid) in done:
                continue
            subject = (SUBJECT_PREFIX + n.message)[:200]
            row = EmailDelivery(user=user, mode=Delivery.IMMEDIATE, day=today, notification=n,
                                address=user.email or "", subject=subject, count=1)
            rows.append(row)
            if not user.email:
                row.status = EmailStatus.NO_ADDRESS
                continue
            body = _greeting(user) + "Hệ thống TĐKT Tư pháp có thông báo mới"
            body += f" gửi {n.unit}:\n\n" if n.unit_id and not n.user_id else ":\n\n"
            messages.append(EmailMessage(subject, body + _line(n) + _footer(),
                                         settings.DEFAULT_FROM_EMAIL, [user.email]))
            pending.append(row)
    failed = _send(messages)
    for i, row in enumerate(pending):
        row.status = EmailStatus.FAILED if i in failed else EmailStatus.SENT
    EmailDelivery.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    return len(messages) - len(failed)


def send_digests(day: datetime.date | None = None) -> dict:
    """One e-mail per user who chose the daily digest, listing the notifications they have
    not read since their last digest (the first covers DIGEST_FIRST_DAYS days). Once a day
    per user: a second run the same day sends nothing. Returns counts by status."""
    day = day or timezone.localdate()
    now = timezone.now()
    User = get_user_model()
    floor = now - datetime.timedelta(days=DIGEST_FIRST_DAYS)
    already = set(EmailDelivery.objects.filter(mode=Delivery.DIGEST, day=day).values_list(
        "user_id", flat=True))
    last = dict(EmailDelivery.objects.filter(mode=Delivery.DIGEST).values("user_id").annotate(
        at=Max("created_at")).values_list("user_id", "at"))
    not_digest = set(NotificationPreference.objects.exclude(delivery=Delivery.DIGEST)
                     .values_list("user_id", flat=True))
    candidates = list(Notification.objects.filter(created_at__gte=floor, created_at__lte=now)
                      .select_related("unit").order_by("created_at", "id"))
    if not candidates:
        return {}
    readers = _readers(candidates)
    read = set(NotificationRead.objects.filter(
        notification__created_at__gte=floor).values_list("notification_id", "user_id"))
    per_user = defaultdict(list)
    for n in candidates:
        for uid in readers[n.pk]:
            if uid in not_digest or uid in already or (n.pk, uid) in read:
                continue
            if n.created_at <= last.get(uid, floor):
                continue
            per_user[uid].append(n)
    users = User.objects.in_bulk(per_user.keys())
    rows, messages, pending, links = [], [], [], []
    for uid, items in sorted(per_user.items()):
        user = users.get(uid)
        if user is None or not user.is_active:
            continue
        subject = f"{SUBJECT_PREFIX}{len(items)} thông báo chưa đọc ngày {day:%d/%m/%Y}"
        row = EmailDelivery(user=user, mode=Delivery.DIGEST, day=day, address=user.email or "",
                            subject=subject, count=len(items), created_at=now)
        rows.append(row)
        links.append(items)
        if not user.email:
            row.status = EmailStatus.NO_ADDRESS
            continue
        shown = items[-DIGEST_MAX_ITEMS:][::-1]
        body = _greeting(user) + (
            f"Anh/chị có {len(items)} thông báo chưa đọc trên hệ thống TĐKT Tư pháp:\n\n"
        ) + "\n".join(_line(n) for n in shown)
        if len(items) > len(shown):
            body += f"\n… và {len(items) - len(shown)} thông báo khác."
        messages.append(EmailMessage(subject, body + _footer(), settings.DEFAULT_FROM_EMAIL,
                                     [user.email]))
        pending.append(row)
    failed = _send(messages)
    for i, row in enumerate(pending):
        row.status = EmailStatus.FAILED if i in failed else EmailStatus.SENT
    EmailDelivery.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    # Rows inserted now (a concurrent run's rows were ignored): record what each listed.
    saved = dict(EmailDelivery.objects.filter(
        mode=Delivery.DIGEST, day=day, created_at=now,
        user_id__in=[r.user_id for r in rows]).values_list("user_id", "pk"))
    through = EmailDelivery.notifications.through
    through.objects.bulk_create([
        through(emaildelivery_id=saved[row.user_id], notification_id=n.pk)
        for row, items in zip(rows, links, strict=True) if row.user_id in saved for n in items
    ], batch_size=1000, ignore_conflicts=True)
    counts = defaultdict(int)
    for row in rows:
        counts[row.status] += 1
    return dict(counts)


def skipped_q() -> Q:
    return Q(status=EmailStatus.NO_ADDRESS)
