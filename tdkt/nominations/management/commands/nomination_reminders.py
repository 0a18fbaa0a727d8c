import datetime

from django.core.management.base import BaseCommand

from tdkt.nominations import services


class Command(BaseCommand):
    help = "Tạo thông báo nhắc hạn nộp, bổ sung, thẩm định hồ sơ khen thưởng (chạy hằng ngày)."

    def add_arguments(self, parser):
        parser.add_argument("--ngay", help="Ngày tính (YYYY-MM-DD), mặc định hôm nay")

    def handle(self, *args, ngay=None, **options):
        today = datetime.date.fromisoformat(ngay) if ngay else None
        created = services.send_reminders(today)
        self.stdout.write(f"Đã tạo {created} thông báo nhắc hạn.")
