"""With the Content-Security-Policy on, the pages still work in a real browser: no CSP
violation is reported anywhere along the walk, the delete button still asks for confirmation
(and cancelling keeps the entry), and choosing a round on the decision form still reloads it."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.factories import make_person, make_user

pytestmark = pytest.mark.browser

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.reportCsp(`${e.violatedDirective} ${e.blockedURI} ${location.pathname}`);
});
"""


@pytest.fixture
def csp_watch(page):
    """Every CSP violation: from the page's securitypolicyviolation events and from the
    console (Chromium logs "Refused to …" for blocked inline code)."""
    violations = []
    page.expose_function("reportCsp", lambda text: violations.append(text))
    page.add_init_script(REPORT_VIOLATIONS)
    page.on("console", lambda msg: violations.append(msg.text)
            if "Content Security Policy" in msg.text or "Refused to" in msg.text else None)
    return violations


def test_confirm_and_autosubmit_work_under_the_policy(live_server, page, sector, csp_watch):
    from tdkt.accounts.models import Role
    from tdkt.history.models import PersonRating
    from tdkt.nominations.models import Nomination, Status, Submission
    from tdkt.organisation.models import Unit
    from tests.nominations.helpers import ensure_reference_data, make_round

    ensure_reference_data()
    person = make_person("STP-01-VP", "Hoàng Thị Thu Trang", gender="female")
    rating = PersonRating.objects.create(person=person, year=2024, rating="HTXSNV")
    make_user("canbo.csp", Role.UNIT_OFFICER, "STP-01")
    make_user("vutccb.csp", Role.EMULATION_DEPT, "BTP")
    award_round = make_round(name="Khen thưởng tổng kết năm 2025")
    unit = Unit.objects.get(code="STP-01")
    submission = Submission.objects.create(round=award_round, unit=unit, title="Tờ trình")
    Nomination.objects.create(
        submission=submission, round=award_round, proposing_unit=unit, year=2025,
        award_code="bang_khen_bo_truong_bo_tu_phap", subject_kind="individual", person=person,
        subject_name=person.full_name, achievement="Hoàn thành xuất sắc nhiệm vụ.",
        status=Status.APPROVED, status_since=datetime.date.today())

    dialogs = []

    def answer(dialog, accept):
        dialogs.append((dialog.type, dialog.message))
        dialog.accept() if accept else dialog.dismiss()

    # login → home → the record entry's edit page
    login(page, live_server, "canbo.csp")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto(f"{live_server.url}/ho-so/muc/xep-loai/{rating.pk}/sua/")
    delete = page.get_by_role("button", name="Xoá mục này")

    # cancelling the confirmation keeps the entry and stays on the page
    page.once("dialog", lambda d: answer(d, accept=False))
    delete.click()
    expect(delete).to_be_visible()
    assert dialogs == [("confirm", "Xoá mục này khỏi sổ theo dõi? Không khôi phục được.")]
    assert PersonRating.objects.filter(pk=rating.pk).exists()

    # accepting it deletes the entry
    page.once("dialog", lambda d: answer(d, accept=True))
    delete.click()
    page.wait_for_url(re.compile(r".*/can-bo/\d+/.*"))
    assert len(dialogs) == 2
    assert not PersonRating.objects.filter(pk=rating.pk).exists()
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(re.compile(r".*/dang-nhap/.*"))

    # the decision form reloads itself when a round is chosen (no button to press)
    login(page, live_server, "vutccb.csp")
    page.goto(f"{live_server.url}/khen-thuong/quyet-dinh/moi/")
    page.get_by_label("Đợt xét khen thưởng có hồ sơ được đề nghị").select_option(
        label="Khen thưởng tổng kết năm 2025")
    page.wait_for_url(re.compile(rf".*\?dot={award_round.pk}$"))
    expect(page.get_by_label("Chọn Hoàng Thị Thu Trang")).to_be_visible()

    # pages with HTMX (live search) and the public pages
    page.goto(f"{live_server.url}/tim-kiem/")
    page.get_by_label("Từ khóa").fill("thu trang")
    expect(page.get_by_role("link", name="Hoàng Thị Thu Trang").first).to_be_visible()
    page.goto(f"{live_server.url}/cong-khai/khen-thuong/")
    page.goto(f"{live_server.url}/cong-khai/van-ban/xac-minh/KHONGCO/")

    assert csp_watch == []
