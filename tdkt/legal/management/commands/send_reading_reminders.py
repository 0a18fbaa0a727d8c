from tdkt.core.reminders import ReminderCommand
from tdkt.legal.reading import services
from tdkt.legal.tasks import send_reading_reminders


class Command(ReminderCommand):
    help = (
        "Nhắc cán bộ chưa xác nhận đã đọc văn bản được giao: một lần khi hạn đọc còn N ngày, "
        "một lần khi đã quá hạn; cán bộ TĐKT của đơn vị nhận tổng hợp người quá hạn mỗi tuần "
        "(tối đa 60 ngày sau hạn). Chạy hằng ngày; chạy lại trong ngày không gửi trùng."
    )
    task = send_reading_reminders

    def remind(self, today, days):
        n = services.send_reminders(today=today, within_days=days)
        return [f"Đã tạo {n} thông báo nhắc đọc văn bản."]
