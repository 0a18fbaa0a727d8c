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
