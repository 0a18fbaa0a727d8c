"""Closing a secret ballot safely: the chair sees how many present members have voted, who has
not, and how their missing votes count; a wrong passphrase changes nothing; the member who
voted cannot vote again; the member who has not sees the ballot on their home page."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def test_chair_closes_with_missing_votes_only_after_confirming(live_server, page, sector,
                                                                 request, screenshot):
    from tdkt.nominations import services
    from tdkt.nominations.models import MeetingStatus
    from tests.nominations.helpers import PASSPHRASE, Flow, ensure_reference_data

    ensure_reference_data()
    flow = Flow(request.getfixturevalue("cast"))
    flow.dept.username = "vutccb"
    flow.dept.save()
    nom = flow.appraised()
    members = flow.members()
    for user, name in zip(members, ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường",
                                    "Phạm Thị Dung", "Hoàng Văn Em"], strict=True):
        user.set_full_name(name)
        user.save()
    meeting = flow.meeting([nom], present=members[:4])
    item = meeting.items.get()
    for m in members[:2]:
        services.cast_ballot(m, meeting, {item.pk: True})

    # A member who voted cannot vote again; one who has not sees the ballot at home.
    login(page, live_server, members[0].username)
    page.goto(f"{live_server.url}/khen-thuong/hoi-dong/phien-hop/{meeting.pk}/bo-phieu/")
    expect(page.get_by_text("Bạn đã bỏ phiếu ở phiên họp này")).to_be_visible()
    expect(page.get_by_role("button", name="Gửi phiếu")).to_have_count(0)
    page.context.clear_cookies()
    login(page, live_server, members[2].username)
    expect(page.get_by_text(f"Bỏ phiếu kín: {meeting.title}")).to_be_visible()
    page.context.clear_cookies()

    login(page, live_server, "vutccb")
    page.goto(f"{live_server.url}/khen-thuong/hoi-dong/phien-hop/{meeting.pk}/")
    expect(page.get_by_text("Đã bỏ phiếu: 2/4 thành viên có mặt")).to_be_visible()
    page.on("dialog", lambda dialog: dialog.accept())  # closing the ballot asks to confirm
    page.get_by_role("button", name="Kết thúc bỏ phiếu và kiểm phiếu").click()
    expect(page.get_by_text("Đã bỏ phiếu: 2/4 thành viên có mặt")).to_be_visible()
    expect(page.get_by_text("Chưa bỏ phiếu (2): Lê Văn Cường, Phạm Thị Dung")).to_be_visible()
    expect(page.locator("main")).to_contain_text("được tính là không đồng ý")
    screenshot("ballot-close-missing-votes")

    # A wrong passphrase: a clear error, nothing changes.
    page.get_by_label("Cụm mật khẩu kiểm phiếu").fill("không phải cụm mật khẩu")
    page.get_by_label("Tôi xác nhận kết thúc").check()
    page.get_by_role("button", name="Kết thúc bỏ phiếu và kiểm phiếu").click()
    expect(page.get_by_role("alert")).to_contain_text("Cụm mật khẩu kiểm phiếu không đúng")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.VOTING
    screenshot("ballot-close-wrong-passphrase")

    page.get_by_label("Cụm mật khẩu kiểm phiếu").fill(PASSPHRASE)
    page.get_by_label("Tôi xác nhận kết thúc").check()
    page.get_by_role("button", name="Kết thúc bỏ phiếu và kiểm phiếu").click()
    expect(page.get_by_role("heading", name="Biên bản họp và kiểm phiếu")).to_be_visible()
    item.refresh_from_db()
    assert (item.agree, item.disagree) == (2, 0)
