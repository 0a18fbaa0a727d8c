"""Forms people expect, in the browser (issue 16 item 4): the file input speaks Vietnamese
("Chọn tệp…" and the chosen file's name, never the browser's "Choose File / No file chosen"),
a destructive button is no larger than the action beside it and asks first, naming what is
lost, and dates use the browser's own date picker."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.core.samples import pdf_bytes
from tests.factories import make_person, make_user

pytestmark = pytest.mark.browser


def test_dossier_page_file_picker_and_delete(live_server, page, sector, screenshot):
    from tdkt.accounts.models import Role
    from tdkt.nominations import services
    from tdkt.nominations.models import Nomination
    from tdkt.organisation.models import Unit
    from tests.nominations.helpers import ensure_reference_data, make_eligible, make_round

    ensure_reference_data()
    officer = make_user("canbo", Role.UNIT_OFFICER, "STP-01")
    person = make_person("STP-01-VP", "Hoàng Thị Thu Trang", gender="female")
    make_eligible(person)
    submission = services.create_submission(officer, make_round(), Unit.objects.get(code="STP-01"),
                                            "Tờ trình đề nghị khen thưởng năm 2025")
    nom = services.add_nomination(
        officer, submission, award_code="bang_khen_bo_truong_bo_tu_phap",
        subject_kind="individual", person=person, attested=True,
        achievement="Hoàn thành xuất sắc nhiệm vụ năm 2025, có nhiều đóng góp.")
    login(page, live_server, "canbo")
    page.goto(f"{live_server.url}/khen-thuong/ho-so/{nom.pk}/")

    # The file picker: a Vietnamese button and the chosen name; the native control is hidden.
    picker = page.locator(".file-pick")
    expect(picker.locator(".file-button")).to_have_text("Chọn tệp…")
    expect(picker.locator(".file-name")).to_have_text("Chưa chọn tệp")
    box = page.locator("input[type=file]").bounding_box()
    assert box["width"] <= 2 and box["height"] <= 2  # visually hidden, still focusable
    page.locator("input[type=file]").set_input_files(
        {"name": "to-trinh.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()})
    expect(picker.locator(".file-name")).to_have_text("to-trinh.pdf")
    text = page.locator("main").inner_text()
    assert "Choose File" not in text and "No file chosen" not in text

    # Delete: red outline, on the same row and no larger than "Sửa hồ sơ".
    edit = page.get_by_role("button", name="Sửa hồ sơ")
    delete = page.get_by_role("button", name="Xóa hồ sơ")
    e, d = edit.bounding_box(), delete.bounding_box()
    assert d["height"] <= e["height"] + 1 and d["width"] <= e["width"] * 1.5
    assert abs(d["y"] - e["y"]) < 5, "the destructive action sits beside the edit button"
    assert delete.evaluate("el => getComputedStyle(el).color") == "rgb(161, 34, 27)"
    screenshot("forms-dossier")

    # It asks first and names what is lost; saying no keeps the dossier.
    questions = []
    page.once("dialog", lambda d: (questions.append(d.message), d.dismiss()))
    delete.click()
    assert questions and "tệp đính kèm" in questions[0] and "Không khôi phục" in questions[0]
    assert Nomination.objects.filter(pk=nom.pk).exists()
    page.once("dialog", lambda d: d.accept())
    delete.click()
    page.wait_for_url(lambda url: f"/ho-so/{nom.pk}/" not in url)
    assert not Nomination.objects.filter(pk=nom.pk).exists()


def test_dates_use_the_browsers_date_picker(live_server, page, sector):
    from tdkt.accounts.models import Role

    make_user("vu_tccb", Role.EMULATION_DEPT, "BTP")
    login(page, live_server, "vu_tccb")
    page.goto(f"{live_server.url}/phong-trao/tao/")
    assert page.evaluate("document.documentElement.lang") == "vi"
    starts = page.get_by_label("Từ ngày")
    expect(starts).to_have_attribute("type", "date")
    starts.fill("2026-01-01")
    expect(starts).to_have_value("2026-01-01")
