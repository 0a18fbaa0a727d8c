from tdkt.core.reminders import ReminderCommand
from tdkt.reports import services


class Command(ReminderCommand):
    help = (
        "Nhắc các đơn vị chưa gửi báo cáo sơ kết, tổng kết khi hạn gửi còn N ngày hoặc đã quá "
        "hạn (tối đa 60 ngày). Mỗi đợt nhắc tối đa một lần mỗi ngày. Chạy hằng ngày."
    )

    def remind(self, today, days):
        n = services.send_reminders(today=today, within_days=days)
        return [f"Đã nhắc {n} đơn vị chưa gửi báo cáo sơ kết, tổng kết."]
