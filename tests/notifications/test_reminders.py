"""Movements' (and nominations') reminders arrive through the one notification service:
in the app for the unit's officers, and by e-mail to those who chose immediate e-mail."""

from types import SimpleNamespace

import pytest
from django.core import mail
from django.urls import reverse

from tdkt.accounts.models import Role
from tdkt.movements import services as movement_services
from tdkt.notifications import selectors
from tdkt.notifications.models import Delivery, Notification, NotificationRead
from tdkt.notifications.services import set_delivery
from tests.factories import make_user
from tests.movements.helpers import D, fill, make_movement, registration_of


@pytest.fixture
def dept(db):
    return make_user("thuong_truc", Role.EMULATION_DEPT, "BTP")


def _immediate(user, address):
    user.email = address
    user.save(update_fields=["email"])
    set_delivery(user, user, Delivery.IMMEDIATE)


def test_movement_reminder_in_app_and_by_email(cast, dept, client_for,
                                               django_capture_on_commit_callbacks):
    _immediate(cast.officer_a, "tdkt.stp01@example.vn")
    m = make_movement(dept, deadline=D(2026, 3, 31))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert movement_services.send_reminders(today=D(2026, 3, 26)) == 3
    note = Notification.objects.get(kind="reminder", unit=cast.unit_a)
    assert note.due_on == D(2026, 3, 31)
    assert [m.to for m in mail.outbox] == [["tdkt.stp01@example.vn"]]
    assert "Còn 5 ngày đến hạn đăng ký thi đua" in mail.outbox[0].subject
    assert reverse("movements:registration", args=[registration_of(m, "STP-01").pk]) in \
        mail.outbox[0].body
    html = client_for(cast.officer_a).get(reverse("notifications:list")).content.decode()
    assert "Còn 5 ngày đến hạn đăng ký thi đua" in html
    # a second run the same day notifies nobody, mails nobody
    with django_capture_on_commit_callbacks(execute=True):
        assert movement_services.send_reminders(today=D(2026, 3, 26)) == 0
    assert len(mail.outbox) == 1


def test_registration_return_reaches_unit_by_mail(cast, dept,
                                                 django_capture_on_commit_callbacks):
    _immediate(cast.officer_a, "tdkt.stp01@example.vn")
    m = make_movement(dept)
    reg = registration_of(m, "STP-01")
    fill(cast.officer_a, reg)
    movement_services.submit_registration(cast.officer_a, reg)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        movement_services.return_registration(dept, registration_of(m, "STP-01"), "Bổ sung")
    assert [m.to for m in mail.outbox] == [["tdkt.stp01@example.vn"]]
    assert "bị trả lại: Bổ sung" in mail.outbox[0].body
    assert selectors.unread(cast.officer_a).filter(kind="returned").exists()
    assert not selectors.unread(cast.officer_b).filter(kind="returned").exists()


def test_movements_index_lists_and_marks_service_notifications(cast, dept, client_for):
    make_movement(dept)
    client = client_for(cast.officer_a)
    index = client.get(reverse("movements:index")).content.decode()
    assert "phát động “Phong trào thi đua năm 2026”" in index
    note = Notification.objects.get(unit=cast.unit_a, kind="launch")
    response = client.post(reverse("notifications:read", args=[note.pk]),
                           {"next": reverse("movements:index")})
    assert response["Location"] == reverse("movements:index")
    assert NotificationRead.objects.filter(user=cast.officer_a).count() == 1
    assert "phát động “Phong trào" not in client.get(reverse("movements:index")).content.decode()


def test_external_next_is_refused(cast, client_for):
    from tdkt.notifications.services import notify
    notify(units=[cast.unit_a], message="X")
    note = Notification.objects.get()
    response = client_for(cast.officer_a).post(
        reverse("notifications:read", args=[note.pk]), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("notifications:list")


def test_movements_data_migration_copies_rows_and_read_marks(cast):
    import importlib

    migration = importlib.import_module(
        "tdkt.movements.migrations.0002_notifications_moved_to_service")
    from django.apps import apps as real

    old = [
        SimpleNamespace(recipient_unit_id=cast.unit_a.pk, recipient_user_id=None, kind="launch",
                        message="Cũ, đã đọc", link="/phong-trao/", is_read=True,
                        created_at=D(2026, 1, 2)),
        SimpleNamespace(recipient_unit_id=cast.unit_b.pk, recipient_user_id=None,
                        kind="reminder", message="Cũ, chưa đọc", link="", is_read=False,
                        created_at=D(2026, 1, 3)),
    ]
    for o in old:
        import datetime

        from django.utils import timezone
        o.created_at = timezone.make_aware(datetime.datetime.combine(o.created_at,
                                                                     datetime.time(8)))

    class FakeOld:
        class objects:  # noqa: N801
            @staticmethod
            def order_by(_):
                return old

    class Apps:
        @staticmethod
        def get_model(app, name):
            return FakeOld if app == "movements" else real.get_model(app, name)

    migration.copy_rows(Apps, None)
    rows = {n.message: n for n in Notification.objects.all()}
    assert rows["Cũ, đã đọc"].unit == cast.unit_a and rows["Cũ, đã đọc"].kind == "launch"
    assert selectors.unread_count(cast.officer_a) == 0
    assert selectors.unread_count(cast.head_a) == 0
    assert selectors.unread_count(cast.officer_b) == 1


def test_nominations_data_migration_keeps_keys_and_read_marks(cast):
    import datetime
    import importlib

    from django.apps import apps as real
    from django.utils import timezone

    from tdkt.notifications.services import notify

    migration = importlib.import_module(
        "tdkt.nominations.migrations.0010_notifications_moved_to_service")
    at = timezone.make_aware(datetime.datetime(2026, 12, 1, 8))
    # already sent through the service since: the old row with that key is not copied again
    notify(units=[cast.unit_a], message="Đã gửi qua dịch vụ", key="deadline:9:2026-12-01")
    old = [
        SimpleNamespace(unit_id=cast.unit_a.pk, message="Hồ sơ bị trả lại", link="/khen-thuong/",
                        key=None, is_read=True, created_at=at),
        SimpleNamespace(unit_id=cast.unit_b.pk, message="Còn 4 ngày", link="",
                        key="deadline:7:2026-12-01", is_read=False, created_at=at),
        SimpleNamespace(unit_id=cast.unit_a.pk, message="Trùng khóa", link="",
                        key="deadline:9:2026-12-01", is_read=False, created_at=at),
    ]

    class FakeOld:
        class objects:  # noqa: N801
            @staticmethod
            def order_by(_):
                return old

    class Apps:
        @staticmethod
        def get_model(app, name):
            return FakeOld if app == "nominations" else real.get_model(app, name)

    migration.copy_rows(Apps, None)
    assert Notification.objects.count() == 3
    copied = Notification.objects.get(message="Còn 4 ngày")
    assert copied.key == f"deadline:7:2026-12-01|u{cast.unit_b.pk}"
    assert copied.kind == "reminder"
    # the same reminder through the service now is not sent twice
    assert notify(units=[cast.unit_b], message="Còn 4 ngày", key="deadline:7:2026-12-01") == 0
    assert selectors.unread_count(cast.officer_a) == 1  # the read row stays read
    assert selectors.unread(cast.officer_a).get().message == "Đã gửi qua dịch vụ"
