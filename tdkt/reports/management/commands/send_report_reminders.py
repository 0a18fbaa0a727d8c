import datetime

from django.core.management.base import BaseCommand, CommandError

from tdkt.reports import services


class Command(BaseCommand):
    help = (
        "Nhắc các đơn vị chưa gửi báo cáo sơ kết, tổng kết khi hạn gửi còn N ngày hoặc đã quá "
        "hạn (tối đa 60 ngày). Mỗi đợt nhắc tối đa một lần mỗi ngày. Chạy hằng ngày."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="Số ngày trước hạn (mặc định 7)")
        parser.add_argument("--date", help="Ngày tính (dd/mm/yyyy), mặc định hôm nay")

    def handle(self, *args, days, date, **options):
        if days < 0:
            raise CommandError("--days phải ≥ 0.")
        today = None
        if date:
            try:
                today = datetime.datetime.strptime(date, "%d/%m/%Y").date()
            except ValueError as exc:
                raise CommandError("Ngày phải có dạng dd/mm/yyyy.") from exc
        n = services.send_reminders(today=today, within_days=days)
        self.stdout.write(f"Đã nhắc {n} đơn vị chưa gửi báo cáo sơ kết, tổng kết.")
