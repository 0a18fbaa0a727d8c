"""Issue 17, done when: a staff member's public report → moderation → accepted exemplar →
fostering milestone → summary approved → published story visible anonymously → another unit
adopts it and reports → proposed for a Bằng khen with its summary attached."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.factories import make_person, make_user

pytestmark = pytest.mark.browser

TITLE = "Bộ phận một cửa trả kết quả tận nhà cho người cao tuổi"
COLLECTIVE_AWARD = "bang_khen_bo_truong_bo_tu_phap_tap_the"


def switch_user(page, live_server, username):
    page.context.clear_cookies()
    login(page, live_server, username)


def test_exemplar_from_public_report_to_award_proposal(
        live_server, page, sector, screenshot, settings, tmp_path):
    from tdkt.accounts.models import Role
    from tdkt.exemplars.demo import _photo
    from tdkt.exemplars.models import Exemplar
    from tdkt.nominations.models import Nomination
    from tests.nominations.helpers import make_round

    settings.MEDIA_ROOT = tmp_path / "media"
    today = datetime.date.today()
    staff_person = make_person("STP-01-HCBT", "Phạm Minh Đức")
    make_user("nhanvien_stp01", Role.STAFF, "STP-01", person=staff_person)
    make_user("canbo_stp01", Role.UNIT_OFFICER, "STP-01")
    make_user("lanhdao_stp01", Role.UNIT_HEAD, "STP-01")
    make_user("vu_tccb", Role.EMULATION_DEPT, "BTP")
    make_user("canbo_stp79", Role.UNIT_OFFICER, "STP-79")
    make_round("BTP", opens_on=today - datetime.timedelta(days=30),
               submission_deadline=today + datetime.timedelta(days=30), year=2025)
    url = live_server.url

    # 1. A staff member sends a "người tốt, việc tốt" report from the public form (no login);
    #    the unit list is searched without diacritics.
    page.goto(f"{url}/cong-khai/dien-hinh/gui/")
    page.get_by_label("Đối tượng").select_option("collective")
    page.get_by_placeholder("Tìm đơn vị (gõ có dấu hoặc không dấu)").fill("so tu phap ha noi")
    units = page.locator("#id_unit")
    expect(units.locator("option:not([hidden])", has_text="Hồ Chí Minh")).to_have_count(0)
    units.select_option(label="Sở Tư pháp thành phố Hà Nội")
    page.get_by_label("Tên cá nhân hoặc tập thể").fill("Bộ phận Một cửa Sở Tư pháp Hà Nội")
    page.get_by_label("Tiêu đề").fill(TITLE)
    page.get_by_label("Mô tả thành tích, việc làm tốt").fill(
        "Trả kết quả hộ tịch tận nhà cho 320 người cao tuổi, người khuyết tật trong năm 2025.")
    page.get_by_label("Năm").fill("2025")
    page.get_by_label("Họ tên người phản ánh").fill("Phạm Minh Đức")
    screenshot("exemplar-01-public-report")
    page.get_by_role("button", name="Gửi phản ánh").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cảm ơn")

    # 2. The Sở's officer sees it among the home tasks and accepts it.
    login(page, live_server, "canbo_stp01")
    page.get_by_role("link", name=re.compile("Đề xuất, phản ánh điển hình chờ xem xét")).click()
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_text("Phản ánh người tốt, việc tốt — Phạm Minh Đức")).to_be_visible()
    page.get_by_role("button", name="Công nhận điển hình").click()
    expect(page.get_by_text("Đã xử lý đề xuất.")).to_be_visible()

    # 3. Fostering: a plan with the responsible office chosen within the Sở, and a milestone.
    page.get_by_role("button", name="Chuyển sang giai đoạn tiếp theo").click()
    expect(page.get_by_text("Đã chuyển sang giai đoạn Bồi dưỡng.")).to_be_visible()
    page.get_by_text("Lập kế hoạch bồi dưỡng").click()
    page.get_by_label("Người hướng dẫn, giúp đỡ").fill("Phó Giám đốc Sở phụ trách")
    page.get_by_label("Mục tiêu").fill("Mở rộng ra toàn bộ 30 phường, xã trong năm 2026.")
    page.get_by_label("Đơn vị phụ trách").select_option(label="Phòng Hành chính và Bổ trợ tư pháp")
    page.get_by_role("button", name="Lưu kế hoạch").click()
    expect(page.get_by_text("Đơn vị phụ trách: Phòng Hành chính và Bổ trợ tư pháp")).to_be_visible()
    page.get_by_label("Tên mốc").fill("Hội nghị chia sẻ kinh nghiệm")
    page.get_by_label("Hạn hoàn thành").fill(
        (today + datetime.timedelta(days=60)).isoformat())
    page.get_by_role("button", name="Thêm mốc").click()
    expect(page.get_by_role("cell", name="Hội nghị chia sẻ kinh nghiệm")).to_be_visible()
    page.get_by_role("button", name="Đánh dấu hoàn thành").click()
    expect(page.get_by_text(re.compile(r"Hoàn thành \d\d/\d\d/\d{4}"))).to_be_visible()
    screenshot("exemplar-02-fostering")

    # 4. The summary record with a public photo, sent to the unit head; the story published.
    page.get_by_label("Nguyên nhân thành công, bài học kinh nghiệm").fill(
        "Một đầu mối tiếp nhận, lịch trả kết quả theo tổ dân phố, phối hợp với Công an phường.")
    page.get_by_role("button", name="Lưu báo cáo").click()
    page.get_by_text("Tải lên minh chứng, ảnh").click()
    page.locator("input[name=file]").set_input_files(
        {"name": "tra-ket-qua.png", "mimeType": "image/png", "buffer": _photo(0)})
    page.get_by_label("Chú thích").fill("Cán bộ trả kết quả tại nhà một cụ bà 90 tuổi")
    page.get_by_label("Dùng ảnh trong bài viết công khai").check()
    page.get_by_role("button", name="Tải lên").click()
    expect(page.locator("figcaption", has_text="Cán bộ trả kết quả tại nhà")).to_be_visible()
    page.get_by_role("button", name="Gửi thủ trưởng đơn vị duyệt").click()
    page.get_by_label("Bài viết giới thiệu (công khai)").fill(
        "Từ năm 2025, Bộ phận Một cửa của Sở mang kết quả hộ tịch đến tận nhà người cao tuổi, "
        "người khuyết tật. 320 người đã được phục vụ tại nhà.")
    page.get_by_role("button", name="Công bố").click()
    expect(page.get_by_text("Đã công bố bài viết về điển hình.")).to_be_visible()
    ex = Exemplar.objects.get(title=TITLE)

    # 5. The unit head approves, then the department approves and features the story.
    switch_user(page, live_server, "lanhdao_stp01")
    page.goto(f"{url}/dien-hinh/{ex.pk}/")
    page.get_by_role("button", name="Duyệt, chuyển Vụ Tổ chức cán bộ").click()
    switch_user(page, live_server, "vu_tccb")
    page.goto(f"{url}/dien-hinh/{ex.pk}/")
    page.get_by_role("button", name="Phê duyệt báo cáo tổng kết").click()
    expect(page.locator("#tong-ket")).to_contain_text("Đã phê duyệt")
    page.get_by_role("button", name="Nêu gương trên trang chủ công khai").click()
    expect(page.get_by_text("Bài viết đang được nêu gương trên trang chủ công khai.")) \
        .to_be_visible()

    # 6. Anyone sees the story: on the public home, with its photo and sharing tags.
    page.context.clear_cookies()
    page.goto(f"{url}/cong-khai/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("figcaption")).to_contain_text("Cán bộ trả kết quả tại nhà")
    expect(page.locator('meta[property="og:title"]')).to_have_attribute("content", TITLE)
    expect(page.locator('meta[property="og:image"]')).to_have_count(1)
    screenshot("exemplar-03-public-story")

    # 7. Another Sở registers to apply the model, then reports its results.
    login(page, live_server, "canbo_stp79")
    page.goto(f"{url}/dien-hinh/nhan-rong/")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="Đăng ký áp dụng mô hình").click()
    page.get_by_label("Đơn vị áp dụng").select_option(label="Sở Tư pháp Thành phố Hồ Chí Minh")
    page.get_by_label("Nội dung áp dụng tại đơn vị").fill(
        "Trả kết quả hộ tịch tận nhà tại 5 phường thí điểm.")
    page.get_by_label("Áp dụng từ ngày").fill((today - datetime.timedelta(days=90)).isoformat())
    page.get_by_label("Đến ngày").fill(today.isoformat())
    page.get_by_label("Người phụ trách").fill("Trưởng phòng Hành chính và Bổ trợ tư pháp")
    page.get_by_role("button", name="Đăng ký áp dụng").click()
    expect(page.get_by_text("Đã đăng ký nhân rộng mô hình.")).to_be_visible()
    page.get_by_role("button", name="Báo cáo kết quả nhân rộng").click()
    page.get_by_label("Kết quả áp dụng mô hình").fill(
        "Đã trả kết quả tận nhà tại 5/5 phường thí điểm; người dân hài lòng.")
    page.get_by_label("Số liệu kết quả").fill("Số lượt trả kết quả tại nhà: 146\nSố phường: 5")
    page.get_by_role("button", name="Gửi báo cáo kết quả").click()
    expect(page.get_by_text("Đã gửi báo cáo kết quả nhân rộng mô hình.")).to_be_visible()
    expect(page.get_by_role("cell", name="146")).to_be_visible()
    screenshot("exemplar-04-adoption-reported")

    # 8. The Sở's officer sees where it spread and proposes it for a Bằng khen in one click.
    switch_user(page, live_server, "canbo_stp01")
    page.goto(f"{url}/dien-hinh/{ex.pk}/")
    spread = page.locator("#nhan-rong")
    expect(spread).to_contain_text("1 lượt đơn vị đăng ký áp dụng, 1 đã báo cáo kết quả")
    expect(spread).to_contain_text("Sở Tư pháp Thành phố Hồ Chí Minh")
    page.get_by_label("Danh hiệu, hình thức khen thưởng").select_option(COLLECTIVE_AWARD)
    page.get_by_role("button", name="Đề nghị khen thưởng").click()
    outcome = page.get_by_role("status").filter(has_text="Đã lập hồ sơ đề nghị khen thưởng")
    expect(outcome).to_contain_text("đính kèm báo cáo tổng kết điển hình")
    nomination = Nomination.objects.get()
    assert nomination.award_code == COLLECTIVE_AWARD
    page.goto(f"{url}/khen-thuong/ho-so/{nomination.pk}/")
    expect(page.get_by_text(f"bao-cao-tong-ket-dien-hinh-{ex.pk}.docx")).to_be_visible()
    screenshot("exemplar-05-nomination")
