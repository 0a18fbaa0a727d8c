from tdkt.core.reminders import ReminderCommand
from tdkt.movements import services
from tdkt.movements.tasks import send_movement_reminders


class Command(ReminderCommand):
    help = (
        "Nhắc các đơn vị chưa gửi đăng ký thi đua, hoặc chưa gửi bảng tự chấm điểm của cụm, khối "
        "thi đua, khi hạn còn trong N ngày hoặc đã qua (mỗi đơn vị tối đa một lần mỗi ngày)."
    )
    task = send_movement_reminders

    def remind(self, today, days):
        n = services.send_reminders(today=today, within_days=days)
        m = services.send_scoring_reminders(today=today, within_days=days)
        return [f"Đã tạo {n} thông báo nhắc hạn đăng ký thi đua.",
                f"Đã tạo {m} thông báo nhắc hạn tự chấm điểm cụm, khối thi đua."]
