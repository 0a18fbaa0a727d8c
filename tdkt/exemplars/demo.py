"""Demo: a handful of exemplars across the stages in STP-01 and THADS-79 — proposals waiting,
accepted ones being fostered (a plan, one milestone done and one overdue) or summarised, one
declined, one "người tốt, việc tốt" report from the public awaiting moderation,
and two published stories (one collective, one person whose consent is recorded).
Deterministic; through the services (audited)."""

from tdkt.accounts.models import User
from tdkt.organisation.models import Unit

from . import services
from .models import Exemplar

ORDER = 75

# unit code, kind, name, title, achievement, year, accept?, stages to advance, story
ENTRIES = [
    ("STP-01-HCBT", "collective", "Phòng Hành chính tư pháp",
     "Liên thông đăng ký khai sinh – thường trú – bảo hiểm y tế",
     "Giải quyết liên thông 100% hồ sơ đúng hạn, không để người dân đi lại nhiều lần.",
     2025, True, 3,
     "Từ năm 2024, Phòng Hành chính tư pháp triển khai liên thông ba thủ tục đăng ký khai "
     "sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ dưới 6 tuổi. Người dân chỉ nộp "
     "hồ sơ một lần; tỷ lệ hồ sơ đúng hạn đạt 100%. Mô hình đang được các đơn vị khác học tập."),
    ("STP-01-VP", "person", "Nguyễn Thị Lan Anh", "Tận tuỵ với công tác văn phòng",
     "Ba năm liên tục hoàn thành xuất sắc nhiệm vụ, có sáng kiến số hoá hồ sơ lưu trữ.",
     2025, True, 2,
     "Chị Nguyễn Thị Lan Anh đã chủ trì số hoá hơn 20.000 hồ sơ lưu trữ của Sở, giúp tra cứu "
     "nhanh và an toàn. Sáng kiến được Hội đồng sáng kiến công nhận năm 2025."),
    ("THADS-79-VP", "collective", "Văn phòng Cục Thi hành án dân sự",
     "Tổ công tác thi hành án lưu động", "Đưa dịch vụ đến tận khu dân cư.", 2025, True, 1,
     None),
    ("STP-01", "collective", "Phòng Phổ biến, giáo dục pháp luật",
     "Câu lạc bộ pháp luật trong trường học", "Mô hình được 40 trường tham gia.", 2026,
     None, 0, None),
    ("STP-01-VP", "person", "Trần Văn Hùng", "Hỗ trợ người dân ngoài giờ",
     "Nhiều lần ở lại hỗ trợ người dân ngoài giờ hành chính.", 2024, False, 0, None),
]


def seed(ctx):
    actor = User.objects.filter(username="thuongtruc").first()
    if actor is None or Exemplar.objects.exists():
        return
    units = {u.code: u for u in Unit.objects.filter(code__in={e[0] for e in ENTRIES})}
    made = 0
    for code, kind, name, title, achievement, year, accept, steps, story in ENTRIES:
        unit = units.get(code)
        if unit is None:
            continue
        consent = kind == "person" and story is not None
        ex = services.propose(actor, unit=unit, kind=kind, name=name, title=title,
                              achievement=achievement, year=year, consent_publish=consent,
                              consent_note="Đơn đồng ý công khai ngày 02/12/2026" if consent
                              else "")
        if accept is not None:
            ex = services.decide(actor, ex, accept=accept,
                                 note="" if accept else "Chưa đủ minh chứng, đề nghị bổ sung.")
        for _ in range(steps):
            ex = services.advance(actor, ex)
        if steps == 1:  # being fostered: a plan, one milestone done, one overdue
            import datetime

            plan = services.save_plan(actor, ex, responsible_unit=unit,
                                      mentor="Phó Cục trưởng phụ trách",
                                      goals="Hoàn thiện quy trình; nhân rộng ra 3 Chi cục.")
            done = services.add_milestone(actor, plan, title="Xây dựng quy trình mẫu",
                                          due_on=datetime.date(ctx.year, 9, 30))
            services.complete_milestone(actor, done, done_on=datetime.date(ctx.year, 9, 25))
            services.add_milestone(actor, plan, title="Hội nghị chia sẻ kinh nghiệm",
                                   due_on=datetime.date(ctx.year, 11, 30))
            services.add_note(actor, ex, text="Đã triển khai thí điểm tại 2 phường.")
        if story:
            services.publish(actor, ex, story=story)
        made += 1
    if "STP-01" in units or Unit.objects.filter(code="STP-01").exists():
        services.report_public(
            unit=units.get("STP-01") or Unit.objects.get(code="STP-01"), kind="person",
            name="Anh Lê Minh (Bộ phận một cửa)", title="Nhặt được của rơi trả lại người mất",
            achievement="Anh Minh nhặt được ví có 5 triệu đồng và giấy tờ, đã liên hệ trả lại.",
            year=2026, reporter_name="Bà Nguyễn Thị Hoa", reporter_contact="0912 000 000")
        made += 1
    ctx.say(f"điển hình tiên tiến: {made}")
