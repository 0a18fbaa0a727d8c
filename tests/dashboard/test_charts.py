"""Charts (contract 3): the option ECharts draws, the data table beside it, the CSP."""

import json
import re

import pytest
from django.template.loader import render_to_string

from tdkt.dashboard.charts import Chart, fmt_number


def test_numbers_are_written_the_vietnamese_way():
    assert fmt_number(1234567) == "1.234.567"
    assert fmt_number(12.5) == "12,5"
    assert fmt_number(12.0) == "12"
    assert fmt_number(None) == "–"


def test_option_has_aria_categories_and_series():
    chart = Chart("Khen thưởng theo cấp", ["2024", "2025"],
                  [("Cấp Bộ", [3, 5]), ("Cấp Nhà nước", [1, 0])], unit="lượt", stacked=True)
    option = chart.option()
    assert option["aria"]["enabled"] and option["aria"]["decal"]["show"]
    assert "Khen thưởng theo cấp" in option["aria"]["label"]["description"]
    assert option["xAxis"]["data"] == ["2024", "2025"]
    assert [s["data"] for s in option["series"]] == [[3, 5], [1, 0]]
    assert {s["stack"] for s in option["series"]} == {"total"}
    json.dumps(option)  # JSON-safe


def test_pie_uses_the_first_series_as_slices():
    chart = Chart("Cơ cấu", ["Nam", "Nữ"], [("Số người", [6, 4])], kind="pie")
    [series] = chart.option()["series"]
    assert series["data"] == [{"name": "Nam", "value": 6}, {"name": "Nữ", "value": 4}]


def test_bad_shapes_are_refused():
    with pytest.raises(ValueError):
        Chart("x", ["a", "b"], [("s", [1])])
    with pytest.raises(ValueError):
        Chart("x", ["a"], [("s", [1])], kind="radar")


def test_template_renders_container_data_table_and_no_inline_script():
    chart = Chart("Đăng ký thi đua đúng hạn", ["Phong trào A"],
                  [("Đúng hạn", [1200]), ("Trễ hạn", [3])], category_label="Phong trào")
    html = render_to_string("dashboard/chart.html", {"chart": chart})
    assert f'id="{chart.id}" role="img"' in html
    assert f'aria-label="{chart.aria_label}"' in html
    assert f'<script id="{chart.option_id}" type="application/json">' in html
    # every other script is a static file: nothing inline for the CSP to refuse
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert '<th scope="col">Phong trào</th>' in html
    assert '<th scope="col" class="num">Đúng hạn</th>' in html
    assert "<th scope=\"row\">Phong trào A</th><td class=\"num\">1.200</td>" in html
    assert "echarts-5.6.0.common.min.js" in html


def test_empty_chart_says_so():
    chart = Chart("Không có gì", ["2025"], [("Số lượt", [0])])
    html = render_to_string("dashboard/chart.html", {"chart": chart})
    assert "Chưa có số liệu." in html and 'role="img"' not in html


def test_a_series_can_use_a_second_axis():
    chart = Chart("Tham gia", ["A", "B"], [("Đơn vị", [3, 4]), ("Cá nhân", [120, 80])],
                  unit="đơn vị", stacked=True, right=("Cá nhân",), right_unit="người")
    option = chart.option()
    assert [axis["name"] for axis in option["yAxis"]] == ["đơn vị", "người"]
    units, people = option["series"]
    assert "yAxisIndex" not in units and units["stack"] == "total"
    assert people["yAxisIndex"] == 1 and "stack" not in people
