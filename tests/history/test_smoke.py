import pytest

from tdkt.history.importer import run_import
from tests.history.helpers import PEOPLE_HEADER, book, person

pytestmark = pytest.mark.django_db


def test_smoke():
    f = book({"Nhân sự": [PEOPLE_HEADER, person()],
              "Xếp loại": [["Số định danh", "Năm", "Xếp loại"], ["001085000001", 2024, "HTXSNV"]],
              "Danh hiệu": [["Số định danh", "Mã đơn vị", "Năm", "Danh hiệu"],
                            ["001085000001", None, 2024, "Lao động tiên tiến"],
                            [None, "STP-01", 2024, "tap_the_lao_dong_tien_tien"]]})
    r = run_import(f)
    print(r.problem_lines(), r.summary_lines())
    assert r.ok
    f.seek(0)
    r = run_import(f)
    print(r.problem_lines(), r.summary_lines())
