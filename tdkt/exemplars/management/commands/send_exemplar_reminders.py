from django.core.management.base import BaseCommand
from django.utils import timezone

from tdkt.exemplars import services


class Command(BaseCommand):
    help = "Nhắc các mốc bồi dưỡng điển hình tiên tiến đã quá hạn (chạy hằng ngày)."

    def handle(self, *args, **options):
        n = services.remind_overdue_milestones(timezone.localdate())
        self.stdout.write(f"Đã gửi {n} thông báo mốc bồi dưỡng quá hạn.")
