from django.core.management.base import BaseCommand

from tdkt.accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from tdkt.accounts.models import User


class Command(BaseCommand):
    help = "In danh sách tài khoản demo có trong cơ sở dữ liệu."

    def handle(self, *args, **options):
        present = set(
            User.objects.filter(username__in=[a[0] for a in DEMO_ACCOUNTS]).values_list(
                "username", flat=True
            )
        )
        if not present:
            self.stdout.write("Không có tài khoản demo (cơ sở dữ liệu không phải dữ liệu mẫu).")
            return
        self.stdout.write(f"Tài khoản demo (mật khẩu: {DEMO_PASSWORD}):")
        for username, role, unit_code, _label, _ in DEMO_ACCOUNTS:
            if username in present:
                self.stdout.write(f"  {username:<16} {role.label} – {unit_code}")
