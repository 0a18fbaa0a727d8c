"""Demo: a dozen exemplars across the stages in Hà Nội, TP.HCM, Đà Nẵng and Hải Phòng —
proposals waiting, one declined, accepted ones being discovered, fostered (a plan, one
milestone done and one overdue), summarised (a record in draft; one approved by the unit head
and the department) or replicated; two published stories with photos drawn here (one
collective, featured on the public home, and one person whose consent is recorded); the
collective model being applied by two other units (one has reported its results, within its
movement registration of the year); and one "người tốt, việc tốt" report from the public
awaiting moderation. Deterministic; everything through the services (audited)."""

from __future__ import annotations

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from tdkt.accounts.models import User
from tdkt.organisation.models import Unit

from . import replication, services, summary
from .models import Exemplar

ORDER = 75
D = datetime.date

# key, unit code, kind, name, title, achievement, year, accept?, stages to advance, story
ENTRIES = [
    ("lien-thong", "STP-01-HCBT", "collective", "Phòng Hành chính và Bổ trợ tư pháp",
     "Liên thông đăng ký khai sinh – thường trú – bảo hiểm y tế",
     "Giải quyết liên thông 100% hồ sơ đúng hạn, không để người dân đi lại nhiều lần.",
     2025, True, 3,
     "Từ năm 2024, Phòng Hành chính và Bổ trợ tư pháp triển khai liên thông ba thủ tục đăng "
     "ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ dưới 6 tuổi. Người dân "
     "chỉ nộp hồ sơ một lần; tỷ lệ hồ sơ đúng hạn đạt 100%.\n"
     "Mô hình được các Sở Tư pháp khác đăng ký học tập, nhân rộng."),
    ("so-hoa", "STP-01-VP", "person", "Nguyễn Thị Lan Anh", "Tận tuỵ với công tác văn phòng",
     "Ba năm liên tục hoàn thành xuất sắc nhiệm vụ, có sáng kiến số hoá hồ sơ lưu trữ.",
     2025, True, 2,
     "Chị Nguyễn Thị Lan Anh đã chủ trì số hoá hơn 20.000 hồ sơ lưu trữ của Sở, giúp tra cứu "
     "nhanh và an toàn. Sáng kiến được Hội đồng sáng kiến công nhận năm 2025."),
    ("luu-dong", "THADS-79-VP", "collective", "Văn phòng Thi hành án dân sự TP. Hồ Chí Minh",
     "Tổ công tác thi hành án lưu động", "Đưa dịch vụ đến tận khu dân cư.", 2025, True, 1,
     None),
    ("clb", "STP-01-PBTD", "collective",
     "Phòng Phổ biến, giáo dục pháp luật và Theo dõi thi hành pháp luật",
     "Câu lạc bộ pháp luật trong trường học", "Mô hình được 40 trường tham gia.", 2026,
     None, 0, None),
    ("ngoai-gio", "STP-01-VP", "person", "Trần Văn Hùng", "Hỗ trợ người dân ngoài giờ",
     "Nhiều lần ở lại hỗ trợ người dân ngoài giờ hành chính.", 2024, False, 0, None),
    ("ton-dong", "THADS-79-KV01", "collective", "Phòng Thi hành án dân sự khu vực 1",
     "Giải quyết dứt điểm việc thi hành án tồn đọng",
     "Giảm 35% số việc tồn đọng chuyển kỳ sau so với năm trước.", 2026, None, 0, None),
    ("tgpl-kcn", "STP-79-TGPL", "collective", "Trung tâm Trợ giúp pháp lý nhà nước",
     "Trợ giúp pháp lý lưu động tại khu công nghiệp",
     "Tổ chức 24 buổi trợ giúp pháp lý tại khu công nghiệp, 1.100 lượt người lao động được "
     "tư vấn.", 2025, True, 0, None),
    ("tu-sach", "STP-48-PBTD", "collective",
     "Phòng Phổ biến, giáo dục pháp luật và Theo dõi thi hành pháp luật",
     "Tủ sách pháp luật điện tử cấp xã", "Tủ sách điện tử được dùng tại 56 xã, phường.",
     2025, True, 2, None),
    ("dan-van", "THADS-01-KV02", "collective", "Phòng Thi hành án dân sự khu vực 2",
     "Dân vận khéo trong thi hành án dân sự",
     "Vận động tự nguyện thi hành 62% số việc có điều kiện.", 2025, True, 1, None),
    ("mot-cua", "STP-31-HCBT", "collective", "Phòng Hành chính và Bổ trợ tư pháp",
     "Một cửa không hẹn lại", "Trả kết quả trong ngày với 80% thủ tục chứng thực.", 2025,
     True, 3, None),
    ("tro-giup-vien", "STP-01-TGPL", "person", "Phạm Quốc Bảo",
     "Trợ giúp viên pháp lý tận tâm với người yếu thế",
     "Tham gia tố tụng 45 vụ việc trợ giúp pháp lý trong năm.", 2026, True, 0, None),
    ("hoa-giai", "STP-79-PBTD", "person", "Võ Thị Mai", "Nòng cốt hỗ trợ hoà giải ở cơ sở",
     "Tập huấn cho 300 hoà giải viên cơ sở.", 2026, None, 0, None),
]

# photos: key -> [(caption, scene)]
PHOTOS = {
    "lien-thong": [("Bộ phận một cửa tiếp nhận hồ sơ liên thông", 0),
                   ("Cán bộ hướng dẫn người dân nộp hồ sơ một lần", 1)],
    "so-hoa": [("Kho lưu trữ sau khi số hoá", 2)],
}


def _photo(scene: int) -> bytes:
    """A small illustrative picture drawn with Pillow (deterministic): a building, its
    entrance and people in front, in a palette per scene."""
    from PIL import Image, ImageDraw

    palettes = [((214, 234, 248), (192, 57, 43), (241, 196, 15)),
                ((232, 246, 243), (22, 160, 133), (230, 126, 34)),
                ((245, 238, 248), (142, 68, 173), (52, 152, 219))]
    sky, main, accent = palettes[scene % len(palettes)]
    w, h = 960, 600
    img = Image.new("RGB", (w, h), sky)
    draw = ImageDraw.Draw(img)
    for y in range(int(h * 0.78)):  # a soft gradient towards the horizon
        shade = tuple(max(0, c - y // 20) for c in sky)
        draw.line([(0, y), (w, y)], fill=shade)
    draw.rectangle([0, int(h * 0.78), w, h], fill=(189, 195, 199))
    draw.rectangle([200, 180, 760, 470], fill=(250, 250, 250), outline=main, width=6)
    draw.polygon([(170, 190), (480, 70), (790, 190)], fill=main)
    for i in range(6):  # columns
        x = 240 + i * 90
        draw.rectangle([x, 230, x + 30, 470], fill=(236, 240, 241), outline=(149, 165, 166))
    draw.rectangle([440, 340, 520, 470], fill=main)
    draw.line([(480, 70), (480, 10)], fill=(80, 80, 80), width=4)
    draw.rectangle([482, 10, 552, 52], fill=(218, 37, 29))
    for i in range(7):  # people
        x = 120 + i * 120 + (scene * 37) % 50
        y = 520
        draw.ellipse([x - 14, y - 70, x + 14, y - 42], fill=(240, 200, 160))
        draw.rectangle([x - 18, y - 42, x + 18, y + 10], fill=accent if i % 2 else main)
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()



def seed(ctx):
    actor = User.objects.filter(username="thuongtruc").first()
    if actor is None or Exemplar.objects.exists():
        return
    head = User.objects.filter(username="lanhdao.stp01").first()
    codes = {e[1] for e in ENTRIES} | {"STP-01", "STP-79-HCBT", "STP-48-HCBT"}
    units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    made: dict[str, Exemplar] = {}
    for key, code, kind, name, title, achievement, year, accept, steps, story in ENTRIES:
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
            plan = services.save_plan(actor, ex, responsible_unit=unit,
                                      mentor="Lãnh đạo đơn vị phụ trách",
                                      goals="Hoàn thiện quy trình; nhân rộng ra các đơn vị "
                                            "cùng cấp.")
            done = services.add_milestone(actor, plan, title="Xây dựng quy trình mẫu",
                                          due_on=D(ctx.year, 9, 30))
            services.complete_milestone(actor, done, done_on=D(ctx.year, 9, 25))
            services.add_milestone(actor, plan, title="Hội nghị chia sẻ kinh nghiệm",
                                   due_on=D(ctx.year, 11, 30))
            services.add_note(actor, ex, text="Đã triển khai thí điểm tại 2 địa bàn.")
        for caption, scene in PHOTOS.get(key, ()):
            summary.add_evidence(actor, ex, kind="photo", caption=caption, public=True,
                                 upload=SimpleUploadedFile(f"anh-{scene}.png", _photo(scene),
                                                           content_type="image/png"))
        if story:
            ex = services.publish(actor, ex, story=story)
        made[key] = ex

    _summaries(actor, head, made)
    _replication(ctx, actor, made, units)
    if made.get("lien-thong"):
        services.set_featured(actor, made["lien-thong"], True)
    if made.get("so-hoa"):
        services.set_featured(actor, made["so-hoa"], True)

    n = len(made)
    stp01 = units.get("STP-01")
    if stp01 is not None:
        services.report_public(
            unit=stp01, kind="person",
            name="Anh Lê Minh (Bộ phận một cửa)", title="Nhặt được của rơi trả lại người mất",
            achievement="Anh Minh nhặt được ví có 5 triệu đồng và giấy tờ, đã liên hệ trả lại.",
            year=2026, reporter_name="Bà Nguyễn Thị Hoa", reporter_contact="0912 000 000")
        n += 1
    ctx.say(f"điển hình tiên tiến: {n} (2 bài viết có ảnh, 1 mô hình được 2 đơn vị nhân rộng)")


def _summaries(actor, head, made: dict) -> None:
    """The collective model's record approved by the unit head and the department; a draft
    for the e-bookshelf."""
    ex = made.get("lien-thong")
    if ex is not None and head is not None:
        record = summary.save_summary(
            actor, ex,
            achievement="Liên thông ba thủ tục cho trẻ dưới 6 tuổi; 100% hồ sơ đúng hạn; người "
                        "dân nộp hồ sơ một lần.",
            lessons="Quy trình phối hợp rõ với Công an và Bảo hiểm xã hội; một đầu mối tiếp "
                    "nhận; theo dõi hồ sơ trên phần mềm.",
            replication="Đề nghị nhân rộng tại các Sở Tư pháp.")
        record = summary.submit(actor, record)
        record = summary.head_approve(head, record)
        summary.dept_approve(actor, record)
    ex = made.get("tu-sach")
    if ex is not None:
        summary.save_summary(actor, ex,
                             achievement="Tủ sách điện tử tại 56 xã, phường.",
                             lessons="Chọn tài liệu theo nhu cầu người dân ở từng địa bàn.")


def _replication(ctx, actor, made: dict, units: dict) -> None:
    """Two Departments apply the Hà Nội model: Hồ Chí Minh City has reported (its adoption is
    part of its registration in the sector's movement of the year), Đà Nẵng is still applying
    and its results are due soon."""
    from tdkt.movements.models import Registration

    ex = made.get("lien-thong")
    if ex is None:
        return
    plans = [
        ("STP-79-HCBT", "STP-79", D(ctx.year, 3, 1), D(ctx.year, 10, 31),
         "Trưởng phòng Hành chính và Bổ trợ tư pháp",
         ("Liên thông đăng ký khai sinh, thường trú, bảo hiểm y tế tại 22 phường, xã."),
         ("Đã liên thông tại 22/22 phường, xã; thời gian giải quyết giảm từ 20 ngày còn 5 "
          "ngày làm việc.", [["Số hồ sơ liên thông", "3.480"], ["Tỷ lệ đúng hạn", "99,6%"],
                             ["Số phường, xã áp dụng", "22"]])),
        ("STP-48-HCBT", "STP-48", D(ctx.year, 6, 1), D(ctx.year, 12, 15),
         "Phó Trưởng phòng Hành chính và Bổ trợ tư pháp",
         "Thí điểm liên thông tại 6 phường trung tâm, sau đó mở rộng.", None),
    ]
    for code, reg_code, starts, ends, responsible, plan, result in plans:
        unit = units.get(code)
        if unit is None:
            continue
        registration = (Registration.objects.filter(
            unit__code=reg_code, movement__year=ctx.year, movement__kind="regular")
            .exclude(movement__status__in=["draft", "closed"]).order_by("movement_id").first())
        adoption = replication.register(actor, ex, unit=unit, plan=plan, starts_on=starts,
                                        ends_on=ends, responsible=responsible,
                                        registration=registration)
        if result:
            replication.report_results(actor, adoption, text=result[0], figures=result[1])
