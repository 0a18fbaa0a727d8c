"""Keyboard only (issue 16 item 6): a unit officer sends the unit's movement registration and
a dossier goes up to the Ministry with Tab, Shift+Tab, Enter, Space, arrow keys and typing —
no mouse. Every control on the way is reached by Tab and shows where the focus is; the first
Tab on a page lands on the "skip to content" link."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.core.samples import pdf_bytes
from tests.factories import make_person, make_user

pytestmark = pytest.mark.browser

PASSWORD = "pw-test-123"
MAX_TABS = 250


def focused(locator) -> bool:
    return locator.evaluate("el => el === document.activeElement")


def focus_is_visible(locator) -> bool:
    return locator.evaluate("""el => {
        const s = getComputedStyle(el);
        return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
            || (s.boxShadow && s.boxShadow !== 'none');
    }""")


def tab_to(page, locator, backwards=False):
    """Press Tab (or Shift+Tab) until `locator` has the focus; fail if it never does."""
    locator = locator.first
    expect(locator).to_be_attached(timeout=5000)
    for _ in range(MAX_TABS):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if focused(locator):
            assert focus_is_visible(locator), f"no visible focus on {locator}"
            return locator
    raise AssertionError(f"{locator} is not reachable with the keyboard")


def choose(page, select, value):
    """Pick an option of a focused <select> with the arrow keys."""
    for _ in range(60):
        if select.evaluate("el => el.value") == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"option {value} not reached with the arrow keys")


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/dang-nhap/")
    tab_to(page, page.get_by_label("Tên đăng nhập"))
    page.keyboard.type(username)
    tab_to(page, page.get_by_label("Mật khẩu"))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")


def follow(page, locator):
    tab_to(page, locator)
    page.keyboard.press("Enter")
    page.wait_for_load_state()


def test_first_tab_reaches_skip_link_which_moves_to_the_content(live_server, page, sector):
    from tdkt.accounts.models import Role

    make_user("canbo_stp01", Role.UNIT_OFFICER, "STP-01")
    log_in(page, live_server, "canbo_stp01")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Bỏ qua điều hướng")
    assert focused(skip)
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "noi-dung"


def test_registration_sent_and_dossier_submitted_by_keyboard(live_server, page, sector,
                                                             screenshot):
    from tdkt.accounts.models import Role
    from tdkt.nominations import selectors, services
    from tdkt.nominations.models import VOTE_RESULT_KINDS
    from tests.movements.helpers import make_movement
    from tests.nominations.helpers import ensure_reference_data, make_eligible, make_round, pdf

    today = timezone.localdate()
    dept = make_user("vu_tccb", Role.EMULATION_DEPT, "BTP")
    officer = make_user("canbo_stp01", Role.UNIT_OFFICER, "STP-01")
    make_user("lanhdao_stp01", Role.UNIT_HEAD, "STP-01")
    make_person("STP-01-VP", "Trần Thị Hồng", gender="female")
    make_movement(dept, year=today.year, deadline=today + datetime.timedelta(days=20),
                  name="Phong trào thi đua chuyển đổi số", unit_codes=("STP-01",))

    # 1. The officer opens the movement from the menu and sends the registration.
    log_in(page, live_server, "canbo_stp01")
    follow(page, page.locator("#danh-muc").get_by_role("link", name="Phong trào thi đua"))
    follow(page, page.get_by_role("link", name="Phong trào thi đua chuyển đổi số"))
    follow(page, page.get_by_role("link", name="Xem, đăng ký"))
    follow(page, page.get_by_role("button", name="Soạn đăng ký"))
    title = tab_to(page, page.get_by_label("Danh hiệu tập thể đăng ký"))
    choose(page, title, "tap_the_lao_dong_xuat_sac")
    tab_to(page, page.get_by_label("Chỉ tiêu thi đua"))
    page.keyboard.type("Hoàn thành 100% nhiệm vụ được giao")
    person = tab_to(page, page.get_by_label("Trần Thị Hồng"))
    choose(page, person, "chien_si_thi_dua_co_so")
    # Shift+Tab goes back to the targets and the text is still there.
    tab_to(page, page.get_by_label("Chỉ tiêu thi đua"), backwards=True)
    expect(page.get_by_label("Chỉ tiêu thi đua")).to_have_value(
        "Hoàn thành 100% nhiệm vụ được giao")
    screenshot("keyboard-01-registration")
    follow(page, page.get_by_role("button", name="Lưu và gửi đăng ký"))
    expect(page.locator("#trang-thai")).to_have_text("Chờ duyệt")

    # 2. The officer's dossier lacks one document: attach it with the keyboard (Space opens
    #    the file picker), then the unit head approves and submits the tờ trình upward.
    ensure_reference_data()
    nominee = make_person("STP-01-VP", "Hoàng Thị Thu Trang", gender="female")
    make_eligible(nominee)
    award_round = make_round(name="Khen thưởng tổng kết năm", opens_on=today,
                             submission_deadline=today + datetime.timedelta(days=30))
    from tdkt.organisation.models import Unit

    submission = services.create_submission(officer, award_round, Unit.objects.get(code="STP-01"),
                                            "Tờ trình đề nghị khen thưởng năm 2025")
    nom = services.add_nomination(
        officer, submission, award_code="bang_khen_bo_truong_bo_tu_phap",
        subject_kind="individual", person=nominee, attested=True,
        achievement="Hoàn thành xuất sắc nhiệm vụ năm 2025, có nhiều đóng góp.")
    missing = [item for item in selectors.checklist(nom) if not item["present"]]
    last = missing.pop()
    for item in missing:
        vote = "15/17 phiếu đồng ý" if item["kind"] in VOTE_RESULT_KINDS else ""
        services.add_attachment(officer, nom, item["kind"], pdf(f"{item['kind']}.pdf"), vote)

    page.goto(f"{live_server.url}/")
    follow(page, page.locator("#danh-muc").get_by_role("link", name="Khen thưởng", exact=True))
    follow(page, page.get_by_role("link", name="Hoàng Thị Thu Trang").first)
    kind = tab_to(page, page.get_by_label("Loại tài liệu"))
    choose(page, kind, last["kind"])
    file_input = page.locator("input[type=file]")
    tab_to(page, file_input)
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files({"name": "bo-sung.pdf", "mimeType": "application/pdf",
                             "buffer": pdf_bytes()})
    expect(page.locator(".file-name")).to_have_text("bo-sung.pdf")
    if last["kind"] in VOTE_RESULT_KINDS:
        tab_to(page, page.get_by_label(re.compile("Kết quả bỏ phiếu")))
        page.keyboard.type("15/17 phiếu đồng ý")
    follow(page, page.get_by_role("button", name="Tải lên"))
    expect(page.locator(".flash").first).to_contain_text("Đã đính kèm")

    log_in(page, live_server, "lanhdao_stp01")
    follow(page, page.locator("#danh-muc").get_by_role("link", name="Khen thưởng", exact=True))
    follow(page, page.get_by_role("link", name="Khen thưởng tổng kết năm"))
    follow(page, page.get_by_role("link", name=re.compile("^Tờ trình đề nghị khen thưởng")))
    screenshot("keyboard-02-submission")
    follow(page, page.get_by_role("button", name="Phê duyệt và trình lên cấp trên"))
    expect(page.locator(".flash").first).to_contain_text("Đã phê duyệt và trình 1 hồ sơ")
    nom.refresh_from_db()
    assert nom.submitted_on is not None
