"""A Sở officer imports the people-and-history workbook (upload → preview → confirm), opens a
person's record, checks an award for a year with its explanations, and runs the sweep that
fills the due list."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.factories import make_user
from tests.history.helpers import PEOPLE_HEADER, book, person

pytestmark = pytest.mark.browser


def test_import_record_check_and_due_list(live_server, page, sector, screenshot, tmp_path,
                                          settings):
    from tdkt.accounts.models import Role

    settings.MEDIA_ROOT = tmp_path / "media"
    make_user("canbo_stp01", Role.UNIT_OFFICER, "STP-01")
    workbook = book(
        {
            "Nhân sự": [PEOPLE_HEADER,
                        person("001085000777", "Phạm Thị Thu Hà", gender="Nữ",
                               unit="STP-01-VP", frontline="x",
                               joined=datetime.date(2012, 3, 1))],
            "Xếp loại": [["Số định danh", "Năm", "Xếp loại"],
                         *(["001085000777", y, "HTXSNV"] for y in (2023, 2024, 2025))],
            "Danh hiệu": [["Số định danh", "Năm", "Danh hiệu", "Số quyết định"],
                          ["001085000777", 2024, "Lao động tiên tiến", "15/QĐ-STP"]],
        },
        path=tmp_path / "ho-so-stp01.xlsx",
    )
    url = live_server.url

    # 1. Upload: nothing is written before the officer confirms the preview.
    login(page, live_server, "canbo_stp01")
    page.get_by_role("link", name="Nhập, xuất hồ sơ Excel").click()
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(workbook))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    expect(page.get_by_text("Các thay đổi sẽ được ghi")).to_be_visible()
    screenshot("20-import-preview")
    page.get_by_role("button", name="Xác nhận nhập").click()
    expect(page.get_by_text("Đã nhập xong")).to_be_visible()
    screenshot("21-import-done")

    # 2. The person's record, year by year.
    page.get_by_role("searchbox", name="Tìm kiếm").fill("pham thi thu ha")
    page.get_by_role("searchbox", name="Tìm kiếm").press("Enter")
    page.get_by_role("link", name="Phạm Thị Thu Hà").click()
    timeline = page.locator("table.timeline")
    expect(timeline).to_contain_text("2025")
    expect(timeline).to_contain_text("Lao động tiên tiến")
    expect(timeline).to_contain_text("15/QĐ-STP")
    screenshot("22-person-record")

    # 3. The check for one award and year: verdict, every criterion, its source.
    page.get_by_role("button", name="Kiểm tra điều kiện").click()
    page.get_by_label("Danh hiệu, hình thức").select_option(label="Lao động tiên tiến")
    page.get_by_label("Năm xét").select_option("2025")
    page.get_by_role("button", name="Kiểm tra", exact=True).click()
    # The record meets the standard; the qualitative criteria wait for the unit's word.
    expect(page.locator("article h2")).to_contain_text("Cần xem xét, xác nhận")
    page.get_by_label("Đơn vị đã xác nhận các tiêu chuẩn định tính").check()
    page.get_by_role("button", name="Kiểm tra", exact=True).click()
    expect(page.locator("article h2")).to_contain_text("Đủ điều kiện")
    expect(page.locator("article table")).to_contain_text("2025")
    expect(page.locator("article table")).to_contain_text("Điều")
    screenshot("23-eligibility-check")

    # 4. The sweep fills the due list, with the priority marks.
    page.goto(f"{url}/xet-dieu-kien/?don_vi=STP-01&nam=2025")
    expect(page.get_by_text("Chưa có kết quả rà soát năm 2025")).to_be_visible()
    page.get_by_role("button", name="Rà soát năm 2025").click()
    page.get_by_role("button", name="Xem danh sách đủ điều kiện").click()
    row = page.locator("tr", has_text="Phạm Thị Thu Hà").first
    expect(row).to_contain_text("đủ điều kiện theo hồ sơ")
    expect(row).to_contain_text("trực tiếp lao động")
    expect(row).to_contain_text("nữ")
    screenshot("24-due-list")
