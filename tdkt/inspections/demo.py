"""Demo: the Ministry's inspection plan for the current year (ctx.year) with two finished
inspections — Sở Tư pháp Hà Nội (concluded, one corrective action accepted, one overdue) and
THADS TP. Hồ Chí Minh (all actions accepted, closed) — and one inspection still waiting for
the unit's self-inspection. Deterministic: fixed dates and scores, through the services."""

import datetime
from decimal import Decimal

from tdkt.accounts.models import User
from tdkt.organisation.models import Unit

from . import services
from .models import ItemKind

ORDER = 65

# unit code, officer, self scores, team scores (per score item, in checklist order)
SELF = [9, 9, 8, 9, 8, 9, 8, 9, 9]
TEAM_HN = [8, 8, 6, 8, 7, 6, 7, 5, 8]
TEAM_HCM = [9, 8, 8, 9, 8, 8, 9, 8, 9]


def _answers(template, scores, fails=()):
    points = iter(scores)
    out = {}
    for item in template.items.all():
        if item.kind == ItemKind.SCORE:
            out[item.pk] = {"points": Decimal(next(points)), "passed": None, "note": ""}
        else:
            out[item.pk] = {"points": None, "passed": item.code not in fails, "note": ""}
    return out


def _finish(dept, officer, plan, template, unit, start, team, findings, self_fails=(),
            team_fails=(), representative=""):
    inspection = services.add_inspection(
        dept, plan, unit=unit, template=template, starts_on=start,
        ends_on=start + datetime.timedelta(days=1), self_due_on=start - datetime.timedelta(days=10),
        content=("Việc triển khai Luật Thi đua, khen thưởng; kế hoạch phát động và đăng ký thi "
                 f"đua năm {plan.year}; hồ sơ, thủ tục khen thưởng năm {plan.year - 1}; quản lý "
                 "Quỹ thi đua, khen thưởng; báo cáo, thống kê."),
        lead_name="Nguyễn Văn Hưng", lead_title="Phó Vụ trưởng Vụ Tổ chức cán bộ",
        members="Trần Thị Minh Thu — Chuyên viên chính Vụ Tổ chức cán bộ\n"
                "Lê Quang Vinh — Chuyên viên Văn phòng Bộ",
    )
    if officer is not None:
        services.save_self_assessment(
            officer, inspection, answers=_answers(template, SELF, self_fails),
            summary="Đơn vị đã triển khai đầy đủ các nội dung; còn chậm gửi một số báo cáo.",
            submit=True)
    services.save_team_scores(dept, inspection, answers=_answers(template, team, team_fails),
                              inspected_on=start, place=f"Trụ sở {unit.name}",
                              unit_representative=representative)
    codes = {i.code: i for i in template.items.all()}
    for code, text, recommendation, action, due in findings:
        services.add_finding(
            dept, inspection, text=text, recommendation=recommendation, item=codes.get(code),
            action={"description": action, "owner_unit": unit, "due_on": due} if action else None)
    services.conclude(dept, inspection, conclusion=(
        f"{unit.name} đã quan tâm chỉ đạo công tác thi đua, khen thưởng; phong trào thi đua được "
        "phát động kịp thời, hồ sơ khen thưởng cơ bản đúng quy định. Còn một số tồn tại cần khắc "
        "phục như sau."), concluded_on=start + datetime.timedelta(days=14),
        conclusion_number=f"{start.month:02d}/KL-BTP")
    inspection.refresh_from_db()
    return inspection


def seed(ctx) -> None:
    year = ctx.year
    dept = User.objects.filter(username="thuongtruc").first()
    if dept is None:
        ctx.say("  kiểm tra: bỏ qua (không có tài khoản thuongtruc)")
        return
    units = {u.code: u for u in Unit.objects.filter(code__in=["BTP", "STP-01", "THADS-79",
                                                              "STP-04"])}
    officers = {u.username: u for u in User.objects.filter(
        username__in=["canbo.stp01", "canbo.thads79"])}
    template = services.default_template(dept)
    plan = services.create_plan(
        dept, year=year, issuing_unit=units["BTP"], number="25/KH-BTP",
        issued_on=datetime.date(year, 3, 16),
        title=f"Kế hoạch kiểm tra công tác thi đua, khen thưởng năm {year}",
        purpose="Đánh giá việc thực hiện Luật Thi đua, khen thưởng và hướng dẫn của Bộ; kịp thời "
                "chấn chỉnh tồn tại, hạn chế; nhân rộng cách làm hay.")
    hn = _finish(
        dept, officers.get("canbo.stp01"), plan, template, units["STP-01"],
        datetime.date(year, 5, 12), TEAM_HN, [
            ("K3", "Biên bản họp Hội đồng Thi đua - Khen thưởng năm trước không ghi số thành viên "
                   "có mặt và kết quả bỏ phiếu từng trường hợp.",
             "Lập biên bản theo Mẫu số 3, ghi đủ thành phần và kết quả bỏ phiếu.",
             "Bổ sung biên bản họp Hội đồng, kèm phiếu bầu, vào hồ sơ khen thưởng năm trước.",
             datetime.date(year, 7, 31)),
            ("K7", "Báo cáo thống kê thi đua, khen thưởng năm trước gửi chậm 12 ngày.",
             "Phân công người lập biểu, gửi báo cáo đúng hạn 15/12.",
             "Ban hành quyết định phân công và lịch gửi báo cáo thống kê năm nay.",
             datetime.date(year, 9, 30)),
        ], team_fails=("K7",), representative="Phạm Thị Lan, Phó Giám đốc Sở")
    first, overdue = list(hn.actions.order_by("due_on"))
    services.submit_evidence(officers.get("canbo.stp01") or dept, first,
                             report="Đã bổ sung biên bản và 9 phiếu bầu vào hồ sơ.")
    services.decide_action(dept, first, accept=True, note="Đạt yêu cầu.")
    hcm = _finish(
        dept, officers.get("canbo.thads79"), plan, template, units["THADS-79"],
        datetime.date(year, 6, 9), TEAM_HCM, [
            ("T3", "Một số phòng đăng ký thi đua muộn so với hạn của Cục.",
             "Đăng ký thi đua đúng hạn ngay từ đầu năm.",
             "Rà soát, hoàn thiện danh sách đăng ký thi đua của các phòng.",
             datetime.date(year, 8, 15)),
        ], representative="Võ Minh Tâm, Phó Cục trưởng")
    for action in hcm.actions.all():
        services.submit_evidence(officers.get("canbo.thads79") or dept, action,
                                 report="Đã hoàn thiện danh sách đăng ký.")
        services.decide_action(dept, action, accept=True, note="Đạt yêu cầu.")
    services.add_inspection(
        dept, plan, unit=units["STP-04"], template=template,
        starts_on=datetime.date(year, 12, 15), ends_on=datetime.date(year, 12, 16),
        self_due_on=datetime.date(year, 12, 8),
        content="Hồ sơ khen thưởng tổng kết năm; đăng ký thi đua năm sau.",
        lead_name="Nguyễn Văn Hưng", lead_title="Phó Vụ trưởng Vụ Tổ chức cán bộ")
    ctx.say(f"  kiểm tra: kế hoạch {year}, 3 cuộc kiểm tra (1 quá hạn khắc phục: "
            f"“{overdue.description[:50]}…”)")
