from tdkt.core.reminders import ReminderCommand
from tdkt.inspections import services
from tdkt.inspections.tasks import send_inspection_reminders


class Command(ReminderCommand):
    help = (
        "Nhắc các đơn vị có biện pháp khắc phục sau kiểm tra sắp đến hạn (trong N ngày); biện "
        "pháp quá hạn được báo cả đơn vị thực hiện và đơn vị kiểm tra; nhắc đơn vị chưa gửi tự "
        "kiểm tra khi sắp đến hoặc đã quá hạn (trước ngày đoàn làm việc). Mỗi việc tối đa một lần "
        "mỗi ngày. Chạy hằng ngày."
    )
    task = send_inspection_reminders
    enqueued_message = "Đã đưa tác vụ nhắc hạn khắc phục vào hàng đợi ({id})."

    def remind(self, today, days):
        n = services.send_reminders(today=today, within_days=days)
        return [f"Đã tạo {n} thông báo nhắc hạn, quá hạn khắc phục sau kiểm tra."]
