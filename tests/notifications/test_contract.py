"""The notification service's contract (common brief: notify(...) for every app)."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tdkt.notifications import selectors, services
from tdkt.notifications.models import EmailDelivery, Notification, NotificationRead
from tdkt.notifications.services import notify


def test_notify_unit_and_user_rows(cast):
    n = notify(units=[cast.unit_a], users=[cast.staff_a], message="Họp  giao ban",
               link="/phong-trao/", kind="launch", due_on=datetime.date(2026, 12, 10))
    assert n == 2
    rows = list(Notification.objects.order_by("pk"))
    assert [(r.unit_id, r.user_id) for r in rows] == [(cast.unit_a.pk, None),
                                                      (None, cast.staff_a.pk)]
    assert rows[0].message == "Họp giao ban" and rows[0].due_on == datetime.date(2026, 12, 10)


def test_same_key_never_notifies_twice(cast):
    assert notify(units=[cast.unit_a], message="Nhắc", key="k1") == 1
    assert notify(units=[cast.unit_a], message="Nhắc lại", key="k1") == 0
    # the same key to a new recipient is that recipient's first notice
    assert notify(units=[cast.unit_a, cast.unit_b], message="Nhắc", key="k1") == 1
    assert Notification.objects.count() == 2
    assert notify(units=[cast.unit_a], message="Không khóa") == 1
    assert notify(units=[cast.unit_a], message="Không khóa") == 1


def test_unit_notice_visible_to_its_officers_only(cast):
    notify(units=[cast.unit_a], message="Cho Sở Tư pháp Hà Nội")
    assert selectors.unread_count(cast.officer_a) == 1
    assert selectors.unread_count(cast.head_a) == 1
    assert selectors.unread_count(cast.officer_b) == 0
    assert selectors.unread_count(cast.staff_a) == 0  # staff: only personal notices
    notify(users=[cast.staff_a], message="Riêng")
    assert selectors.unread_count(cast.staff_a) == 1
    assert selectors.unread_count(cast.officer_a) == 1


def test_read_marks_are_per_reader(cast):
    notify(units=[cast.unit_a], message="Cho đơn vị")
    note = Notification.objects.get()
    services.mark_read(cast.officer_a, note)
    services.mark_read(cast.officer_a, note)  # twice is harmless
    assert selectors.unread_count(cast.officer_a) == 0
    assert selectors.unread_count(cast.head_a) == 1


def test_other_units_officer_cannot_mark_read(cast, client_for):
    notify(units=[cast.unit_a], message="Cho Hà Nội")
    note = Notification.objects.get()
    client = client_for(cast.officer_b)
    assert client.post(reverse("notifications:read", args=[note.pk])).status_code == 404
    assert not NotificationRead.objects.exists()
    with pytest.raises(Notification.DoesNotExist):
        services.mark_read(cast.officer_b, note)
    page = client.get(reverse("notifications:list"))
    assert "Cho Hà Nội" not in page.content.decode()


def test_list_page_unread_first_and_mark_read(cast, client_for):
    notify(units=[cast.unit_a], message="Cũ hơn")
    notify(units=[cast.unit_a], message="Mới hơn", link="/phong-trao/")
    older = Notification.objects.get(message="Cũ hơn")
    services.mark_read(cast.officer_a, Notification.objects.get(message="Mới hơn"))
    client = client_for(cast.officer_a)
    html = client.get(reverse("notifications:list")).content.decode()
    assert html.index("Cũ hơn") < html.index("Mới hơn")  # unread first
    assert "Đánh dấu đã đọc" in html
    response = client.post(reverse("notifications:read", args=[older.pk]))
    assert response.status_code == 302
    assert selectors.unread_count(cast.officer_a) == 0
    opened = client.post(reverse("notifications:read", args=[
        Notification.objects.get(message="Mới hơn").pk]), {"mo": "1"})
    assert opened["Location"] == "/phong-trao/"


def test_mark_all_read_and_empty_state(cast, client_for):
    client = client_for(cast.officer_a)
    assert "Chưa có thông báo nào." in client.get(reverse("notifications:list")).content.decode()
    notify(units=[cast.unit_a], message="A")
    notify(units=[cast.unit_b], message="B")
    client.post(reverse("notifications:read_all"))
    assert selectors.unread_count(cast.officer_a) == 0
    assert selectors.unread_count(cast.officer_b) == 1
    html = client.get(reverse("notifications:list") + "?chua-doc=1").content.decode()
    assert "Không có thông báo chưa đọc." in html


def test_list_is_paginated(cast, client_for):
    for i in range(60):
        notify(units=[cast.unit_a], message=f"Thông báo {i}")
    html = client_for(cast.officer_a).get(reverse("notifications:list")).content.decode()
    assert "Trang 1/2" in html


def test_header_badge_is_one_query(cast, client_for):
    client = client_for(cast.officer_a)
    url = reverse("notifications:preferences")
    client.get(url)
    with CaptureQueriesContext(connection) as none:
        client.get(url)
    for i in range(30):
        notify(units=[cast.unit_a], users=[cast.officer_a], message=f"Việc {i}")
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert len(many) == len(none)
    assert '<span class="badge">60</span>' in html
    badge = [q for q in many.captured_queries if 'FROM "notifications_notification"' in q["sql"]]
    assert len(badge) == 1


def test_list_query_count_is_flat(cast, client_for):
    client = client_for(cast.officer_a)
    url = reverse("notifications:list")
    notify(units=[cast.unit_a], message="Một")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(40):
        notify(units=[cast.unit_a], users=[cast.officer_a], message=f"Việc {i}")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_email_log_for_admins_only(cast, client_for):
    assert client_for(cast.officer_a).get(
        reverse("notifications:email_log")).status_code == 403
    assert client_for(cast.admin).get(reverse("notifications:email_log")).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_same_key_under_concurrency_inserts_once():
    """Two threads notifying with one key at once: one row (unique key, conflicts ignored)."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite in-memory test database is not shared between threads")
    from tdkt.organisation.loader import load_organisation
    from tdkt.organisation.models import Unit

    if not Unit.objects.exists():
        load_organisation()
    unit = Unit.objects.get(code="STP-01")
    barrier = threading.Barrier(4)
    results = []

    def run():
        from django.db import connection as conn
        barrier.wait()
        try:
            results.append(notify(units=[unit], message="Cùng lúc", key="race"))
        finally:
            conn.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [0, 0, 0, 1]
    assert Notification.objects.filter(key=f"race|u{unit.pk}").count() == 1
    assert not EmailDelivery.objects.exists()
    assert not mail.outbox


def test_personal_notice_of_a_colleague_cannot_be_read_or_marked(cast, client_for):
    notify(users=[cast.head_a], message="Riêng thủ trưởng")
    notify(units=[cast.unit_a], message="Cho cán bộ của đơn vị")
    personal = Notification.objects.get(user=cast.head_a)
    unit_note = Notification.objects.get(unit=cast.unit_a)
    officer = client_for(cast.officer_a)
    assert "Riêng thủ trưởng" not in officer.get(reverse("notifications:list")).content.decode()
    assert officer.post(reverse("notifications:read", args=[personal.pk])).status_code == 404
    staff = client_for(cast.staff_a)  # staff read only notices addressed to them
    assert staff.post(reverse("notifications:read", args=[unit_note.pk])).status_code == 404
    assert not NotificationRead.objects.exists()


def test_home_task_list_item_in_one_query(cast, django_assert_num_queries):
    from tdkt.accounts.scoping import Scope
    from tdkt.notifications import todo

    today = datetime.date(2026, 12, 6)
    assert todo.items(cast.officer_a, Scope(cast.officer_a), today) == []
    for i in range(20):
        notify(units=[cast.unit_a], message=f"Việc {i}",
               due_on=datetime.date(2026, 12, 1) if i == 5 else None)
    with django_assert_num_queries(1):
        [item] = todo.items(cast.officer_a, Scope(cast.officer_a), today)
    assert item.count == 20 and item.overdue(today) and item.link.endswith("?chua-doc=1")
    assert todo.items(cast.officer_b, Scope(cast.officer_b), today) == []
