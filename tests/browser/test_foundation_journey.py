"""Log in, browse the tree, find a person by unaccented text, open the profile."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.factories import make_person, make_user

pytestmark = pytest.mark.browser


def test_admin_browses_tree_and_finds_a_person_without_diacritics(
    live_server, page, sector, screenshot
):
    make_person("STP-01-VP", "Nguyễn Thị Ánh Dương", gender="female")
    make_person("STP-79-VP", "Đặng Văn Đức")

    login(page, live_server, "admin_b")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xin chào")
    tree = page.locator("#org-tree")
    expect(tree).to_contain_text("Bộ Tư pháp")
    screenshot("01-home")

    # Expand the ministry, then the bloc of Justice Departments (loaded with HTMX).
    tree.locator("summary", has_text="Bộ Tư pháp").first.click()
    khoi = tree.locator("summary", has_text="Khối")
    expect(khoi.first).to_be_visible()
    khoi.first.click()
    expect(tree).to_contain_text("Sở Tư pháp thành phố Hà Nội")
    expect(tree.get_by_role("link", name=re.compile("^Sở Tư pháp"))).to_have_count(34)
    screenshot("02-tree-expanded")

    page.get_by_role("searchbox", name="Tìm kiếm").fill("dang van duc")
    page.get_by_role("searchbox", name="Tìm kiếm").press("Enter")
    expect(page.get_by_role("link", name="Đặng Văn Đức")).to_be_visible()
    screenshot("03-search")
    page.get_by_role("link", name="Đặng Văn Đức").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đặng Văn Đức")
    expect(page.locator(".breadcrumb")).to_contain_text("Sở TP TP. Hồ Chí Minh")
    screenshot("04-person")


def test_officer_cannot_open_a_person_of_another_department(live_server, page, sector):
    from tdkt.accounts.models import Role

    make_user("officer_b1", Role.UNIT_OFFICER, "STP-01")
    other = make_person("STP-79-VP", "Lê Văn Bình")
    login(page, live_server, "officer_b1")
    response = page.goto(f"{live_server.url}/can-bo/{other.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Không tìm thấy")
