"""The emulation department launches a movement → a Sở officer registers → the department
returns it → the officer corrects and resubmits → approved → the roll-up shows it."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.factories import make_person, make_user

pytestmark = pytest.mark.browser


def switch_user(page, live_server, username):
    page.context.clear_cookies()
    login(page, live_server, username)


def test_movement_registration_journey(live_server, page, sector, screenshot):
    from tdkt.accounts.models import Role

    make_user("vu_tccb", Role.EMULATION_DEPT, "BTP")
    make_user("canbo_stp01", Role.UNIT_OFFICER, "STP-01")
    make_person("STP-01-VP", "Trần Thị Hồng", gender="female")
    url = live_server.url

    # 1. The emulation department drafts and launches the movement.
    login(page, live_server, "vu_tccb")
    page.goto(f"{url}/phong-trao/")
    expect(page.get_by_text("Chưa có phong trào thi đua nào")).to_be_visible()
    page.get_by_role("button", name="Tạo phong trào").click()
    page.get_by_label("Tên phong trào").fill("Phong trào thi đua yêu nước ngành Tư pháp năm 2026")
    page.get_by_label("Năm").fill("2026")
    page.get_by_label("Chủ đề").fill("Kỷ cương, trách nhiệm, đổi mới, hiệu quả")
    page.get_by_label("Từ ngày").fill("2026-01-01")
    page.get_by_label("Đến ngày").fill("2026-12-31")
    page.get_by_label("Hạn đăng ký thi đua").fill("2026-03-31")
    page.get_by_label("Nội dung thi đua").fill(
        "Thi đua hoàn thành xuất sắc nhiệm vụ xây dựng pháp luật\n"
        "Thi đua đẩy mạnh chuyển đổi số, cải cách hành chính")
    page.get_by_label("Đơn vị tham gia").fill("STP-01\nSTP-79")
    page.get_by_role("button", name="Tạo dự thảo").click()
    expect(page.locator(".mv-status").first).to_have_text("Dự thảo")
    expect(page.get_by_text("Một là")).to_be_visible()
    page.get_by_role("button", name="Phát động", exact=True).click()
    expect(page.locator(".mv-status").first).to_have_text("Đã phát động")
    expect(page.get_by_text("Đã gửi thông báo phát động tới 2 đơn vị.")).to_be_visible()
    screenshot("movement-01-launched")

    # 2. The Sở officer is notified and registers.
    switch_user(page, live_server, "canbo_stp01")
    page.goto(f"{url}/phong-trao/")
    notice = page.locator(".notifications")
    expect(notice).to_contain_text("Đề nghị đơn vị đăng ký thi đua")
    notice.get_by_role("button", name="Mở").click()
    page.get_by_role("link", name="Xem, đăng ký").click()
    page.get_by_role("button", name="Soạn đăng ký").click()
    page.get_by_label("Danh hiệu tập thể đăng ký").select_option("tap_the_lao_dong_xuat_sac")
    page.get_by_label("Chỉ tiêu thi đua").fill("Hoàn thành 100% nhiệm vụ được giao")
    page.get_by_label("Trần Thị Hồng").select_option("chien_si_thi_dua_co_so")
    screenshot("movement-02-registration-form")
    page.get_by_role("button", name="Lưu và gửi đăng ký").click()
    expect(page.locator("#trang-thai")).to_have_text("Chờ duyệt")

    # 3. The department returns it with a reason.
    switch_user(page, live_server, "vu_tccb")
    page.goto(f"{url}/phong-trao/")
    page.get_by_role("link", name="Phong trào thi đua yêu nước ngành Tư pháp năm 2026").click()
    page.get_by_role("link", name="Xem tổng hợp chi tiết").click()
    expect(page.locator("[data-status=submitted] strong")).to_have_text("1")
    page.get_by_role("link", name="Sở Tư pháp thành phố Hà Nội").click()
    page.get_by_label("Lý do trả lại").fill("Bổ sung chỉ tiêu về chuyển đổi số")
    page.get_by_role("button", name="Trả lại để bổ sung").click()
    expect(page.locator("#trang-thai")).to_have_text("Trả lại bổ sung")

    # 4. The officer corrects and resubmits.
    switch_user(page, live_server, "canbo_stp01")
    page.goto(f"{url}/phong-trao/")
    expect(page.locator(".notifications")).to_contain_text("bị trả lại")
    page.locator(".notifications").get_by_role("button", name="Mở").first.click()
    expect(page.locator(".flash-error")).to_contain_text("Bổ sung chỉ tiêu về chuyển đổi số")
    page.get_by_role("button", name="Bổ sung, sửa đăng ký").click()
    page.get_by_label("Chỉ tiêu thi đua").fill(
        "Hoàn thành 100% nhiệm vụ được giao\n100% thủ tục hộ tịch trực tuyến toàn trình")
    page.get_by_role("button", name="Lưu và gửi đăng ký").click()
    expect(page.locator("#trang-thai")).to_have_text("Chờ duyệt")
    expect(page.get_by_role("cell", name="Gửi lại sau bổ sung")).to_be_visible()
    screenshot("movement-03-resubmitted")

    # 5. The department approves; the roll-up shows it.
    switch_user(page, live_server, "vu_tccb")
    page.goto(f"{url}/phong-trao/")
    page.get_by_role("link", name="Phong trào thi đua yêu nước ngành Tư pháp năm 2026").click()
    page.get_by_role("link", name="Xem tổng hợp chi tiết").click()
    page.get_by_role("link", name="Sở Tư pháp thành phố Hà Nội").click()
    page.get_by_role("button", name="Duyệt đăng ký").click()
    expect(page.locator("#trang-thai")).to_have_text("Đã duyệt")
    page.get_by_role("link", name="Phong trào thi đua yêu nước ngành Tư pháp năm 2026").click()
    page.get_by_role("link", name="Xem tổng hợp chi tiết").click()
    expect(page.locator("[data-status=approved] strong")).to_have_text("1")
    expect(page.locator("[data-status=not_sent] strong")).to_have_text("1")
    expect(page.locator("[data-status=submitted] strong")).to_have_text("0")
    screenshot("movement-04-rollup")
