import datetime

from django.core.management.base import BaseCommand, CommandError

from tdkt.notifications import mail
from tdkt.notifications.models import EmailStatus


class Command(BaseCommand):
    help = ("Gửi thư tổng hợp thông báo chưa đọc trong ngày cho người chọn nhận thư tổng hợp "
            "(chạy mỗi ngày một lần; chạy lại trong ngày không gửi lần nữa).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--ngay", dest="day", help="ngày ghi nhận, dd/mm/yyyy (mặc định hôm nay)"
        )

    def handle(self, *args, day=None, **options):
        when = None
        if day:
            try:
                when = datetime.datetime.strptime(day, "%d/%m/%Y").date()
            except ValueError as exc:
                raise CommandError("Ngày phải có dạng dd/mm/yyyy.") from exc
        counts = mail.send_digests(when)
        labels = dict(EmailStatus.choices)
        if not counts:
            self.stdout.write("Không có thư tổng hợp nào cần gửi.")
        for status, n in counts.items():
            self.stdout.write(f"{labels.get(status, status)}: {n}")
