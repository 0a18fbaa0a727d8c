"""Which figures each role watches on its home page, as charts from selectors.py.

- emulation department (thường trực): awards by level and year, titles by unit kind,
  registrations on time (per movement, per kind of unit), movement participation, the
  dossier clock, corrective actions after inspections, the fairness figures;
- administrator: awards by level and year, titles by unit kind, dossiers by status,
  registrations on time, corrective actions;
- council member: dossiers by status, awards by level and year, the fairness figures;
- unit officer and unit head: their subtree's awards by level and year, registrations on
  time (per movement, per unit), participation, the dossier clock, corrective actions;
- staff: their own titles and awards by level and year.
A user holding several roles sees each figure once."""

from __future__ import annotations

from dataclasses import dataclass

from tdkt.accounts.models import Role
from tdkt.organisation.models import Unit

from . import fairness, selectors
from .charts import Chart


@dataclass
class Panel:
    chart: Chart | None = None  # a chart (with its data table)
    template: str = ""  # or a template drawing something else (the fairness figures)
    data: object = None


def _years(today, n=5) -> list[int]:
    """The last `n` complete years."""
    return list(range(today.year - n, today.year))


def awards_chart(scope, today, own: bool = False) -> Panel:
    years = _years(today)
    data = selectors.awards_by_level_year(scope, years, units=not own)
    title = ("Danh hiệu, khen thưởng của tôi theo cấp và năm" if own
             else "Danh hiệu, khen thưởng theo cấp và năm")
    return Panel(Chart(
        title, years, [(label, data[code]) for code, label in selectors.LEVELS],
        unit="lượt", stacked=True, category_label="Năm",
        note=("Theo sổ theo dõi thi đua, khen thưởng của bạn." if own
              else "Cá nhân và tập thể, theo sổ theo dõi thi đua, khen thưởng."),
    ))


def titles_by_kind_chart(scope, today) -> Panel:
    year = today.year - 1
    rows = selectors.titles_by_unit_kind(scope, year)
    return Panel(Chart(
        f"Danh hiệu thi đua năm {year} theo loại đơn vị", [r[0] for r in rows],
        [("Cá nhân", [r[1] for r in rows]), ("Tập thể", [r[2] for r in rows])],
        unit="lượt", stacked=True, category_label="Loại đơn vị",
    ))


def timeliness_chart(scope, today, by="movement") -> Panel:
    rows = selectors.registration_timeliness(scope, today.year, today, by=by)
    title = {"movement": "", "unit": " theo đơn vị", "kind": " theo loại đơn vị"}[by]
    return Panel(Chart(
        f"Đăng ký thi đua năm {today.year}{title}: đúng hạn, trễ hạn", [r.name for r in rows],
        [("Gửi đúng hạn", [r.on_time for r in rows]), ("Gửi trễ hạn", [r.late for r in rows]),
         ("Chưa gửi, đã quá hạn", [r.not_sent_overdue for r in rows]),
         ("Chưa gửi, còn hạn", [r.not_sent - r.not_sent_overdue for r in rows])],
        unit="đơn vị", stacked=True,
        category_label={"movement": "Phong trào", "unit": "Đơn vị", "kind": "Loại đơn vị"}[by],
        note="Tính theo lần gửi đầu tiên so với hạn đăng ký của phong trào.",
    ))


def participation_chart(scope, today) -> Panel:
    rows = selectors.movement_participation(scope, today.year)
    return Panel(Chart(
        f"Tham gia phong trào thi đua năm {today.year}", [r.name for r in rows],
        [("Đơn vị tham gia", [r.units for r in rows]),
         ("Đơn vị đã gửi đăng ký", [r.registered for r in rows]),
         ("Cá nhân đăng ký danh hiệu", [r.people for r in rows])],
        unit="đơn vị", category_label="Phong trào",
        right=("Cá nhân đăng ký danh hiệu",), right_unit="người",
    ))


def clock_chart(scope, today) -> Panel:
    data = selectors.dossier_clock(scope, today)
    return Panel(Chart(
        "Hồ sơ khen thưởng đang xử lý: số ngày làm việc kể từ khi trình",
        [label for _, label in selectors.CLOCK_BUCKETS], list(data.items()),
        unit="hồ sơ", stacked=True, category_label="Thời gian",
        note="Ngày làm việc theo lịch nghỉ lễ, làm bù của hệ thống.",
    ))


def status_chart(scope, today) -> Panel:
    rows = selectors.nominations_by_status(scope)
    return Panel(Chart(
        "Hồ sơ khen thưởng của các đợt đang mở, theo trạng thái", [r[0] for r in rows],
        [("Số hồ sơ", [r[1] for r in rows])], unit="hồ sơ", category_label="Trạng thái",
    ))


def actions_chart(scope, today) -> Panel:
    counts = selectors.inspection_actions(scope, today)
    return Panel(Chart(
        "Biện pháp khắc phục sau kiểm tra", selectors.ACTION_STAGES,
        [("Số biện pháp", counts)], unit="biện pháp", category_label="Tình trạng",
    ))


def fairness_panel(scope, today, roles) -> Panel | None:
    paths = scope.paths(roles)
    if not paths:
        return None
    root = (Unit.objects.filter(depth=1).order_by("path").first() if paths == [""]
            else Unit.objects.filter(path=paths[0]).first())
    if root is None:
        return None
    report = fairness.shares(root, today.year - 1)
    return Panel(template="dashboard/fairness.html", data=fairness_view(report))


def fairness_view(report: fairness.FairnessReport) -> dict:
    groups = fairness.GROUPS
    year_chart = Chart(
        f"Tỷ lệ trong số danh hiệu, khen thưởng cá nhân năm {report.year}, so với tỷ lệ "
        "trong cán bộ",
        ["Trong tổng số cán bộ", *(lv.label for lv in report.levels)],
        [(label, [report.staff.share(code),
                  *(lv.all[report.year].share(code) for lv in report.levels)])
         for code, label in groups],
        unit="%", category_label="",
    )
    trend_chart = Chart(
        f"Xu hướng {len(report.years)} năm (mọi cấp khen thưởng)", report.years,
        [(label, report.trend(code)) for code, label in groups],
        kind="line", unit="%", category_label="Năm",
    )
    return {"report": report, "year_chart": year_chart, "trend_chart": trend_chart,
            "groups": groups}


PANELS = {
    "awards": awards_chart,
    "titles_by_kind": titles_by_kind_chart,
    "status": status_chart,
    "timeliness": timeliness_chart,
    "timeliness_by_kind": lambda scope, today: timeliness_chart(scope, today, by="kind"),
    "timeliness_by_unit": lambda scope, today: timeliness_chart(scope, today, by="unit"),
    "participation": participation_chart,
    "clock": clock_chart,
    "actions": actions_chart,
}
BY_ROLE = [
    (Role.EMULATION_DEPT, ["awards", "titles_by_kind", "timeliness", "timeliness_by_kind",
                           "participation", "clock", "actions", "fairness"]),
    (Role.ADMIN, ["awards", "titles_by_kind", "status", "timeliness", "actions"]),
    (Role.COUNCIL_MEMBER, ["status", "awards", "fairness"]),
    (Role.UNIT_OFFICER, ["awards", "timeliness", "timeliness_by_unit", "participation",
                         "clock", "actions"]),
    (Role.UNIT_HEAD, ["awards", "timeliness", "timeliness_by_unit", "participation", "clock",
                      "actions"]),
    (Role.STAFF, ["own_awards"]),
]
FAIRNESS_ROLES = {Role.EMULATION_DEPT, Role.COUNCIL_MEMBER}


def keys_for(scope) -> list[str]:
    held = scope.roles()
    if scope.user.is_superuser:
        held.add(Role.ADMIN)
    keys: list[str] = []
    for role, names in BY_ROLE:
        if role in held:
            keys += [k for k in names if k not in keys]
    if "awards" in keys and "own_awards" in keys:
        keys.remove("own_awards")
    return keys


def for_user(user, scope, today) -> list[Panel]:
    panels = []
    for key in keys_for(scope):
        if key == "fairness":
            panel = fairness_panel(scope, today, FAIRNESS_ROLES)
        elif key == "own_awards":
            panel = awards_chart(scope, today, own=True) if user.person_id else None
        else:
            panel = PANELS[key](scope, today)
        if panel:
            panels.append(panel)
    return panels
