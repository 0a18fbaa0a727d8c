"""python manage.py create_admin USERNAME --full-name "Họ và tên" --email EMAIL

Creates a system administrator (role "Quản trị hệ thống" over the whole sector). The password
comes from the environment variable TDKT_ADMIN_PASSWORD or is asked twice at the prompt; it
must pass the password policy (AUTH_PASSWORD_VALIDATORS)."""

import getpass
import os

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from tdkt.accounts import services
from tdkt.accounts.models import Role, User
from tdkt.audit.services import record
from tdkt.organisation.models import Unit

ROOT_UNIT = "BTP"  # Bộ Tư pháp: the root of the sector's unit tree


class Command(BaseCommand):
    help = "Tạo tài khoản quản trị hệ thống (mật khẩu từ TDKT_ADMIN_PASSWORD hoặc nhập khi hỏi)."

    def add_arguments(self, parser):
        parser.add_argument("username", help="tên đăng nhập")
        parser.add_argument("--full-name", required=True, help="họ và tên")
        parser.add_argument("--email", required=True, help="thư điện tử")

    def handle(self, *args, username, full_name, email, **options):
        username = username.strip()
        full_name = " ".join(full_name.split())
        if not username or not full_name:
            raise CommandError("Cần tên đăng nhập và họ tên.")
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"Địa chỉ thư điện tử «{email}» không hợp lệ.") from None
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(f"Tên đăng nhập «{username}» đã được dùng.")
        root = Unit.objects.filter(code=ROOT_UNIT).first()
        if root is None:
            raise CommandError(
                "Chưa có cây đơn vị: chạy `make serve` (hoặc manage.py migrate và "
                "manage.py load_organisation) trước."
            )
        password = self._password(username, full_name, email)
        with transaction.atomic():
            user = services.create_user(None, username=username, full_name=full_name,
                                        password=password)
            user.email = email
            user.save(update_fields=["email"])
            record(None, "user.create_admin", user, {"email": [None, email]},
                   note="manage.py create_admin")
            services.assign_role(None, user, Role.ADMIN, root)
        self.stdout.write(f"Đã tạo tài khoản quản trị «{username}» ({full_name}).")

    def _password(self, username, full_name, email) -> str:
        *last, first = full_name.split()
        probe = User(username=username, first_name=first, last_name=" ".join(last), email=email)
        from_env = os.environ.get("TDKT_ADMIN_PASSWORD")
        if from_env is not None:
            self._validate(from_env, probe)
            return from_env
        if not self.interactive():
            raise CommandError("Không có bàn phím để nhập mật khẩu: đặt TDKT_ADMIN_PASSWORD.")
        while True:
            first_try = getpass.getpass("Mật khẩu: ")
            if first_try != getpass.getpass("Nhập lại mật khẩu: "):
                self.stderr.write("Hai lần nhập không khớp; nhập lại.")
                continue
            try:
                self._validate(first_try, probe)
            except CommandError as exc:
                self.stderr.write(str(exc))
                continue
            return first_try

    @staticmethod
    def interactive() -> bool:
        import sys

        return sys.stdin.isatty()

    @staticmethod
    def _validate(password, probe) -> None:
        try:
            validate_password(password, probe)
        except ValidationError as exc:
            raise CommandError("Mật khẩu chưa đạt: " + " ".join(exc.messages)) from None
