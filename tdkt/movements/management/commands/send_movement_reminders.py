import datetime

from django.core.management.base import BaseCommand, CommandError

from tdkt.movements import services


class Command(BaseCommand):
    help = (
        "Nhắc các đơn vị chưa gửi đăng ký thi đua, hoặc chưa gửi bảng tự chấm điểm của cụm, khối "
        "thi đua, khi hạn còn trong N ngày hoặc đã qua (mỗi đơn vị tối đa một lần mỗi ngày)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="Số ngày trước hạn (mặc định 7)")
        parser.add_argument("--date", help="Ngày tính (dd/mm/yyyy), mặc định hôm nay")
        parser.add_argument(
            "--enqueue", action="store_true", help="Đưa vào hàng đợi tác vụ nền thay vì chạy ngay"
        )

    def handle(self, *args, days, date, enqueue, **options):
        if days < 0:
            raise CommandError("--days phải ≥ 0.")
        today = None
        if date:
            try:
                today = datetime.datetime.strptime(date, "%d/%m/%Y").date()
            except ValueError as exc:
                raise CommandError("Ngày phải có dạng dd/mm/yyyy.") from exc
        if enqueue:
            from tdkt.movements.tasks import send_movement_reminders

            result = send_movement_reminders.enqueue(within_days=days)
            self.stdout.write(f"Đã đưa tác vụ nhắc hạn vào hàng đợi ({result.id}).")
            return
        n = services.send_reminders(today=today, within_days=days)
        self.stdout.write(f"Đã tạo {n} thông báo nhắc hạn đăng ký thi đua.")
        n = services.send_scoring_reminders(today=today, within_days=days)
        self.stdout.write(f"Đã tạo {n} thông báo nhắc hạn tự chấm điểm cụm, khối thi đua.")
