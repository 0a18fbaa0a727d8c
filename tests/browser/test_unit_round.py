"""Issue 13, "Done when": STP-01 runs its whole year-end round in the browser. The unit officer
(canbo.stp01) sweeps the due list, opens the round and picks a candidate with the reasons; the
head (lanhdao.stp01) approves the agenda; the council's chair opens the sealed ballot with a
passphrase, the members (hoidong1-3.stp01) vote, the chair tallies and the minutes show the
result; the head issues decision 01/QĐ-STP; the person's history shows Chiến sĩ thi đua cơ sở
with that number and the next eligibility check (the Minister's certificate: two consecutive
years of it) counts it."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.core.samples import pdf_bytes
from tests.factories import make_person, make_user

pytestmark = pytest.mark.browser
PASSPHRASE = "kiem phieu so tu phap ha noi"
YEAR = datetime.date.today().year - 1


def logout(page, live_server):
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(re.compile(r".*/dang-nhap/.*"))


def _setup():
    from tdkt.accounts.models import Role
    from tdkt.history.models import PersonRating
    from tdkt.nominations.models import Council, CouncilMember
    from tdkt.organisation.models import Unit
    from tests.nominations.helpers import ensure_reference_data

    ensure_reference_data()
    person = make_person("STP-01-VP", "Đỗ Thị Lan Anh", gender="female",
                         position="Chuyên viên", joined_sector_on=datetime.date(2015, 3, 1))
    from tdkt.history.models import AwardType, PersonTitle

    for year in (YEAR - 1, YEAR):
        PersonRating.objects.create(person=person, year=year, rating="HTXSNV")
    PersonTitle.objects.create(person=person, year=YEAR - 1, decision_number="15/QĐ-STP",
                               award=AwardType.objects.get(code="chien_si_thi_dua_co_so"))
    make_user("canbo.stp01", Role.UNIT_OFFICER, "STP-01")
    make_user("lanhdao.stp01", Role.UNIT_HEAD, "STP-01")
    stp = Unit.objects.get(code="STP-01")
    council = Council.objects.create(
        unit=stp, name="Hội đồng Thi đua – Khen thưởng Sở Tư pháp thành phố Hà Nội",
        term_start=datetime.date(YEAR, 1, 1), quorum_numerator=2, quorum_denominator=3,
        quorum_source="Quy chế hoạt động của Hội đồng Thi đua – Khen thưởng Sở Tư pháp")
    members = []
    for i, position in enumerate(("chair", "member", "secretary"), start=1):
        user = make_user(f"hoidong{i}.stp01", Role.COUNCIL_MEMBER, "STP-01")
        user.first_name, user.last_name = f"Thành viên {i}", ""
        user.save()
        CouncilMember.objects.create(council=council, user=user, position=position,
                                     joined_on=datetime.date(YEAR, 1, 1))
        members.append(user)
    return person, members


def test_stp01_runs_its_year_end_round(live_server, page, sector, screenshot):
    from tdkt.history.models import PersonTitle

    person, members = _setup()

    # 1. The officer: due list (sweep), open the round, pick the candidate with the reasons.
    login(page, live_server, "canbo.stp01")
    page.goto(f"{live_server.url}/xet-dieu-kien/?don_vi=STP-01&nam={YEAR}")
    page.get_by_role("button", name=re.compile("Rà soát")).first.click()
    page.goto(f"{live_server.url}/xet-dieu-kien/?don_vi=STP-01&nam={YEAR}")
    expect(page.locator("body")).to_contain_text("Đỗ Thị Lan Anh")
    page.goto(f"{live_server.url}/khen-thuong/don-vi/")
    page.get_by_label("Năm bình xét").fill(str(YEAR))
    page.get_by_role("button", name="Mở đợt bình xét").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Bình xét thi đua, khen thưởng năm {YEAR}")
    page.get_by_role("button", name="Chọn từ danh sách đủ điều kiện").click()
    expect(page.locator("body")).to_contain_text("Xem từng tiêu chuẩn")
    page.get_by_label("Chọn Đỗ Thị Lan Anh – Chiến sĩ thi đua cơ sở").check()
    screenshot("unit-01-due-list-pick")
    page.get_by_role("button", name="Thêm vào danh sách bình xét").click()
    expect(page.locator(".flash").first).to_contain_text("Đã thêm 1")
    expect(page.locator("body")).to_contain_text("còn thiếu Báo cáo thành tích")
    page.get_by_role("link", name="Đỗ Thị Lan Anh").click()
    for kind in ("Báo cáo thành tích", "Giấy chứng nhận, xác nhận sáng kiến, đề tài"):
        page.get_by_label("Loại tài liệu").select_option(label=kind)
        page.get_by_label("Tệp").set_input_files(
            {"name": "tai-lieu.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()})
        page.get_by_role("button", name="Tải lên").click()
        expect(page.locator(".flash").first).to_contain_text("Đã đính kèm")
    expect(page.get_by_text("✓ Đã có")).to_have_count(2)
    logout(page, live_server)

    # 2. The head approves the agenda (the council's meeting is created).
    login(page, live_server, "lanhdao.stp01")
    page.goto(f"{live_server.url}/khen-thuong/don-vi/")
    page.get_by_role("link", name=f"Bình xét thi đua, khen thưởng năm {YEAR}").click()
    expect(page.locator("body")).to_contain_text("✓ Báo cáo thành tích")
    page.get_by_label("Địa điểm").fill("Phòng họp tầng 3")
    page.get_by_role("button", name="Phê duyệt chương trình họp").click()
    expect(page.locator(".flash").first).to_contain_text("Đã phê duyệt chương trình họp")
    screenshot("unit-02-agenda-approved")
    page.get_by_role("link", name=re.compile("^Phiên họp Hội đồng")).click()
    meeting_url = page.url
    logout(page, live_server)

    # 3. The officer marks attendance; the chair opens the sealed ballot with a passphrase.
    login(page, live_server, "canbo.stp01")
    page.goto(meeting_url)
    for m in members:
        page.get_by_label(f"{m} có mặt").check()
    page.get_by_role("button", name="Lưu thành phần tham dự").click()
    expect(page.locator(".flash").first).to_contain_text("Đã ghi nhận thành phần tham dự")
    logout(page, live_server)
    chair = members[0]
    login(page, live_server, chair.username)
    page.goto(f"{meeting_url}mo-bo-phieu/")
    page.get_by_label(re.compile("^Cụm mật khẩu kiểm phiếu")).fill(PASSPHRASE)
    page.get_by_label("Nhập lại cụm mật khẩu").fill(PASSPHRASE)
    page.get_by_role("button", name="Mở bỏ phiếu kín").click()
    expect(page.locator(".flash").first).to_contain_text("Đã mở bỏ phiếu kín")
    logout(page, live_server)

    # 4. Each member votes from their own account (a sealed sheet).
    for i, member in enumerate(members):
        login(page, live_server, member.username)
        page.goto(meeting_url)
        page.get_by_label("Đồng ý", exact=True).check()
        if i == 0:
            screenshot("unit-03-sealed-ballot")
        page.get_by_role("button", name="Gửi phiếu").click()
        expect(page.locator("body")).to_contain_text("Bạn đã bỏ phiếu")
        logout(page, live_server)

    # 5. The chair tallies with the same passphrase; the minutes show the result.
    login(page, live_server, chair.username)
    page.goto(meeting_url)
    page.on("dialog", lambda dialog: dialog.accept())  # closing the ballot asks to confirm
    page.get_by_role("button", name="Kết thúc bỏ phiếu và kiểm phiếu").click()
    expect(page.locator("body")).to_contain_text("Đã bỏ phiếu: 3/3")
    page.get_by_label(re.compile("^Cụm mật khẩu kiểm phiếu")).fill(PASSPHRASE)
    page.get_by_role("button", name="Kết thúc bỏ phiếu và kiểm phiếu").click()
    expect(page.locator(".flash").first).to_contain_text("Đã kết thúc bỏ phiếu")
    expect(page.locator("body")).to_contain_text("Đạt")
    screenshot("unit-04-minutes")
    logout(page, live_server)

    # 6. The head issues the decision in the unit's numbering.
    login(page, live_server, "lanhdao.stp01")
    page.goto(f"{live_server.url}/khen-thuong/don-vi/")
    page.get_by_role("link", name=f"Bình xét thi đua, khen thưởng năm {YEAR}").click()
    page.get_by_role("button", name=re.compile("^Ban hành quyết định khen thưởng")).click()
    page.get_by_label("Người ký", exact=True).fill("Nguyễn Văn Giám")
    page.get_by_role("button", name="Ký ban hành quyết định").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quyết định số 01/QĐ-STP")
    screenshot("unit-05-decision")

    # 7. The person's history shows the title; the next eligibility check counts it.
    title = PersonTitle.objects.get(person=person, year=YEAR,
                                    award__code="chien_si_thi_dua_co_so")
    assert title.decision_number == "01/QĐ-STP"
    page.goto(f"{live_server.url}/can-bo/{person.pk}/")
    expect(page.locator("body")).to_contain_text("Chiến sĩ thi đua cơ sở")
    expect(page.locator("body")).to_contain_text("01/QĐ-STP")
    screenshot("unit-06-history")
    page.goto(f"{live_server.url}/xet-dieu-kien/can-bo/{person.pk}/"
              f"?award=bang_khen_bo_truong_bo_tu_phap&year={YEAR}")
    row = page.locator("tr", has_text="02 lần liên tục đạt Chiến sĩ thi đua cơ sở").first
    expect(row).to_contain_text("Đạt")
    expect(row).to_contain_text(f"có năm {YEAR - 1}–{YEAR}")
    screenshot("unit-07-next-check")
