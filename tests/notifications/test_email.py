"""E-mail: immediate vs digest per preference, the digest command, the settings parser."""

import datetime
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tdkt.notifications import email_url
from tdkt.notifications import mail as nmail
from tdkt.notifications.models import (
    Delivery,
    EmailDelivery,
    EmailStatus,
    Notification,
    NotificationPreference,
)
from tdkt.notifications.services import notify, set_delivery


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://tdkt.moj.example"


def _prefer(user, delivery, email="x@example.vn"):
    user.email = email
    user.save(update_fields=["email"])
    set_delivery(user, user, delivery)


def test_immediate_email_for_users_who_chose_it(cast, django_capture_on_commit_callbacks):
    _prefer(cast.officer_a, Delivery.IMMEDIATE, "canbo.a@example.vn")
    _prefer(cast.head_a, Delivery.DIGEST, "thutruong.a@example.vn")
    _prefer(cast.officer_b, Delivery.IMMEDIATE, "canbo.b@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        notify(units=[cast.unit_a], message="Đăng ký thi đua bị trả lại", link="/phong-trao/1/")
    assert [m.to for m in mail.outbox] == [["canbo.a@example.vn"]]
    msg = mail.outbox[0]
    assert "Đăng ký thi đua bị trả lại" in msg.subject
    assert "Kính gửi" in msg.body and "https://tdkt.moj.example/phong-trao/1/" in msg.body
    assert EmailDelivery.objects.get().status == EmailStatus.SENT


def test_in_app_only_gets_no_email(cast, django_capture_on_commit_callbacks):
    _prefer(cast.officer_a, Delivery.IN_APP)
    with django_capture_on_commit_callbacks(execute=True):
        notify(units=[cast.unit_a], message="Chỉ trong hệ thống")
    assert not mail.outbox
    nmail.send_digests()
    assert not mail.outbox
    assert not EmailDelivery.objects.filter(user=cast.officer_a).exists()


def test_immediate_without_address_is_recorded(cast, django_capture_on_commit_callbacks,
                                                client_for):
    _prefer(cast.officer_a, Delivery.IMMEDIATE, "")
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[cast.officer_a], message="Không có địa chỉ")
    assert not mail.outbox
    row = EmailDelivery.objects.get()
    assert row.status == EmailStatus.NO_ADDRESS
    html = client_for(cast.admin).get(reverse("notifications:email_log")).content.decode()
    assert "chưa có địa chỉ thư điện tử" in html and "officer_a" in html


def test_rolled_back_change_sends_nothing(cast):
    _prefer(cast.officer_a, Delivery.IMMEDIATE)
    notify(units=[cast.unit_a], message="Trong giao dịch")  # test transaction never commits
    assert not mail.outbox


def test_digest_once_a_day_with_unread_since_last(cast, settings):
    _prefer(cast.officer_a, Delivery.DIGEST, "canbo.a@example.vn")
    _prefer(cast.officer_b, Delivery.DIGEST, "canbo.b@example.vn")
    cast.head_a.email = ""  # default preference (digest), no address
    notify(units=[cast.unit_a], message="Thứ nhất", link="/khen-thuong/")
    notify(units=[cast.unit_a], message="Thứ hai")
    read = Notification.objects.get(message="Thứ hai")
    from tdkt.notifications.services import mark_read
    mark_read(cast.officer_a, read)
    call_command("send_notification_digest")
    assert [m.to for m in mail.outbox] == [["canbo.a@example.vn"]]
    body = mail.outbox[0].body
    assert "Thứ nhất" in body and "Thứ hai" not in body
    assert "https://tdkt.moj.example/khen-thuong/" in body
    assert "1 thông báo chưa đọc" in mail.outbox[0].subject
    sent = EmailDelivery.objects.get(user=cast.officer_a)
    assert sent.mode == Delivery.DIGEST and sent.count == 1
    assert list(sent.notifications.values_list("message", flat=True)) == ["Thứ nhất"]
    skipped = EmailDelivery.objects.get(user=cast.head_a)
    assert skipped.status == EmailStatus.NO_ADDRESS and skipped.count == 2
    # idempotent for the day
    call_command("send_notification_digest")
    assert len(mail.outbox) == 1
    # the next day: only what arrived since the last digest
    notify(units=[cast.unit_a], message="Thứ ba")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    nmail.send_digests(tomorrow)
    assert len(mail.outbox) == 2
    assert "Thứ ba" in mail.outbox[1].body and "Thứ nhất" not in mail.outbox[1].body


def test_digest_skips_immediate_users(cast, django_capture_on_commit_callbacks):
    _prefer(cast.officer_a, Delivery.IMMEDIATE)
    with django_capture_on_commit_callbacks(execute=True):
        notify(units=[cast.unit_a], message="Ngay")
    assert len(mail.outbox) == 1
    nmail.send_digests()
    assert len(mail.outbox) == 1


def test_digest_command_bad_date(cast):
    from django.core.management.base import CommandError
    with pytest.raises(CommandError):
        call_command("send_notification_digest", "--ngay", "2026-12-01")


def test_preferences_page(cast, client_for):
    client = client_for(cast.officer_a)
    html = client.get(reverse("notifications:preferences")).content.decode()
    assert "Thư tổng hợp mỗi ngày" in html and "chưa có địa chỉ thư điện tử" in html
    response = client.post(reverse("notifications:preferences"), {"delivery": "immediate"})
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=cast.officer_a).delivery == "immediate"
    bad = client.post(reverse("notifications:preferences"), {"delivery": "pigeon"})
    assert "Lựa chọn không hợp lệ." in bad.content.decode()
    from tdkt.audit.models import Action
    assert Action.objects.filter(verb="notification.preference").count() == 1


@pytest.mark.parametrize("url,expected", [
    ("", {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
    ("smtp://u%40x.vn:p%3Ass@mail.example.vn:587?tls=1", {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.example.vn", "EMAIL_PORT": 587, "EMAIL_HOST_USER": "u@x.vn",
        "EMAIL_HOST_PASSWORD": "p:ss", "EMAIL_USE_TLS": True, "EMAIL_USE_SSL": False}),
    ("smtps://u:p@mail.example.vn", {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.example.vn", "EMAIL_PORT": 465, "EMAIL_HOST_USER": "u",
        "EMAIL_HOST_PASSWORD": "p", "EMAIL_USE_TLS": False, "EMAIL_USE_SSL": True}),
    ("file:///tmp/mail", {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                          "EMAIL_FILE_PATH": "/tmp/mail"}),
])
def test_email_url(url, expected):
    assert email_url.parse(url) == expected


def test_email_url_refuses_unknown_scheme():
    with pytest.raises(ValueError, match="không hỗ trợ"):
        email_url.parse("pigeon://loft")


def test_no_task_queued_when_nobody_wants_immediate_mail(cast, monkeypatch,
                                                         django_capture_on_commit_callbacks):
    from tdkt.notifications import tasks

    calls = []
    monkeypatch.setattr(tasks, "send_immediate_emails",
                        SimpleNamespace(enqueue=lambda ids: calls.append(ids)))
    with django_capture_on_commit_callbacks(execute=True):
        notify(units=[cast.unit_a], message="Không ai chọn gửi ngay")
    assert calls == []
    _prefer(cast.head_a, Delivery.IMMEDIATE)
    with django_capture_on_commit_callbacks(execute=True):
        notify(units=[cast.unit_a], message="Thủ trưởng chọn gửi ngay")
    assert len(calls) == 1


def test_demo_default_prints_mail_to_the_log(cast, settings, capsys,
                                             django_capture_on_commit_callbacks):
    """EMAIL_URL unset (demo, development): the console backend prints the e-mail."""
    settings.EMAIL_BACKEND = email_url.parse("")["EMAIL_BACKEND"]
    _prefer(cast.officer_a, Delivery.IMMEDIATE, "canbo.stp01@tdkt-demo.vn")
    with django_capture_on_commit_callbacks(execute=True):
        notify(units=[cast.unit_a], message="Nhắc hạn đăng ký thi đua")
    out = capsys.readouterr().out
    assert "To: canbo.stp01@tdkt-demo.vn" in out and "Nhắc hạn đăng ký thi đua" in out
