"""The one shape of the daily reminder commands (movements, inspections, reports): `--days`
before the deadline, `--date` to compute as of another day (dd/mm/yyyy), and `--enqueue` to
hand the work to the task worker when the app has a task for it."""

import datetime

from django.core.management.base import BaseCommand, CommandError


class ReminderCommand(BaseCommand):
    #: the django-tasks task taking `within_days`, or None when the command only runs inline
    task = None
    enqueued_message = "Đã đưa tác vụ nhắc hạn vào hàng đợi ({id})."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="Số ngày trước hạn (mặc định 7)")
        parser.add_argument("--date", help="Ngày tính (dd/mm/yyyy), mặc định hôm nay")
        if self.task is not None:
            parser.add_argument("--enqueue", action="store_true",
                                help="Đưa vào hàng đợi tác vụ nền thay vì chạy ngay")

    def handle(self, *args, days, date, enqueue=False, **options):
        if days < 0:
            raise CommandError("--days phải ≥ 0.")
        today = None
        if date:
            try:
                today = datetime.datetime.strptime(date, "%d/%m/%Y").date()
            except ValueError as exc:
                raise CommandError("Ngày phải có dạng dd/mm/yyyy.") from exc
        if enqueue:
            result = self.task.enqueue(within_days=days)
            self.stdout.write(self.enqueued_message.format(id=result.id))
            return
        for line in self.remind(today, days):
            self.stdout.write(line)

    def remind(self, today: datetime.date | None, days: int) -> list[str]:
        """Send the reminders; the lines to print."""
        raise NotImplementedError
