"""Issue 16 item 1: on a 390 px phone the main pages fit the screen (no sideways scroll of
the page; wide tables scroll inside their own container), the menu sits behind a button that
says whether it is open, and the header stays compact on a laptop."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.factories import make_user

pytestmark = pytest.mark.browser

PAGES = ["/", "/khen-thuong/", "/phong-trao/", "/don-vi/{unit}/", "/kiem-tra/", "/bao-cao/",
         "/thong-bao/"]


def overflow(page):
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


@pytest.mark.parametrize("who,unit", [("dept", "BTP"), ("officer", "STP-01")])
def test_main_pages_fit_a_phone(live_server, page, sector, screenshot, who, unit):
    from tdkt.accounts.models import Role
    from tests.movements.helpers import make_movement

    dept = make_user("vu_tccb", Role.EMULATION_DEPT, "BTP")
    make_user("canbo_stp01", Role.UNIT_OFFICER, "STP-01")
    today = timezone.localdate()
    make_movement(dept, year=today.year, deadline=today + datetime.timedelta(days=10),
                  name="Phong trào thi đua chuyên đề về chuyển đổi số trong ngành Tư pháp",
                  unit_codes=("STP-01",))
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, "vu_tccb" if who == "dept" else "canbo_stp01")
    too_wide = []
    for path in PAGES:
        path = path.format(unit=unit)
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        width, viewport = overflow(page)
        if width > viewport:
            too_wide.append((path, width))
    screenshot(f"responsive-390-{who}-last")
    assert not too_wide, f"pages wider than 390 px: {too_wide}"

    # The menu is behind a button; it opens and closes and says so.
    page.goto(f"{live_server.url}/khen-thuong/")
    toggle = page.get_by_role("button", name="Danh mục chức năng")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#danh-muc")).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#danh-muc").get_by_role("link", name="Khen thưởng")).to_be_visible()
    screenshot(f"responsive-390-{who}-menu")
    toggle.click()
    expect(page.locator("#danh-muc")).to_be_hidden()


def test_tablet_and_laptop(live_server, page, sector, screenshot):
    from tdkt.accounts.models import Role

    make_user("vu_tccb", Role.EMULATION_DEPT, "BTP")
    page.set_viewport_size({"width": 768, "height": 1024})
    login(page, live_server, "vu_tccb")
    for path in ("/khen-thuong/", "/phong-trao/", "/don-vi/BTP/"):
        page.goto(f"{live_server.url}{path}")
        width, viewport = overflow(page)
        assert width <= viewport, (path, width)
    screenshot("responsive-768")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/khen-thuong/")
    # On a laptop the menu is always shown (no button) and the red header stays compact.
    expect(page.get_by_role("button", name="Danh mục chức năng")).to_be_hidden()
    expect(page.locator("#danh-muc")).to_be_visible()
    screenshot("responsive-1366")
    assert page.locator("header.topbar").bounding_box()["height"] <= 80


def test_anonymous_visitor_on_a_phone(live_server, page, sector, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/cong-khai/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    width, viewport = overflow(page)
    assert width <= viewport
    screenshot("public-home-390")
    page.get_by_role("link", name="Đăng nhập").first.click()
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
