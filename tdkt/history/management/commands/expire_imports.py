"""Delete the files of workbook uploads left unconfirmed (run daily from cron if wished; the
upload page also runs it)."""

from django.core.management.base import BaseCommand

from tdkt.history.tasks import CONFIRM_WITHIN, expire_unconfirmed


class Command(BaseCommand):
    help = "Xóa tệp của các lần nhập Excel chưa được xác nhận sau thời hạn."

    def handle(self, *args, **options):
        count = expire_unconfirmed()
        self.stdout.write(
            f"Đã hủy {count} lần nhập chưa xác nhận quá {CONFIRM_WITHIN.days} ngày."
        )
