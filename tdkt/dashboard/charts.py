"""Charts (contract 3): one charting library (Apache ECharts, vendored), one way to draw.

    from tdkt.dashboard.charts import Chart
    chart = Chart("Khen thưởng theo cấp và năm", ["2022", "2023"],
                  [("Cấp Bộ", [12, 15]), ("Cấp Nhà nước", [2, 3])], kind="bar", unit="lượt")
    {% include "dashboard/chart.html" with chart=chart %}

The template draws a container (role="img", a Vietnamese aria-label) that
`dashboard/charts.js` fills from the chart's option (json_script; no inline script under
the CSP), and the same figures as a table: the text alternative for screen readers, and what
is printed. ECharts' aria module is on (with decal patterns for colour-blind readers).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from decimal import Decimal

KINDS = {"bar": "Biểu đồ cột", "line": "Biểu đồ đường", "pie": "Biểu đồ tròn"}
_ids = itertools.count(1)


def fmt_number(value, decimals: int = 1) -> str:
    """Vietnamese number: 1.234 (thousands), 12,5 (decimals); "–" for no value."""
    if value is None:
        return "–"
    if isinstance(value, (float, Decimal)) and value != int(value):
        text = f"{value:,.{decimals}f}"
    else:
        text = f"{int(value):,}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


@dataclass
class Chart:
    title: str
    categories: list[str]
    series: list[tuple[str, list]]
    kind: str = "bar"
    unit: str = ""
    stacked: bool = False
    note: str = ""  # a sentence under the chart (source, caveat)
    category_label: str = ""  # the table's first column heading
    right: tuple[str, ...] = ()  # names of series drawn against a second (right) axis…
    right_unit: str = ""  # …counted in this unit (people beside units, say)
    id: str = field(default="", compare=False)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {sorted(KINDS)}")
        self.categories = [str(c) for c in self.categories]
        self.series = [(str(name), list(values)) for name, values in self.series]
        for name, values in self.series:
            if len(values) != len(self.categories):
                raise ValueError(f"series {name!r} has {len(values)} values for "
                                 f"{len(self.categories)} categories")
        if not self.id:
            self.id = f"bieu-do-{next(_ids)}"

    @property
    def option_id(self) -> str:
        return f"{self.id}-option"

    # --- text alternative -----------------------------------------------------------------

    @property
    def empty(self) -> bool:
        return not any(v for _, values in self.series for v in values if v)

    @property
    def aria_label(self) -> str:
        unit = f" (đơn vị: {self.unit})" if self.unit else ""
        return f"{KINDS[self.kind]}: {self.title}{unit}. Số liệu chi tiết trong bảng kèm theo."

    @property
    def headers(self) -> list[str]:
        return [self.category_label or "", *(name for name, _ in self.series)]

    @property
    def rows(self) -> list[list[str]]:
        return [
            [category, *(fmt_number(values[i]) for _, values in self.series)]
            for i, category in enumerate(self.categories)
        ]

    # --- ECharts ----------------------------------------------------------------------------

    def option(self) -> dict:
        """The ECharts option (JSON-safe). charts.js adds the number formatters."""
        def clean(values):
            return [float(v) if isinstance(v, Decimal) else v for v in values]

        base = {
            "aria": {"enabled": True, "label": {"description": self.aria_label},
                     "decal": {"show": True}},
            "animation": False,
            "tooltip": {"trigger": "item" if self.kind == "pie" else "axis"},
            "tdkt": {"unit": self.unit},
        }
        if self.kind == "pie":
            name, values = self.series[0]
            base["legend"] = {"type": "scroll", "bottom": 0}
            base["series"] = [{
                "type": "pie", "name": name, "radius": ["35%", "65%"],
                "data": [{"name": c, "value": v} for c, v in zip(self.categories,
                                                                  clean(values), strict=True)],
            }]
            return base
        top = 16 + (20 if len(self.series) > 1 else 0) + (22 if self.right else 0)
        base["grid"] = {"left": 8, "right": 16, "top": top, "bottom": 8, "containLabel": True}
        if len(self.series) > 1:
            base["legend"] = {"type": "scroll", "top": 0}
        base["xAxis"] = {"type": "category", "data": self.categories,
                         "axisLabel": {"interval": 0}}
        axis = {"type": "value", "minInterval": 1 if self.unit != "%" else 0}
        if self.right:
            base["yAxis"] = [{**axis, "name": self.unit},
                             {**axis, "name": self.right_unit, "splitLine": {"show": False}}]
        else:
            base["yAxis"] = axis
        base["series"] = [
            {"type": self.kind, "name": name, "data": clean(values),
             **({"stack": "total"} if self.stacked and name not in self.right else {}),
             **({"yAxisIndex": 1} if name in self.right else {})}
            for name, values in self.series
        ]
        return base
