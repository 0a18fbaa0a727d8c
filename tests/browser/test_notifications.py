"""A unit officer is reminded of a registration deadline: the header badge counts it, the
notice opens the registration and is then read; the e-mail arrived at once (the officer's
choice), and the officer switches to in-app only."""

import datetime

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.factories import make_user

pytestmark = pytest.mark.browser


def test_reminder_badge_open_and_preferences(live_server, page, sector, screenshot):
    from tdkt.accounts.models import Role
    from tdkt.movements import services as movements
    from tdkt.notifications.services import set_delivery
    from tests.movements.helpers import make_movement

    dept = make_user("vu_tccb", Role.EMULATION_DEPT, "BTP")
    officer = make_user("canbo_stp01", Role.UNIT_OFFICER, "STP-01")
    officer.email = "canbo.stp01@example.vn"
    officer.save(update_fields=["email"])
    set_delivery(officer, officer, "immediate")
    movement = make_movement(dept, unit_codes=("STP-01",), deadline=datetime.date(2026, 3, 31))
    mail.outbox.clear()
    assert movements.send_reminders(today=datetime.date(2026, 3, 26)) == 1
    assert [m.to for m in mail.outbox] == [["canbo.stp01@example.vn"]]

    url = live_server.url
    login(page, live_server, "canbo_stp01")
    badge = page.get_by_role("link", name="Thông báo: 2 chưa đọc")  # launch + reminder
    expect(badge).to_be_visible()
    badge.click()
    expect(page.get_by_role("heading", name="Thông báo")).to_be_visible()
    row = page.locator("tr", has_text="Còn 5 ngày đến hạn đăng ký thi đua")
    expect(row).to_contain_text("31/03/2026")
    screenshot("notifications-list")
    row.get_by_role("button", name="Mở").click()
    expect(page).to_have_url(f"{url}/phong-trao/dang-ky/"
                             f"{movement.registrations.get().pk}/")
    expect(page.get_by_role("link", name="Thông báo: 1 chưa đọc")).to_be_visible()

    page.goto(f"{url}/thong-bao/cai-dat/")
    page.get_by_label("Chỉ xem trong hệ thống").check()
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu cách nhận thông báo.")).to_be_visible()
    page.goto(f"{url}/thong-bao/")
    page.get_by_role("button", name="Đánh dấu tất cả đã đọc").click()
    expect(page.get_by_text("Đã đánh dấu 1 thông báo là đã đọc.")).to_be_visible()
    expect(page.get_by_role("link", name="Thông báo", exact=True)).to_be_visible()
