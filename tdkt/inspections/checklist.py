"""The default checklist (T1–T5, K1–K7) from the reference on inspections of emulation and
commendation work (inspection-review-councils.md §1). T1–T5, K1, K2 are items of Kế hoạch
57/KH-KVTĐMĐNB of the Eastern South justice zone; K3–K7 are inferred. Points and weights are
assumptions: no Ministry checklist with scores was found. Kept as data: the department makes
a new version when the Ministry's own checklist is known."""

from decimal import Decimal

DEFAULT_NAME = "Bộ tiêu chí kiểm tra công tác thi đua, khen thưởng"

DEFAULT_SOURCE = (
    "Bộ tiêu chí mặc định, CHƯA được Bộ Tư pháp ban hành hay xác nhận. Tiêu chí T1–T5, K1, K2 "
    "theo nội dung kiểm tra của Kế hoạch 57/KH-KVTĐMĐNB (04/10/2021) của Khu vực thi đua các "
    "cơ quan tư pháp miền Đông Nam Bộ; K3–K7 do hệ thống đề xuất từ quy định hiện hành. Điểm "
    "tối đa và trọng số là giả định (mỗi tiêu chí 10 điểm, trọng số 1): Vụ Tổ chức cán bộ cần "
    "xác nhận hoặc sửa bằng một phiên bản mới."
)

LAW = "Luật Thi đua, khen thưởng số 06/2022/QH15"

# code, text, legal basis, kind, max points, weight
DEFAULT_ITEMS = [
    ("T1", "Công tác quán triệt, triển khai thực hiện Luật Thi đua, khen thưởng và các văn bản "
           "hướng dẫn của Bộ, ngành", f"{LAW}, Điều 90 khoản 3 điểm c", "score", 10, 1),
    ("T2", "Kế hoạch phát động phong trào thi đua của đơn vị gắn với kế hoạch của Chính phủ, "
           "của Bộ, của cụm, khối và địa phương; nhiệm vụ, chỉ tiêu, giải pháp",
     LAW, "score", 10, 1),
    ("T3", "Việc đăng ký giao ước thi đua của tập thể, cá nhân", LAW,
     "score", 10, 1),
    ("T4", "Kết quả phong trào thi đua; phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến",
     LAW, "score", 10, 1),
    ("T5", "Đánh giá, sơ kết, tổng kết phong trào thi đua",
     "Thông tư 01/2024/TT-BNV, Điều 3 khoản 3", "score", 10, 1),
    ("K1", "Việc thực hiện tiêu chuẩn, trình tự, thủ tục, hồ sơ đề nghị khen thưởng",
     f"{LAW}; Nghị định 152/2025/NĐ-CP", "score", 10, 1),
    ("K2", "Cá nhân, tập thể đăng ký thi đua có đạt tiêu chuẩn danh hiệu đã đăng ký",
     LAW, "score", 10, 1),
    ("K3", "Biên bản họp, kết quả bỏ phiếu và số thành viên tham dự Hội đồng Thi đua - Khen "
           "thưởng",
     "Nghị định 98/2023/NĐ-CP, Điều 30 khoản 7 (đến 30/6/2025); Nghị định 152/2025/NĐ-CP",
     "score", 10, 1),
    ("K4", "Công khai danh sách đề nghị khen thưởng trước khi quyết định và việc xử lý ý kiến",
     f"{LAW}; Nghị định 152/2025/NĐ-CP", "pass_fail", 0, 1),
    ("K5", "Quyết định khen thưởng: thẩm quyền, thể thức, thời hạn", LAW,
     "score", 10, 1),
    ("K6", "Quản lý, sử dụng Quỹ thi đua, khen thưởng (tối đa 20% cho tổ chức, chỉ đạo, sơ kết, "
           "tổng kết, tuyên truyền, kiểm tra)", "Thông tư 28/2025/TT-BTC", "pass_fail", 0, 1),
    ("K7", "Gửi báo cáo, thống kê thi đua, khen thưởng đúng hạn (thống kê hằng năm trước 15/12)",
     "Thông tư 02/2023/TT-BNV", "pass_fail", 0, 1),
]


def default_items():
    for order, (code, text, basis, kind, points, weight) in enumerate(DEFAULT_ITEMS, start=1):
        yield {
            "order": order, "code": code, "text": text, "legal_basis": basis, "kind": kind,
            "max_points": Decimal(points), "weight": Decimal(weight),
        }
