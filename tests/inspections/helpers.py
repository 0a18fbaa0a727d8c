"""Inspection objects for tests: a plan of an issuing unit inspecting one of its sub-units,
carried to any step of the journey."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from tdkt.inspections import services
from tdkt.inspections.models import ItemKind
from tdkt.organisation.models import Unit
from tests.core.samples import pdf_bytes

DAY = datetime.date(2026, 5, 4)

PDF = pdf_bytes()


def pdf(name="minh-chung.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def answers(inspection, points="8", passed=True, note=""):
    return {
        item.pk: {"points": points if item.kind == ItemKind.SCORE else None,
                  "passed": passed if item.kind == ItemKind.PASS_FAIL else None, "note": note}
        for item in inspection.template.items.all()
    }


def make_inspection(actor, issuing_code="BTP", unit_code="STP-01", year=2026):
    issuing = Unit.objects.get(code=issuing_code)
    plan = services.create_plan(actor, year=year, issuing_unit=issuing,
                                title=f"Kế hoạch kiểm tra công tác TĐKT năm {year}")
    return services.add_inspection(
        actor, plan, unit=Unit.objects.get(code=unit_code),
        template=services.default_template(actor), starts_on=DAY,
        ends_on=DAY + datetime.timedelta(days=1), self_due_on=DAY - datetime.timedelta(days=7),
        content="Kiểm tra việc triển khai phong trào thi đua và hồ sơ khen thưởng năm 2025",
        lead_name="Nguyễn Văn Kiểm", lead_title="Phó Vụ trưởng Vụ Tổ chức cán bộ",
        members="Trần Thị Tra — Chuyên viên chính\nLê Văn Soát — Chuyên viên",
    )


def concluded(inspector, unit_officer, *, issuing_code="BTP", unit_code="STP-01",
              due_on=datetime.date(2026, 6, 30), owner_code=None):
    """An inspection carried to its conclusion with one finding and one corrective action."""
    inspection = make_inspection(inspector, issuing_code, unit_code)
    services.save_self_assessment(unit_officer, inspection, answers=answers(inspection, "9"),
                                  summary="Đơn vị hoàn thành tốt", submit=True)
    services.save_team_scores(inspector, inspection, answers=answers(inspection, "7"),
                              inspected_on=DAY, place="Trụ sở đơn vị")
    owner = Unit.objects.get(code=owner_code or unit_code)
    services.add_finding(
        inspector, inspection, text="Hồ sơ khen thưởng năm 2025 thiếu biên bản họp Hội đồng",
        recommendation="Bổ sung biên bản họp Hội đồng thi đua - khen thưởng",
        action={"description": "Bổ sung biên bản họp Hội đồng vào hồ sơ", "owner_unit": owner,
                "due_on": due_on})
    services.conclude(inspector, inspection, conclusion="Đơn vị thực hiện cơ bản đầy đủ",
                      concluded_on=DAY + datetime.timedelta(days=5), conclusion_number="12/KL-BTP")
    inspection.refresh_from_db()
    return inspection


def other_scope(cast, what):
    """Objects of unit B (STP-79 inspecting its own office STP-79-VP), for the access walk."""
    from tdkt.inspections.models import ChecklistItem

    inspection = concluded(cast.officer_b, cast.officer_b, issuing_code="STP-79",
                           unit_code="STP-79-VP")
    action = inspection.actions.get()
    if what == "plan":
        return inspection.plan
    if what == "inspection":
        return inspection
    if what == "finding":
        return inspection.findings.get()
    if what == "action":
        return action
    if what == "evidence":
        services.submit_evidence(cast.officer_b, action, report="Đã bổ sung", files=[pdf()])
        return action.evidence.get()
    if what == "checklist":
        return inspection.template
    if what == "checklist_item":
        return ChecklistItem.objects.filter(template=inspection.template).first()
    raise ValueError(what)

