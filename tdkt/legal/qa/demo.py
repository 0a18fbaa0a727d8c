"""Demo questions and answers: four answered (three published to the public FAQ), one waiting
for the department. The answers cite only articles present in the demo library (Law
06/2022/QH15 Điều 93, Decree 152/2025/NĐ-CP Điều 59) and quote their stored wording verbatim;
the rest is explanation, never law wording. Deterministic; through the services (audited)."""

from tdkt.accounts.models import User

from ..models import LegalDocument, Question
from . import services

LAW = "luat_06_2022"
DECREE = "nd_152_2025"

# asker, anonymous, title, body, answer, citations, publish
ENTRIES = [
    ("nhanvien.stp01", True, "Kê khai thành tích không đúng thì có bị hủy khen thưởng không?",
     "Nếu sau khi được tặng danh hiệu mới phát hiện việc kê khai thành tích không đúng sự thật "
     "thì quyết định khen thưởng có bị hủy bỏ không? Người kê khai bị xử lý thế nào?",
     "Có. Theo điểm a khoản 2 Điều 93 Luật Thi đua, khen thưởng, quyết định tặng danh hiệu "
     "thi đua, hình thức khen thưởng bị hủy bỏ, hiện vật khen thưởng và tiền thưởng bị thu hồi "
     "khi “Có hành vi gian dối trong việc kê khai công trạng, thành tích để được tặng danh hiệu "
     "thi đua, hình thức khen thưởng”.\n"
     "Về trách nhiệm của người vi phạm, khoản 1 Điều 93 quy định: “Người nào có hành vi vi phạm "
     "pháp luật về thi đua, khen thưởng thì tùy theo tính chất, mức độ vi phạm mà bị xử lý kỷ "
     "luật, xử phạt vi phạm hành chính hoặc bị truy cứu trách nhiệm hình sự; nếu gây thiệt hại "
     "thì phải bồi thường theo quy định của pháp luật.”",
     [(LAW, "93", "2"), (LAW, "93", "1")], True),
    ("canbo.stp01", False, "Nghị định 98/2023/NĐ-CP còn được áp dụng không?",
     "Đơn vị đang hoàn thiện hồ sơ khen thưởng, trong hồ sơ cũ còn viện dẫn Nghị định "
     "98/2023/NĐ-CP. Xin hỏi Nghị định này còn hiệu lực không?",
     "Khoản 1 Điều 59 Nghị định 152/2025/NĐ-CP quy định: “Nghị định này có hiệu lực thi hành "
     "từ ngày 01 tháng 7 năm 2025.” Khoản 2 Điều 59 quy định Nghị định số 98/2023/NĐ-CP ngày "
     "31 tháng 12 năm 2023 của Chính phủ “hết hiệu lực kể từ ngày Nghị định này có hiệu lực "
     "thi hành”.\n"
     "Như vậy, Nghị định 98/2023/NĐ-CP hết hiệu lực từ ngày 01/07/2025; văn bản đề nghị lập từ "
     "ngày này viện dẫn Nghị định 152/2025/NĐ-CP. Việc áp dụng đối với hồ sơ đã tiếp nhận "
     "trước ngày đó cần đối chiếu quy định chuyển tiếp của Nghị định 152/2025/NĐ-CP (thư viện "
     "chưa có nội dung Điều này).",
     [(DECREE, "59", "1"), (DECREE, "59", "2")], True),
    ("nhanvien.stp01", False, "Bị kỷ luật sau khi đã được khen thì có bị thu hồi không?",
     "Tôi được tặng danh hiệu năm trước, năm nay bị kỷ luật khiển trách vì việc xảy ra trong "
     "năm nay. Danh hiệu năm trước có bị thu hồi không?",
     "Điểm d khoản 2 Điều 93 Luật Thi đua, khen thưởng chỉ đặt ra việc hủy bỏ quyết định khi "
     "“Có kết luận, quyết định, bản án của cơ quan có thẩm quyền về việc người đã được tặng danh "
     "hiệu thi đua, hình thức khen thưởng có vi phạm, khuyết điểm dẫn đến không bảo đảm tiêu "
     "chuẩn xét tặng danh hiệu thi đua, hình thức khen thưởng trong khoảng thời gian tính thành "
     "tích hoặc liên quan đến công trình, tác phẩm là cơ sở để tặng giải thưởng”.\n"
     "Vi phạm xảy ra sau khoảng thời gian tính thành tích của danh hiệu năm trước thì không "
     "thuộc trường hợp quy định tại điểm này; đơn vị đối chiếu thời điểm xảy ra vi phạm ghi "
     "trong quyết định kỷ luật.",
     [(LAW, "93", "2")], True),
    ("canbo.thads79", False, "Hồ sơ đề nghị có thông tin sai thì đơn vị đề nghị chịu gì?",
     "Nếu phát hiện hồ sơ đề nghị khen thưởng đã gửi có số liệu không chính xác thì quyết "
     "định khen thưởng xử lý ra sao?",
     "Các điểm b và c khoản 2 Điều 93 Luật Thi đua, khen thưởng quy định quyết định bị hủy "
     "bỏ, hiện vật và tiền thưởng bị thu hồi khi “Cung cấp thông tin sai sự thật hoặc làm giả "
     "hồ sơ, giấy tờ để đề nghị tặng danh hiệu thi đua, hình thức khen thưởng” hoặc “Thẩm "
     "định, xét, duyệt, đề nghị danh hiệu thi đua, hình thức khen thưởng trái quy định của "
     "pháp luật”. Đơn vị cần rà soát, báo cáo ngay khi phát hiện sai sót trước khi có quyết "
     "định.",
     [(LAW, "93", "2")], False),
    ("nhanvien.stp01", True, "Thời gian tính thành tích để xét Chiến sĩ thi đua cơ sở?",
     "Tôi chuyển công tác từ đơn vị khác về Sở từ tháng 5. Năm nay tôi có đủ thời gian để được "
     "xét danh hiệu Chiến sĩ thi đua cơ sở không?", None, [], False),
]


def seed(ctx):
    dept = User.objects.filter(username="thuongtruc").first()
    if dept is None or Question.objects.exists():
        return
    present = set(LegalDocument.objects.values_list("code", flat=True))
    users = {u.username: u for u in User.objects.filter(username__in={e[0] for e in ENTRIES})}
    made = 0
    for username, anonymous, title, body, answer, citations, publish in ENTRIES:
        asker = users.get(username)
        if asker is None or any(code not in present for code, _a, _c in citations):
            continue
        q = services.ask(asker, title=title, body=body, anonymous=anonymous)
        if answer:
            q = services.answer(dept, q, text=answer, citations=citations)
            if publish:
                services.publish(dept, q, public_body=body)
        made += 1
    ctx.say(f"  hỏi đáp pháp luật: {made} câu hỏi")
