"""Read tracking in the browser: the department gives Decree 152/2025 to Sở Tư pháp Hà Nội to
read → nhanvien.stp01 finds it on the home page, opens the document and confirms "Tôi đã đọc"
→ the Sở's officer sees it read in the unit's table (and a colleague still unread)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.factories import make_person, make_user

pytestmark = pytest.mark.browser


def switch_user(page, live_server, username):
    page.context.clear_cookies()
    login(page, live_server, username)


def test_staff_reads_an_assigned_document_and_the_unit_sees_it(live_server, page, sector,
                                                               screenshot):
    from tdkt.accounts.models import Role
    from tdkt.legal.models import LegalDocument, Reading
    from tdkt.organisation.models import Unit

    doc = LegalDocument.objects.create(
        code="nd_152_2025", number="152/2025/NĐ-CP", kind="nghi_dinh", issuer="Chính phủ",
        title="Quy định chi tiết một số điều của Luật Thi đua, khen thưởng",
        signed_on=datetime.date(2025, 6, 14))
    reader = make_person("STP-01-HCBT", "Phạm Minh Đức")
    colleague = make_person("STP-01-VP", "Trần Thị Hồng", gender="female")
    make_user("thuongtruc", Role.EMULATION_DEPT, "BTP")
    make_user("nhanvien.stp01", Role.STAFF, "STP-01", person=reader)
    make_user("canbo.stp01", Role.UNIT_OFFICER, "STP-01")
    url = live_server.url
    due = timezone.localdate() + datetime.timedelta(days=14)

    # 1. The department gives the Decree to Sở Tư pháp Hà Nội (and its offices) to read.
    login(page, live_server, "thuongtruc")
    page.goto(f"{url}/phap-luat/giao-doc/")
    page.get_by_role("button", name="Giao văn bản cần đọc").click()
    page.get_by_label("Văn bản cần đọc").select_option(str(doc.pk))
    page.get_by_label("Hoặc giao cho các đơn vị").select_option(
        str(Unit.objects.get(code="STP-01").pk))
    page.get_by_label("Hạn đọc").fill(due.isoformat())
    page.get_by_role("button", name="Giao đọc").click()
    expect(page.get_by_text(f"Đã giao đọc Nghị định 152/2025/NĐ-CP, hạn {due:%d/%m/%Y}."))\
        .to_be_visible()
    screenshot("legal-reading-01-assigned")

    # 2. The staff member finds it on the home page, opens the document and confirms.
    switch_user(page, live_server, "nhanvien.stp01")
    expect(page.get_by_role("link", name="Văn bản cần đọc")).to_be_visible()
    page.get_by_role("link", name="Văn bản cần đọc").first.click()
    expect(page.get_by_role("cell", name="Chưa đọc")).to_be_visible()
    page.get_by_role("link", name="Nghị định 152/2025/NĐ-CP").click()
    expect(page.get_by_role("heading", name="Văn bản được giao đọc")).to_be_visible()
    screenshot("legal-reading-02-document")
    page.get_by_role("button", name="Tôi đã đọc").click()
    expect(page.get_by_text("Bạn đã xác nhận đọc văn bản này lúc")).to_be_visible()
    expect(page.get_by_role("button", name="Tôi đã đọc")).to_have_count(0)
    assert Reading.objects.get().person == reader

    # 3. The Sở's officer sees who read it in the unit's table.
    switch_user(page, live_server, "canbo.stp01")
    page.goto(f"{url}/phap-luat/giao-doc/don-vi/STP-01/")
    row = page.get_by_role("row", name="Phạm Minh Đức")
    expect(row.get_by_text("Đã đọc")).to_be_visible()
    expect(page.get_by_role("row", name=colleague.full_name).get_by_text("Chưa đọc"))\
        .to_be_visible()
    expect(page.get_by_role("cell", name="1/2")).to_be_visible()
    screenshot("legal-reading-03-unit")
