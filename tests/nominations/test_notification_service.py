"""Nominations' notices and reminders arrive through the one notification service: in the
app for the unit's officers and by e-mail to those who chose immediate e-mail."""

from django.core import mail
from django.urls import reverse

from tdkt.nominations import services
from tdkt.notifications import selectors
from tdkt.notifications.models import Delivery, Notification
from tdkt.notifications.services import set_delivery

from .helpers import D


def _immediate(user, address):
    user.email = address
    user.save(update_fields=["email"])
    set_delivery(user, user, Delivery.IMMEDIATE)


def test_deadline_reminder_in_app_and_by_email(flow, client_for,
                                               django_capture_on_commit_callbacks):
    _immediate(flow.cast.officer_a, "canbo.stp01@example.vn")
    flow.round.submission_deadline = D(2025, 12, 5)
    flow.round.save()
    flow.nomination()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders(D(2025, 12, 1)) == 1
        assert services.send_reminders(D(2025, 12, 1)) == 0  # once a day
    note = Notification.objects.get(unit=flow.cast.unit_a, kind="reminder")
    assert note.due_on == D(2025, 12, 5)
    assert [m.to for m in mail.outbox] == [["canbo.stp01@example.vn"]]
    assert "Còn 4 ngày làm việc đến hạn nộp hồ sơ" in mail.outbox[0].subject
    assert selectors.unread_count(flow.cast.officer_a) == 1
    assert selectors.unread_count(flow.cast.officer_b) == 0
    html = client_for(flow.cast.officer_a).get(reverse("nominations:index")).content.decode()
    assert "Còn 4 ngày làm việc" in html


def test_return_for_supplement_mails_the_unit(flow, django_capture_on_commit_callbacks):
    _immediate(flow.cast.officer_a, "canbo.stp01@example.vn")
    nom = flow.submitted()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.return_for_supplement(flow.dept, nom, "Bổ sung báo cáo thành tích")
    assert [m.to for m in mail.outbox] == [["canbo.stp01@example.vn"]]
    assert "bị trả lại để bổ sung: Bổ sung báo cáo thành tích" in mail.outbox[0].body


def test_old_notifications_page_redirects(flow, client_for):
    response = client_for(flow.cast.officer_a).get(reverse("nominations:notifications"))
    assert response.status_code == 302 and response["Location"] == reverse(
        "notifications:list")
