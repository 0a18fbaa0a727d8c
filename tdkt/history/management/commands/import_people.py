"""python manage.py import_people WORKBOOK.xlsx [--dry-run] [--unit UNIT_CODE]

Exit 0: imported (or would import, with --dry-run): one summary line per sheet.
Exit 1: rejected: one line per problem `Sheet!Row: column — message`; nothing is written."""

import sys
import time

from django.core.management.base import BaseCommand

from tdkt.history.importer import run_import
from tdkt.organisation.models import Unit


class Command(BaseCommand):
    help = "Nhập tệp Excel nhân sự và lịch sử thi đua, khen thưởng (tất cả hoặc không)."

    def add_arguments(self, parser):
        parser.add_argument("workbook", help="đường dẫn tệp .xlsx")
        parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
        parser.add_argument("--unit", help="chỉ nhập trong phạm vi đơn vị này (mã đơn vị)")

    def handle(self, *args, workbook, dry_run, unit, **options):
        scope_paths = None
        if unit:
            found = Unit.objects.filter(code=unit.strip().upper()).first()
            if found is None:
                self.stdout.write(f"--unit: — Không có đơn vị mã «{unit}».")
                sys.exit(1)
            scope_paths = [found.path]
        started = time.perf_counter()
        result = run_import(workbook, scope_paths=scope_paths, dry_run=dry_run)
        if not result.ok:
            for line in result.problem_lines():
                self.stdout.write(line)
            self.stderr.write(
                f"Không nhập: {len(result.problems)} lỗi; không có dữ liệu nào được ghi."
            )
            sys.exit(1)
        for line in result.summary_lines():
            self.stdout.write(line)
        note = "Chạy thử: chưa ghi dữ liệu." if dry_run else "Đã nhập."
        self.stderr.write(f"{note} {result.rows} dòng, {time.perf_counter() - started:.1f} s.")
