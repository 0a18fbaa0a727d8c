"""The whole path of an award in the browser: a unit's officer builds the tờ trình, the unit
head submits it, the emulation department appraises, the council votes by secret ballot, the
department issues the decision, and the award appears on the person's page."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.core.samples import pdf_bytes
from tests.factories import make_person, make_user

pytestmark = pytest.mark.browser


PASSPHRASE = "Hội đồng ngành Tư pháp kiểm phiếu"


def logout(page, live_server):
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(re.compile(r".*/dang-nhap/.*"))


def test_award_travels_from_the_unit_to_the_decision(live_server, page, sector, screenshot):
    from tdkt.accounts.models import Role
    from tdkt.nominations import services
    from tdkt.nominations.models import AwardRound, Nomination, Status
    from tdkt.organisation.models import Unit
    from tests.nominations.helpers import ensure_reference_data, make_eligible

    ensure_reference_data()
    person = make_person("STP-01-VP", "Hoàng Thị Thu Trang", gender="female",
                         position="Chánh Văn phòng")
    make_eligible(person)
    make_user("canbo.a", Role.UNIT_OFFICER, "STP-01")
    make_user("giamdoc.a", Role.UNIT_HEAD, "STP-01")
    dept = make_user("vutccb", Role.EMULATION_DEPT, "BTP")
    members = [make_user(f"hoidong{i}", Role.COUNCIL_MEMBER, "BTP") for i in range(3)]
    for m in members:
        services.add_council_member(dept, datetime.date.today().year, m, "member")
    today = datetime.date.today()
    AwardRound.objects.create(
        name="Khen thưởng tổng kết năm", kind="regular", year=2025,
        organiser=Unit.objects.get(code="BTP"),
        award_codes=["bang_khen_bo_truong_bo_tu_phap"], opens_on=today,
        submission_deadline=today + datetime.timedelta(days=30),
    )

    # 1. The officer builds the submission.
    login(page, live_server, "canbo.a")
    page.get_by_role("link", name="Khen thưởng", exact=True).click()
    page.get_by_role("link", name="Khen thưởng tổng kết năm").click()
    page.get_by_role("button", name="Lập tờ trình đề nghị").click()
    page.get_by_role("button", name="Lập tờ trình").click()
    page.get_by_role("button", name="Thêm hồ sơ đề nghị").click()
    page.get_by_label(re.compile("^Tìm cán bộ")).fill("thu trang")
    page.get_by_label(re.compile("Hoàng Thị Thu Trang")).check()
    page.get_by_label("Tóm tắt thành tích").fill(
        "Chủ trì tham mưu nhiều văn bản quan trọng, hoàn thành xuất sắc nhiệm vụ năm 2025.")
    page.get_by_label(re.compile("Đơn vị xác nhận")).check()
    screenshot("nom-01-add-nomination")
    page.get_by_role("button", name="Thêm vào tờ trình").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hoàng Thị Thu Trang")
    for kind, vote in (("Tờ trình đề nghị khen thưởng", ""), ("Báo cáo thành tích", ""),
                       ("Biên bản họp xét khen thưởng", "9/9 phiếu đồng ý")):
        page.get_by_label("Loại tài liệu").select_option(label=kind)
        page.get_by_label("Tệp").set_input_files(
            {"name": "tai-lieu.pdf", "mimeType": "application/pdf",
             "buffer": pdf_bytes()})
        page.get_by_label(re.compile("Kết quả bỏ phiếu")).fill(vote)
        page.get_by_role("button", name="Tải lên").click()
        expect(page.locator(".flash").first).to_contain_text("Đã đính kèm")
    expect(page.get_by_text("✓ Đã có")).to_have_count(3)
    screenshot("nom-02-dossier-complete")
    logout(page, live_server)

    # 2. The unit head approves and submits upward.
    login(page, live_server, "giamdoc.a")
    page.goto(f"{live_server.url}/khen-thuong/")
    page.get_by_role("link", name="Khen thưởng tổng kết năm").click()
    page.get_by_role("link", name=re.compile("^Tờ trình đề nghị khen thưởng")).click()
    page.get_by_role("button", name="Phê duyệt và trình lên cấp trên").click()
    expect(page.locator(".flash").first).to_contain_text("Đã phê duyệt và trình 1 hồ sơ")
    logout(page, live_server)

    # 3. The department appraises (engine re-run, duplicates, hold rule).
    login(page, live_server, "vutccb")
    page.goto(f"{live_server.url}/khen-thuong/tham-dinh/")
    page.get_by_label("Chọn Hoàng Thị Thu Trang").check()
    page.get_by_role("button", name="Thẩm định đạt").click()
    expect(page.locator(".flash").first).to_contain_text("Đã xử lý 1 hồ sơ")
    # Council meeting: agenda, attendance, open the secret ballot.
    page.goto(f"{live_server.url}/khen-thuong/hoi-dong/")
    page.get_by_label("Tên phiên họp").fill("Phiên họp xét khen thưởng")
    page.get_by_label("Ngày họp").fill(today.isoformat())
    page.get_by_role("button", name="Tạo phiên họp").click()
    page.get_by_label("Chọn Hoàng Thị Thu Trang").check()
    page.get_by_role("button", name="Đưa vào chương trình").click()
    for m in members:
        page.get_by_label(f"{m} có mặt").check()
    page.get_by_role("button", name="Lưu thành phần tham dự").click()
    page.get_by_role("button", name="Mở bỏ phiếu kín").click()
    # The chair types the passphrase that seals the ballots (twice); it is needed at the tally.
    page.get_by_label("Cụm mật khẩu kiểm phiếu").fill(PASSPHRASE)
    page.get_by_label("Nhập lại cụm mật khẩu").fill(PASSPHRASE)
    page.get_by_role("button", name="Mở bỏ phiếu kín").click()
    expect(page.locator(".flash").first).to_contain_text("Đã mở bỏ phiếu kín")
    meeting_url = page.url
    logout(page, live_server)

    # 4. Each council member votes from their own account.
    for i, m in enumerate(members):
        login(page, live_server, m.username)
        page.goto(meeting_url)
        choice = "Đồng ý" if i < 2 else "Không đồng ý"
        page.get_by_label(choice, exact=True).check()
        if i == 0:
            screenshot("nom-03-secret-ballot")
        page.get_by_role("button", name="Gửi phiếu").click()
        expect(page.get_by_text("Bạn đã bỏ phiếu ở phiên họp này")).to_be_visible()
        logout(page, live_server)

    # 5. The department closes the ballot: 2/3 present ≥ 50% → passed; minutes shown.
    login(page, live_server, "vutccb")
    page.goto(meeting_url)
    page.on("dialog", lambda dialog: dialog.accept())  # closing the ballot asks to confirm
    page.get_by_role("button", name="Kết thúc bỏ phiếu và kiểm phiếu").click()
    expect(page.get_by_text("Đã bỏ phiếu: 3/3 thành viên có mặt")).to_be_visible()
    page.get_by_label("Cụm mật khẩu kiểm phiếu").fill(PASSPHRASE)
    screenshot("nom-04a-close-ballot")
    page.get_by_role("button", name="Kết thúc bỏ phiếu và kiểm phiếu").click()
    expect(page.get_by_role("heading", name="Biên bản họp và kiểm phiếu")).to_be_visible()
    expect(page.locator("table").nth(1)).to_contain_text("Đạt")
    screenshot("nom-04-minutes")
    assert Nomination.objects.get().status == Status.APPROVED

    # 6. Decision: numbered from the Ministry's yearly series; history updated.
    page.goto(f"{live_server.url}/khen-thuong/quyet-dinh/moi/")
    page.get_by_label("Đợt xét khen thưởng có hồ sơ được đề nghị").select_option(
        label="Khen thưởng tổng kết năm")
    page.get_by_label("Chọn Hoàng Thị Thu Trang").check()
    page.get_by_role("textbox", name="Người ký *", exact=True).fill("Nguyễn Hải Ninh")
    page.get_by_role("button", name="Ban hành quyết định").click()
    number = "01/QĐ-BTP"  # Decree 30/2020: a leading zero below 10
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Quyết định số {number}")
    screenshot("nom-05-decision")

    # 7. The award appears on the person's page.
    page.get_by_role("link", name="Hoàng Thị Thu Trang").click()
    page.get_by_role("link", name="Hoàng Thị Thu Trang").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hoàng Thị Thu Trang")
    expect(page.locator("body")).to_contain_text("Bằng khen của Bộ trưởng Bộ Tư pháp")
    expect(page.locator("body")).to_contain_text(number)
    screenshot("nom-06-person-page")
