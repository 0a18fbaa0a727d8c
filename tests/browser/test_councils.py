"""A Sở's officer sets up its council in the browser: the term and quorum with its source, a
threshold from the unit's regulation, the members; the page says where each rule comes from
and which awards the council decides or only proposes."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.factories import make_user

pytestmark = pytest.mark.browser


def test_an_officer_sets_up_the_unit_council(page, live_server, sector, screenshot):
    from tdkt.accounts.models import Role

    make_user("canbo.c", Role.UNIT_OFFICER, "STP-01")
    for name in ("thanhvien1", "thanhvien2"):
        make_user(name, None, None)
    login(page, live_server, "canbo.c")
    page.goto(f"{live_server.url}/khen-thuong/hoi-dong/")
    expect(page.get_by_text("Đơn vị chưa có Hội đồng Thi đua – Khen thưởng")).to_be_visible()
    page.get_by_label("Nhiệm kỳ từ ngày").fill("2025-01-15")
    page.get_by_label(re.compile("^Căn cứ tỷ lệ có mặt")).fill(
        "Quy chế hoạt động của Hội đồng, Điều 6")
    page.get_by_role("button", name="Thành lập Hội đồng").click()
    expect(page.locator(".flash").first).to_contain_text("Đã thành lập")
    expect(page.get_by_text("theo Quy chế hoạt động của Hội đồng, Điều 6")).to_be_visible()

    for username, position in (("thanhvien1", "Chủ tịch Hội đồng"),
                               ("thanhvien2", "Ủy viên, Thư ký")):
        add = page.locator("details", has=page.locator("summary", has_text="Thêm thành viên"))
        if add.get_attribute("open") is None:  # open by itself while the council is empty
            add.locator("summary").click()
        page.get_by_label("Tên đăng nhập").fill(username)
        page.locator("#id_position").select_option(label=position)
        page.get_by_role("button", name="Thêm", exact=True).click()
        expect(page.locator(".flash").first).to_contain_text("Đã thêm")

    page.locator("summary", has_text="Đặt ngưỡng biểu quyết").click()
    page.get_by_label("Danh hiệu, hình thức").select_option(label="Chiến sĩ thi đua cơ sở")
    page.get_by_label(re.compile("^Tỷ lệ phiếu đồng ý tối thiểu")).fill("80")
    page.get_by_label("Tính trên").select_option(label="Tổng số thành viên Hội đồng")
    page.get_by_label(re.compile(r"^Căn cứ \(quy chế")).fill(
        "Quy chế hoạt động của Hội đồng, Điều 8")
    page.get_by_role("button", name="Lưu ngưỡng").click()
    expect(page.locator(".flash").first).to_contain_text("Đã lưu ngưỡng")
    row = page.locator("tr", has_text="Chiến sĩ thi đua cơ sở").first
    expect(row).to_contain_text("80% tổng số thành viên Hội đồng")
    expect(row).to_contain_text("theo Quy chế hoạt động của Hội đồng, Điều 8")
    expect(page.locator("tr", has_text="Bằng khen của Bộ trưởng Bộ Tư pháp").first) \
        .to_contain_text("Chỉ xét, đề nghị cấp trên")
    expect(page.locator("tr", has_text="Lao động tiên tiến").first) \
        .to_contain_text("chưa quy định")
    expect(page.locator("body")).not_to_contain_text("xác minh")
    screenshot("council-01-unit-council")
