"""Benchmark of the documents area: a decision with 500 awardees (.docx) and 500 certificates
(PDF, in parts rendered by worker processes, zipped as the bulk job does).

Run from the project root: .venv/bin/python bench/documents_bench.py
The renderers take plain data, so no database is needed; the environment a Django import
would expect is still set up (temporary data dir, secret key, settings module).
"""

import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
N = 500


def people(n: int):
    from tdkt.documents import word

    units = ["Văn phòng, Sở Tư pháp thành phố Hà Nội", "Phòng Hành chính tư pháp, Sở Tư pháp "
             "tỉnh Lạng Sơn", "Cục Quản lý thi hành án dân sự"]
    rows = []
    for i in range(n):
        if i % 25 == 0:
            rows.append(word.Recipient("collective", f"Phòng Nghiệp vụ {i // 25 + 1}",
                                       unit_name=units[i % 3]))
        else:
            rows.append(word.Recipient("individual", f"Nguyễn Thị Hường {i:03d}",
                                       gender="female" if i % 2 else "male",
                                       position="Chuyên viên chính", unit_name=units[i % 3]))
    return rows


def bench_decision() -> float:
    from tdkt.documents import word

    data = word.DecisionData(
        number="5/QĐ-BTP", signed_on=datetime.date(2026, 1, 5), issuer_name="Bộ Tư pháp",
        authority="Bộ trưởng Bộ Tư pháp", signer_name="Nguyễn Thanh Tịnh",
        signer_title="Thứ trưởng", subject="Về việc tặng Bằng khen của Bộ trưởng Bộ Tư pháp",
        bases="Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022\n"
              "Căn cứ Nghị định số 152/2025/NĐ-CP\nTheo đề nghị của Vụ trưởng Vụ Tổ chức cán bộ",
        award_name="Bằng khen của Bộ trưởng Bộ Tư pháp",
        achievement="đã có thành tích xuất sắc trong thực hiện nhiệm vụ công tác năm 2025",
        recipients=people(N),
    )
    start = time.perf_counter()
    content = word.render_docx("decision", word.decision_context(data))
    elapsed = time.perf_counter() - start
    print(f"decision .docx: {N} awardees, {len(content) / 1024:.0f} KiB in {elapsed:.2f} s")
    return elapsed


def bench_certificates() -> float:
    from tdkt.documents import bundles
    from tdkt.documents import certificates as cert
    from tdkt.documents.models import new_code

    items = []
    for i, person in enumerate(people(N)):
        kind = cert.GIAY_KHEN if i % 10 == 0 else cert.BANG_KHEN
        items.append(cert.CertificateData(
            kind=kind, authority="Bộ trưởng Bộ Tư pháp", award_title=(
                "GIẤY KHEN" if kind == cert.GIAY_KHEN else "BẰNG KHEN"),
            recipient=person.display_name, detail=person.detail,
            achievement="Đã có thành tích xuất sắc trong thực hiện nhiệm vụ công tác năm 2025",
            decision_number="5/QĐ-BTP", decision_date=datetime.date(2026, 1, 5),
            register_number=f"2026.005.{i + 1:04d}", place="Hà Nội",
            signer_title=("KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"), signer_name="Nguyễn Thanh Tịnh",
            verify_url=f"https://tdkt.moj.gov.vn/cong-khai/van-ban/xac-minh/{new_code()}/",
        ))
    groups = [(f"Đơn vị {n + 1}", items[n * 100:(n + 1) * 100]) for n in range(N // 100)]
    start = time.perf_counter()
    files = bundles.render_groups(groups, "full", None)
    archive = bundles.zip_files(files)
    elapsed = time.perf_counter() - start
    print(f"certificates: {N} in {len(files)} PDF parts ({bundles.workers()} workers), "
          f"zip {len(archive) / 1024 / 1024:.1f} MiB in {elapsed:.2f} s")
    return elapsed


def main() -> None:
    data_dir = tempfile.mkdtemp(prefix="tdkt-bench-")
    os.environ.setdefault("TDKT_DATA_DIR", data_dir)
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tdkt.settings")
    import django

    django.setup()
    decision = bench_decision()
    certificates = bench_certificates()
    print(f"decision_500 seconds: {decision:.2f}; certificates_500 seconds: {certificates:.2f}")


if __name__ == "__main__":
    main()
