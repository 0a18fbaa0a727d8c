"""python manage.py export_people WORKBOOK.xlsx [--unit UNIT_CODE] [--years 2016-2025]"""

import re

from django.core.management.base import BaseCommand, CommandError

from tdkt.history import workbook as wb
from tdkt.history.exporter import export_workbook
from tdkt.organisation.models import Unit


def parse_years(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?", text or "")
    if not match:
        raise ValueError("--years phải có dạng 2016-2025 hoặc 2024.")
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if first > last:
        raise ValueError("--years: năm đầu phải trước năm cuối.")
    return first, last


class Command(BaseCommand):
    help = "Xuất tệp Excel nhân sự và lịch sử thi đua, khen thưởng."

    def add_arguments(self, parser):
        parser.add_argument("workbook", help="đường dẫn tệp .xlsx sẽ ghi")
        parser.add_argument("--unit", help="chỉ xuất đơn vị này và các đơn vị trực thuộc")
        parser.add_argument("--years", help="khoảng năm, ví dụ 2016-2025")

    def handle(self, *args, workbook, unit, years, **options):
        scope_paths = None
        if unit:
            found = Unit.objects.filter(code=unit.strip().upper()).first()
            if found is None:
                raise CommandError(f"Không có đơn vị mã «{unit}».")
            scope_paths = [found.path]
        span = None
        if years:
            try:
                span = parse_years(years)
            except ValueError as exc:
                raise CommandError(str(exc)) from None
        counts = export_workbook(workbook, scope_paths=scope_paths, years=span)
        self.stdout.write(
            "Đã xuất: " + ", ".join(f"{name} {counts[name]}" for name in wb.SHEETS)
        )
