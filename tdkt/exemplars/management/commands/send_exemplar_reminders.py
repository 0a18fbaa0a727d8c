from django.core.management.base import BaseCommand
from django.utils import timezone

from tdkt.exemplars import replication, services


class Command(BaseCommand):
    help = ("Nhắc các mốc bồi dưỡng điển hình tiên tiến đã quá hạn và các báo cáo kết quả nhân "
            "rộng mô hình sắp đến hạn (chạy hằng ngày).")

    def handle(self, *args, **options):
        today = timezone.localdate()
        n = services.remind_overdue_milestones(today)
        self.stdout.write(f"Đã gửi {n} thông báo mốc bồi dưỡng quá hạn.")
        n = replication.remind_results_due(today)
        self.stdout.write(f"Đã gửi {n} thông báo báo cáo kết quả nhân rộng.")
