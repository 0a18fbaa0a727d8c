"""Reviews, the whole way: the department asks the provincial Justice Departments for their
year-end review → the Hà Nội officer sees the task on the home page, downloads the report the
system wrote from the data, edits it and sends it → the department sees who has sent and who
has not, reminds the others, and downloads the consolidated sector report."""

import io

import pytest
from docx import Document
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.factories import make_user

pytestmark = pytest.mark.browser


def test_review_call_send_track_remind_consolidate(live_server, page, sector, screenshot,
                                                    tmp_path):
    from tdkt.accounts.models import Role
    from tdkt.notifications.models import Notification
    from tdkt.organisation.models import Unit

    make_user("vu_tccb", Role.EMULATION_DEPT, "BTP")
    make_user("canbo_stp01", Role.UNIT_OFFICER, "STP-01")
    n_units = Unit.objects.filter(
        kind__in=("provincial_justice_dept", "provincial_enforcement_office")).count()

    # 1. The department issues the call from the menu's "Báo cáo, thống kê".
    login(page, live_server, "vu_tccb")
    page.get_by_role("link", name="Báo cáo, thống kê").first.click()
    expect(page.get_by_role("heading", name="Báo cáo, thống kê")).to_be_visible()
    page.get_by_role("button", name="Yêu cầu các đơn vị báo cáo").click()
    page.get_by_label("Tên đợt báo cáo").fill("Báo cáo tổng kết công tác TĐKT năm 2025")
    page.get_by_role("spinbutton", name="Năm").fill("2025")
    page.get_by_label("Hạn gửi").fill("2099-12-15")
    page.get_by_role("button", name="Gửi yêu cầu báo cáo").click()
    expect(page.get_by_text(f"Đã yêu cầu {n_units} đơn vị báo cáo.")).to_be_visible()
    call_url = page.url

    # 2. The Hà Nội officer: the task is on the home page; the draft is written from the data.
    page.context.clear_cookies()
    login(page, live_server, "canbo_stp01")
    expect(page.get_by_text("Báo cáo sơ kết, tổng kết phải gửi cấp trên")).to_be_visible()
    page.goto(call_url)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải dự thảo báo cáo (.docx)").click()
    draft = tmp_path / "du-thao.docx"
    download.value.save_as(draft)
    doc = Document(draft)
    assert any("I. KẾT QUẢ ĐẠT ĐƯỢC" in p.text for p in doc.paragraphs)
    doc.add_paragraph("Đơn vị đã hoàn thành các chỉ tiêu thi đua năm 2025.")
    edited = tmp_path / "bao-cao-tong-ket-stp01.docx"
    doc.save(edited)
    page.get_by_label("Tệp báo cáo (Word hoặc PDF)").set_input_files(str(edited))
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_text("Đã gửi báo cáo của Sở Tư pháp thành phố Hà Nội.")).to_be_visible()
    screenshot("reviews-unit-sent")

    # 3. The department tracks, filters, reminds and consolidates.
    page.context.clear_cookies()
    login(page, live_server, "vu_tccb")
    page.goto(call_url)
    expect(page.get_by_text(f"Phải báo cáo: {n_units} đơn vị · đã gửi: 1")).to_be_visible()
    page.get_by_label("Tình trạng").select_option("da-gui")
    page.get_by_role("button", name="Lọc").click()
    expect(page.get_by_role("cell", name="Sở Tư pháp thành phố Hà Nội")).to_be_visible()
    expect(page.get_by_role("cell", name="Đúng hạn")).to_be_visible()
    screenshot("reviews-tracking")
    page.get_by_role("button", name=f"Nhắc {n_units - 1} đơn vị chưa gửi").click()
    expect(page.get_by_text(f"Đã nhắc {n_units - 1} đơn vị chưa gửi báo cáo.")).to_be_visible()
    assert Notification.objects.filter(kind="reminder").count() == n_units - 1
    with page.expect_download() as download:
        page.get_by_role("button", name="Tải báo cáo tổng hợp (.docx)").click()
    consolidated = Document(io.BytesIO(open(download.value.path(), "rb").read()))
    text = "\n".join(p.text for p in consolidated.paragraphs)
    assert "Đã nhận báo cáo của 1 đơn vị" in text and "{{" not in text
