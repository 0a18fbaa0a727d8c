"""Charts in a real browser under the Content-Security-Policy: ECharts draws an SVG in the
role="img" container, no CSP violation, the data table is there and opens for printing."""

import pytest

from tests.browser.conftest import login
from tests.browser.test_csp_journey import csp_watch  # noqa: F401 - fixture
from tests.factories import make_user

pytestmark = pytest.mark.browser


def test_a_chart_draws_under_the_policy(live_server, page, sector, csp_watch,  # noqa: F811
                                        monkeypatch, screenshot):
    from tdkt.accounts.models import Role
    from tdkt.dashboard import panels
    from tdkt.dashboard.charts import Chart

    chart = Chart("Khen thưởng theo cấp và năm", ["2023", "2024", "2025"],
                  [("Cấp Bộ", [12, 15, 9]), ("Cấp Nhà nước", [2, 3, 1])], unit="lượt")
    monkeypatch.setattr(panels, "for_user", lambda *a: [panels.Panel(chart=chart)])
    make_user("canbo.chart", Role.UNIT_OFFICER, "STP-01")
    login(page, live_server, "canbo.chart")
    box = page.get_by_role("img", name="Biểu đồ cột: Khen thưởng theo cấp và năm")
    box.locator("svg").first.wait_for()
    assert box.locator("svg path").count() > 3
    table = page.locator("details.chart-table").first
    assert not table.evaluate("d => d.open")
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert table.evaluate("d => d.open")
    assert table.locator("td", has_text="15").count() == 1
    page.emulate_media(media="screen")
    screenshot("dashboard-chart")
    assert csp_watch == []


def test_department_home_tasks_charts_fairness_and_officer_scope(live_server, page, sector,
                                                                 csp_watch,  # noqa: F811
                                                                 screenshot):
    import datetime

    from django.utils import timezone

    from tdkt.accounts.models import Role
    from tdkt.history.models import AwardType, PersonAward, PersonTitle
    from tdkt.movements import services
    from tests.factories import make_person
    from tests.movements.helpers import fill, make_movement, registration_of

    today = timezone.localdate()
    dept = make_user("thuongtruc.b", Role.EMULATION_DEPT, "BTP")
    make_user("canbo.b01", Role.UNIT_OFFICER, "STP-01")
    officer_b = make_user("canbo.b79", Role.UNIT_OFFICER, "STP-79")
    deadline = today + datetime.timedelta(days=10)
    hanoi = make_movement(dept, year=today.year, deadline=deadline, name="Phong trào Hà Nội",
                          unit_codes=("STP-01",))
    make_movement(dept, year=today.year, deadline=deadline, name="Phong trào TP.HCM",
                  unit_codes=("STP-79",))
    reg = registration_of(make_movement(dept, year=today.year, deadline=deadline,
                                        name="Phong trào chung", unit_codes=("STP-79",)),
                          "STP-79")
    fill(officer_b, reg)
    services.submit_registration(officer_b, reg)
    bk = AwardType.objects.get(code="bang_khen_bo_truong_bo_tu_phap")
    ldtt = AwardType.objects.get(code="lao_dong_tien_tien")
    for i in range(6):
        p = make_person("STP-01-VP", f"Cán Bộ Thử {i}", gender="female" if i % 2 else "male",
                        is_leader=i < 3, is_frontline=i >= 4)
        PersonTitle.objects.create(person=p, year=today.year - 1, award=ldtt)
        if i < 3:
            PersonAward.objects.create(person=p, year=today.year - 1, award=bk)

    login(page, live_server, "thuongtruc.b")
    page.get_by_role("link", name="Duyệt đăng ký thi đua: Phong trào chung").wait_for()
    chart = page.get_by_role("img", name="Biểu đồ cột: Danh hiệu, khen thưởng theo cấp và năm "
                                         "(đơn vị: lượt)")
    chart.locator("svg").first.wait_for()
    assert chart.locator("svg path").count() > 3
    fairness = page.locator("table.fairness-table")
    assert fairness.locator("tr", has_text="Cấp Bộ").locator("td").first.inner_text() == "3"
    assert page.get_by_text("vượt ngưỡng 50%").count() == 1  # leaders: 3 of 3 ministry awards
    screenshot("dashboard-thuongtruc")
    page.get_by_role("button", name="Đăng xuất").click()

    login(page, live_server, "canbo.b01")
    link = page.get_by_role("link", name="Gửi đăng ký thi đua: Phong trào Hà Nội")
    link.wait_for()
    assert page.get_by_text("Phong trào TP.HCM").count() == 0
    assert page.get_by_text("Phong trào chung").count() == 0
    assert page.locator(".chart-canvas svg").count() >= 1
    screenshot("dashboard-canbo")
    link.click()
    page.wait_for_url(f"**/phong-trao/dang-ky/{registration_of(hanoi, 'STP-01').pk}/")
    assert csp_watch == []
