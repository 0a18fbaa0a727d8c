"""Demo: e-mail addresses and notification choices for the demo accounts (after every app
has notified). The console backend prints the e-mails (`make run`)."""

from tdkt.accounts.models import User

from .models import Delivery, NotificationPreference

ORDER = 95

# username -> (address, delivery); nhanvien.stp01 has no address: the administrators' e-mail
# log shows it skipped.
CHOICES = {
    "thuongtruc": ("thuongtruc@tdkt-demo.vn", Delivery.DIGEST),
    "canbo.stp01": ("canbo.stp01@tdkt-demo.vn", Delivery.IMMEDIATE),
    "lanhdao.stp01": ("lanhdao.stp01@tdkt-demo.vn", Delivery.IN_APP),
    "canbo.thads79": ("canbo.thads79@tdkt-demo.vn", Delivery.DIGEST),
    "nhanvien.stp01": ("", Delivery.DIGEST),
}


def seed(ctx) -> None:
    users = {u.username: u for u in User.objects.filter(username__in=CHOICES)}
    for username, (address, _) in CHOICES.items():
        if username in users and address:
            User.objects.filter(pk=users[username].pk).update(email=address)
    NotificationPreference.objects.bulk_create([
        NotificationPreference(user=users[name], delivery=delivery)
        for name, (_, delivery) in CHOICES.items() if name in users
    ], ignore_conflicts=True)
    ctx.say("Thông báo: địa chỉ thư và cách nhận cho " + ", ".join(sorted(users)))
