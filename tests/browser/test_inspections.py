"""Inspections, the whole way: the department plans an inspection of Sở Tư pháp Hà Nội → the
Sở officer self-inspects with evidence → the team scores on site (the self-assessment beside
each item) → findings and a corrective action → the conclusion → the action runs overdue →
the daily reminder reaches the Sở (and escalates to the department) → the Sở sends evidence
→ the department accepts → the action and the inspection are closed."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.core.samples import pdf_bytes
from tests.factories import make_user

pytestmark = pytest.mark.browser


def switch_user(page, live_server, username):
    page.context.clear_cookies()
    login(page, live_server, username)


def fill_checklist(page, side, points, fail=()):
    """Every score item gets `points`; pass/fail items pass except the codes in `fail`."""
    for box in page.locator(f"input[name^='{side}_diem_']").all():
        box.fill(points)
    for select in page.locator(f"select[name^='{side}_dat_']").all():
        code = select.get_attribute("aria-label").split()[0]
        select.select_option("0" if code in fail else "1")


def test_inspection_journey_to_closed(live_server, page, sector, screenshot, tmp_path):
    from tdkt.accounts.models import Role

    make_user("vu_tccb", Role.EMULATION_DEPT, "BTP")
    make_user("canbo_stp01", Role.UNIT_OFFICER, "STP-01")
    url = live_server.url
    today = timezone.localdate()
    day = lambda n: (today + datetime.timedelta(days=n)).isoformat()  # noqa: E731
    evidence = tmp_path / "bien-ban-hop-hoi-dong.pdf"
    evidence.write_bytes(pdf_bytes())

    # 1. The department draws up the year's plan and puts Sở Tư pháp Hà Nội in it.
    login(page, live_server, "vu_tccb")
    page.goto(f"{url}/kiem-tra/")
    expect(page.get_by_text("Chưa có kế hoạch kiểm tra nào")).to_be_visible()
    page.get_by_role("button", name="Lập kế hoạch kiểm tra").click()
    page.get_by_label("Năm").fill(str(today.year))
    page.get_by_label("Tên kế hoạch").fill(f"Kế hoạch kiểm tra công tác TĐKT năm {today.year}")
    page.get_by_label("Số kế hoạch").fill("25/KH-BTP")
    page.get_by_role("button", name="Tạo kế hoạch").click()
    expect(page.get_by_text("Kế hoạch chưa có đơn vị được kiểm tra.")).to_be_visible()
    page.get_by_label("Mã đơn vị được kiểm tra").fill("STP-01")
    page.get_by_label("Kiểm tra từ ngày").fill(day(-10))
    page.get_by_label("Đến ngày").fill(day(-9))
    page.get_by_label("Hạn đơn vị gửi tự kiểm tra").fill(day(-15))
    page.get_by_label("Nội dung kiểm tra").fill("Hồ sơ khen thưởng năm trước; Quỹ thi đua")
    page.get_by_label("Trưởng đoàn (họ và tên)").fill("Nguyễn Văn Hưng")
    page.get_by_label("Chức vụ trưởng đoàn").fill("Phó Vụ trưởng Vụ Tổ chức cán bộ")
    page.get_by_label("Thành viên đoàn").fill("Trần Thị Thu — Chuyên viên chính")
    page.get_by_role("button", name="Thêm vào kế hoạch").click()
    expect(page.get_by_text("đơn vị đã được thông báo để tự kiểm tra")).to_be_visible()
    screenshot("inspection-01-plan")

    # 2. The Sở officer is told, and self-inspects with evidence.
    switch_user(page, live_server, "canbo_stp01")
    page.goto(f"{url}/thong-bao/")
    expect(page.get_by_text("đề nghị đơn vị tự kiểm tra")).to_be_visible()
    page.get_by_role("button", name="Mở").first.click()
    expect(page.get_by_role("heading", name="Tự kiểm tra công tác TĐKT")).to_be_visible()
    fill_checklist(page, "tu", "9")
    page.get_by_label("T1 giải trình").fill("Kế hoạch số 12/KH-STP triển khai Luật")
    page.get_by_label("T1 tệp minh chứng").set_input_files(str(evidence))
    screenshot("inspection-02-self")
    page.get_by_role("button", name="Gửi kết quả tự kiểm tra").click()
    expect(page.locator("#trang-thai")).to_have_text("Đơn vị đã gửi tự kiểm tra")
    expect(page.get_by_role("link", name="bien-ban-hop-hoi-dong.pdf")).to_be_visible()
    expect(page.get_by_text("(gửi muộn)")).to_be_visible()

    # 3. The team scores, with the unit's own answers beside each item.
    switch_user(page, live_server, "vu_tccb")
    page.goto(f"{url}/kiem-tra/")
    page.get_by_role("link", name="Sở Tư pháp thành phố Hà Nội").first.click()
    page.get_by_role("button", name="Chấm điểm của đoàn").click()
    expect(page.get_by_text("Kế hoạch số 12/KH-STP triển khai Luật")).to_be_visible()
    page.get_by_label("Ngày kiểm tra").fill(day(-10))
    fill_checklist(page, "doan", "7", fail=("K7",))
    screenshot("inspection-03-team")
    page.get_by_role("button", name="Lưu kết quả chấm điểm").click()

    # 4. Findings, a corrective action due yesterday, and the conclusion.
    expect(page.get_by_role("heading", name="Kết luận, kiến nghị")).to_be_visible()
    expect(page.get_by_text("63/90 điểm (70,0%); 2/3 tiêu chí đạt")).to_be_visible()
    page.get_by_label("Kết luận (tồn tại, hạn chế)").fill(
        "Biên bản họp Hội đồng thiếu kết quả bỏ phiếu")
    page.get_by_label("Kiến nghị").fill("Lập biên bản theo Mẫu số 3")
    page.get_by_label("Biện pháp khắc phục").fill("Bổ sung biên bản họp Hội đồng vào hồ sơ")
    page.get_by_label("Thời hạn khắc phục").fill(day(-1))
    page.get_by_role("button", name="Thêm kết luận").click()
    expect(page.get_by_text("Đã ghi kết luận.")).to_be_visible()
    page.get_by_label("Ngày kết luận").fill(day(-5))
    page.get_by_label("Số kết luận").fill("12/KL-BTP")
    page.get_by_label("Kết luận chung").fill("Đơn vị thực hiện cơ bản đầy đủ")
    page.get_by_role("button", name="Ban hành kết luận").click()
    expect(page.locator("#trang-thai")).to_have_text("Đã có kết luận, đang khắc phục")
    expect(page.get_by_text("(quá hạn)")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Kết luận kiểm tra (.docx)").click()
    assert download.value.suggested_filename.endswith(".docx")
    screenshot("inspection-04-concluded")

    # 5. The daily job reminds the Sở and escalates to the department.
    call_command("send_inspection_reminders")
    page.goto(f"{url}/thong-bao/")
    expect(page.get_by_text("Quá hạn 1 ngày").first).to_be_visible()

    # 6. The Sở sees the overdue action, sends its evidence.
    switch_user(page, live_server, "canbo_stp01")
    page.goto(f"{url}/thong-bao/")
    expect(page.get_by_text("Quá hạn 1 ngày")).to_be_visible()
    page.get_by_role("button", name="Mở").first.click()
    expect(page.get_by_role("heading", name="Biện pháp khắc phục")).to_be_visible()
    expect(page.get_by_text("(quá hạn)")).to_be_visible()
    page.get_by_label("Kết quả khắc phục").fill("Đã bổ sung biên bản và phiếu bầu")
    page.get_by_label("Minh chứng").set_input_files(str(evidence))
    page.get_by_role("button", name="Gửi minh chứng").click()
    expect(page.locator("#trang-thai")).to_have_text("Đã gửi minh chứng, chờ nghiệm thu")
    screenshot("inspection-05-evidence")

    # 7. The department accepts: the action and the inspection close.
    switch_user(page, live_server, "vu_tccb")
    page.goto(f"{url}/thong-bao/")
    expect(page.get_by_text("đã gửi minh chứng khắc phục")).to_be_visible()
    page.get_by_role("button", name="Mở").first.click()
    page.get_by_label("Ý kiến nghiệm thu").fill("Đạt yêu cầu")
    page.get_by_role("button", name="Nghiệm thu, đóng").click()
    expect(page.locator("#trang-thai")).to_have_text("Đã nghiệm thu, đóng")
    page.get_by_role("link", name="Về cuộc kiểm tra").click()
    expect(page.locator("#trang-thai")).to_have_text("Đã hoàn thành khắc phục")
    screenshot("inspection-06-closed")

    # The Sở's own page lists the inspection.
    switch_user(page, live_server, "canbo_stp01")
    page.goto(f"{url}/don-vi/STP-01/")
    heading = page.get_by_role("heading", name="Kiểm tra công tác thi đua, khen thưởng")
    expect(heading).to_be_visible()
    expect(page.get_by_role("cell", name="Đã hoàn thành khắc phục")).to_be_visible()
