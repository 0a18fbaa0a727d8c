"""A staff member takes the open round of a law contest in the browser within its time
limit: the home page names the open round, the countdown runs, the answers are graded on
the server, the result shows, and the unit ranking counts them."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.factories import make_person, make_user, quiet_seed_context

pytestmark = pytest.mark.browser


@pytest.fixture
def contest_round(sector):
    from tdkt.accounts.models import Role
    from tdkt.contests import bank, services
    from tdkt.legal import demo as legal_demo

    legal_demo.seed(quiet_seed_context())
    dept = make_user("thuongtruc_b", Role.EMULATION_DEPT, "BTP")
    services.import_questions(dept, bank.read_default())
    contest = services.save_contest(
        dept, title="Tuần thi tìm hiểu Luật Thi đua, khen thưởng", rules="Thể lệ cuộc thi.",
        questions_per_attempt=5, time_limit_minutes=10, max_attempts=2, published=True,
        tiebreak_question="Dự đoán có bao nhiêu người tham gia vòng thi này?")
    for i in range(3):
        make_person("STP-01-VP", f"Đồng Nghiệp Số {i}")
        make_person("STP-79-VP", f"Cán Bộ Phía Nam {i}")
    now = timezone.now()
    return services.add_round(dept, contest, opens_at=now - datetime.timedelta(days=1),
                              closes_at=now + datetime.timedelta(days=5))


def _stp01_row(page):
    return page.locator("table.contest-units tr", has_text="Sở Tư pháp thành phố Hà Nội")


def test_staff_member_takes_the_open_round(live_server, page, contest_round, screenshot):
    from tdkt.accounts.models import Role
    from tdkt.contests.models import Attempt, Choice

    me = make_person("STP-01-HCBT", "Nguyễn Thị Thu Trang", gender="female")
    make_user("nhanvien_b", Role.STAFF, "STP-01", person=me)

    login(page, live_server, "nhanvien_b")
    task = page.get_by_role("link", name=re.compile("Cuộc thi đang mở: Tuần thi tìm hiểu"))
    expect(task).to_be_visible()
    screenshot("contest-01-home-task")
    task.click()
    expect(_stp01_row(page).locator("td").nth(3)).to_have_text("0")
    page.get_by_role("button", name="Vào thi").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("lượt 1")
    clock = page.locator("#dong-ho-so")
    expect(clock).to_have_text(re.compile(r"^(9|10) phút \d\d giây$"))
    first = clock.inner_text()
    page.wait_for_timeout(1500)
    assert clock.inner_text() != first  # the countdown runs
    screenshot("contest-02-taking")

    # Tick exactly the right choices: the test reads them from the database, never the page.
    attempt = Attempt.objects.get(person=me)
    right = set(Choice.objects.filter(correct=True).values_list("pk", flat=True))
    for item in attempt.items.all():
        for place, cid in enumerate(item.order):
            if cid in right:
                page.locator(f'input[name="q{item.position}"][value="{place}"]').check()
    page.get_by_label(re.compile("Câu hỏi phụ")).fill("120")
    page.get_by_role("button", name="Nộp bài").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Kết quả lượt thi 1")
    expect(page.locator(".contest-facts")).to_contain_text("5/5")
    expect(page.get_by_text("được công bố sau khi vòng thi kết thúc")).to_be_visible()
    screenshot("contest-03-result")

    page.get_by_role("link", name=re.compile("Vòng 1")).first.click()
    row = _stp01_row(page)
    expect(row.locator("td").nth(3)).to_have_text("1")
    expect(row.locator("td").first).to_have_text("1")
    expect(page.locator("main").get_by_role("link", name="Nguyễn Thị Thu Trang")).to_be_visible()
    screenshot("contest-04-round-ranking")

    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("link", name=re.compile("Cuộc thi đang mở"))).to_have_count(0)


def test_the_public_page_shows_the_unit_ranking(live_server, page, contest_round, screenshot):
    page.goto(f"{live_server.url}/cong-khai/")
    page.get_by_role("link", name="Cuộc thi tìm hiểu pháp luật").click()
    page.get_by_role("link", name="Tuần thi tìm hiểu Luật Thi đua, khen thưởng").click()
    expect(page.get_by_role("heading", name="Bảng xếp hạng đơn vị")).to_be_visible()
    expect(_stp01_row(page)).to_be_visible()
    screenshot("contest-05-public")
