import datetime

from django.core.management.base import BaseCommand, CommandError

from tdkt.inspections import services


class Command(BaseCommand):
    help = (
        "Nhắc các đơn vị có biện pháp khắc phục sau kiểm tra sắp đến hạn (trong N ngày); biện "
        "pháp quá hạn được báo cả đơn vị thực hiện và đơn vị kiểm tra; nhắc đơn vị chưa gửi tự "
        "kiểm tra khi sắp đến hoặc đã quá hạn (trước ngày đoàn làm việc). Mỗi việc tối đa một lần "
        "mỗi ngày. Chạy hằng ngày."
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
            from tdkt.inspections.tasks import send_inspection_reminders

            result = send_inspection_reminders.enqueue(within_days=days)
            self.stdout.write(f"Đã đưa tác vụ nhắc hạn khắc phục vào hàng đợi ({result.id}).")
            return
        n = services.send_reminders(today=today, within_days=days)
        self.stdout.write(f"Đã tạo {n} thông báo nhắc hạn, quá hạn khắc phục sau kiểm tra.")
