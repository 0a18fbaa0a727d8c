"""Benchmark: import a workbook of 14,000 people with 150,000 history rows.

Run from the project root: `.venv/bin/python bench/import_bench.py`. It sets up everything
itself: a temporary SQLite database (migrated, with the real organisation tree loaded), a
generated workbook, then the all-or-nothing import (validation + one write transaction).
Prints time, rows per second and memory (peak resident memory during the import, sampled, and
its growth over the baseline); the last line is `import seconds: S`.
"""

import os
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = tempfile.mkdtemp(prefix="tdkt-import-bench-")
os.environ["TDKT_DATA_DIR"] = WORKDIR
os.environ.pop("DATABASE_URL", None)
os.environ["DJANGO_SETTINGS_MODULE"] = "tdkt.settings_test"

PEOPLE = 14_000
HISTORY_ROWS = 150_000
YEARS = range(2016, 2026)


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class PeakSampler(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        self.peak = rss_mb()
        self.stop = threading.Event()

    def run(self):
        while not self.stop.is_set():
            self.peak = max(self.peak, rss_mb())
            time.sleep(0.05)


def generate(path: Path, unit_codes: list[str]) -> int:
    import datetime

    from openpyxl import Workbook

    rng = random.Random(2026)
    book = Workbook(write_only=True)
    people = book.create_sheet("Nhân sự")
    people.append(["DANH SÁCH CÁN BỘ (dữ liệu benchmark)"])
    people.append(["Số định danh", "Họ và tên", "Ngày sinh", "Giới tính", "Mã đơn vị", "Chức vụ",
                   "Lãnh đạo", "Trực tiếp lao động", "Ngày vào ngành"])
    surnames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
    middles = ["Văn", "Thị", "Minh", "Thu", "Đức", "Ngọc", "Thanh", "Hữu"]
    givens = ["An", "Bình", "Cường", "Dung", "Hà", "Hùng", "Lan", "Mai", "Nam", "Phương", "Quân"]
    ids = []
    for n in range(PEOPLE):
        id_number = f"0{n % 90 + 1:02d}{rng.randint(0, 3)}{rng.randint(60, 99):02d}{n:06d}"
        ids.append(id_number)
        born = datetime.date(rng.randint(1966, 2001), rng.randint(1, 12), rng.randint(1, 28))
        joined = datetime.date(born.year + rng.randint(22, 25), rng.randint(1, 12), 1)
        people.append([
            id_number, f"{rng.choice(surnames)} {rng.choice(middles)} {rng.choice(givens)}",
            born if n % 2 else born.strftime("%d/%m/%Y"), rng.choice(["Nam", "Nữ"]),
            rng.choice(unit_codes), "Chuyên viên", "x" if n % 40 == 0 else None,
            "x" if n % 7 == 0 else None, joined,
        ])
    ratings = book.create_sheet("Xếp loại")
    ratings.append(["Số định danh", "Năm", "Xếp loại"])
    titles = book.create_sheet("Danh hiệu")
    titles.append(["Số định danh", "Năm", "Danh hiệu", "Số quyết định", "Ngày quyết định"])
    awards = book.create_sheet("Khen thưởng")
    awards.append(["Số định danh", "Năm", "Hình thức", "Phương thức", "Số quyết định",
                   "Ngày quyết định", "Cấp quyết định"])
    initiatives = book.create_sheet("Sáng kiến")
    initiatives.append(["Số định danh", "Năm", "Tên", "Loại", "Phạm vi",
                        "Số quyết định công nhận"])
    written = 0
    for year in YEARS:
        if written >= HISTORY_ROWS:
            break
        for id_number in ids:
            if written >= HISTORY_ROWS:
                break
            rating = rng.choices(["HTXSNV", "HTTNV", "HTNV"], [2, 7, 1])[0]
            ratings.append([id_number, year, rating])
            written += 1
            if rating != "HTNV" and written < HISTORY_ROWS:
                titles.append([id_number, year, "Lao động tiên tiến", f"{year % 100}/QĐ-BM",
                               datetime.date(year, 12, 20)])
                written += 1
            if rating == "HTXSNV" and rng.random() < 0.3 and written < HISTORY_ROWS:
                awards.append([id_number, year, "Giấy khen", "Thường xuyên", f"{year}/QĐ-GK",
                               datetime.date(year, 12, 28), "Thủ trưởng đơn vị"])
                written += 1
                if rng.random() < 0.3 and written < HISTORY_ROWS:
                    initiatives.append([id_number, year, f"Sáng kiến cải tiến số {written}",
                                        "Sáng kiến", "Cơ sở", f"{written}/QĐ-SK"])
                    written += 1
    book.save(path)
    return written


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from tdkt.history.importer import run_import
    from tdkt.organisation.loader import load_organisation
    from tdkt.organisation.models import Unit

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    load_organisation()
    units = list(
        Unit.objects.filter(effective_to__isnull=True, depth__gte=2).values_list("code", flat=True)
    )
    print(f"setup (migrate + organisation): {time.perf_counter() - started:.1f} s")
    path = Path(WORKDIR) / "bench.xlsx"
    step = time.perf_counter()
    history = generate(path, units)
    size = path.stat().st_size / 1048576
    print(f"workbook: {PEOPLE} people + {history} history rows, {size:.1f} MB, "
          f"generated in {time.perf_counter() - step:.1f} s")

    baseline = rss_mb()
    sampler = PeakSampler()
    sampler.start()
    step = time.perf_counter()
    cpu = time.process_time()
    result = run_import(str(path))
    seconds = time.perf_counter() - step
    cpu = time.process_time() - cpu
    sampler.stop.set()
    sampler.join()
    if not result.ok:
        print("\n".join(result.problem_lines()[:20]))
        raise SystemExit(f"import rejected: {len(result.problems)} problems")
    for line in result.summary_lines():
        print(line)
    rows = PEOPLE + history
    print(f"rows: {rows}, rows per second: {rows / seconds:,.0f} "
          f"(CPU time of this process {cpu:.1f} s; load average {os.getloadavg()[0]:.1f})")
    print(f"memory: baseline {baseline:.0f} MB, peak during import {sampler.peak:.0f} MB "
          f"(+{sampler.peak - baseline:.0f} MB); workbook streamed (expat over the sheet XML)")
    print(f"import seconds: {seconds:.1f}")


if __name__ == "__main__":
    main()
