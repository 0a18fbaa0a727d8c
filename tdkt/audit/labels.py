"""Vietnamese labels for audit verbs ("movement.launch" → "Phong trào: phát động"), so
histories never show a code to users (issue 16). The code stays in the title attribute."""

OBJECTS = {
    "inspection": "Kiểm tra", "exemplar": "Điển hình", "movement": "Phong trào",
    "nomination": "Hồ sơ đề nghị", "council": "Hội đồng", "cluster_year": "Cụm, khối thi đua",
    "round": "Bình xét của đơn vị", "user": "Tài khoản", "mfa": "Xác thực hai lớp",
    "meeting": "Phiên họp", "authority": "Thẩm quyền", "scorecard": "Bảng chấm điểm",
    "registration": "Đăng ký thi đua", "eligibility": "Xét điều kiện", "disclosure": "Công khai",
    "submission": "Tờ trình", "subject": "Đối tượng", "collective": "Tập thể",
    "review_report": "Báo cáo tổng kết", "review_call": "Yêu cầu báo cáo", "person": "Cán bộ",
    "people": "Cán bộ", "legal": "Văn bản pháp luật", "holiday": "Ngày nghỉ",
    "history": "Hồ sơ thi đua", "document_template": "Mẫu văn bản", "ballot": "Phiếu bầu",
    "award": "Khen thưởng", "organisation": "Tổ chức", "unit": "Đơn vị",
    "notification": "Thông báo", "decision": "Quyết định", "certificate_layout": "Mẫu phôi",
    "award_setting": "Cấu hình khen thưởng", "documents": "Văn bản", "nominations": "Khen thưởng",
}

ACTIONS = {
    "create": "tạo mới", "update": "sửa", "updated": "sửa", "delete": "xóa", "launch": "phát động",
    "submit": "trình", "approve": "phê duyệt", "return": "trả lại", "accept": "chấp nhận",
    "decline": "từ chối", "close": "đóng", "closed": "đóng", "open": "mở", "reopen": "mở lại",
    "publish": "công bố", "unpublish": "thôi công bố", "comment": "góp ý", "vote": "bỏ phiếu",
    "cast": "bỏ phiếu", "import": "nhập từ Excel", "upload": "tải tệp lên", "attach": "đính kèm",
    "detach": "gỡ tệp", "issue": "ban hành", "revoke": "thu hồi", "assign_role": "giao vai trò",
    "revoke_role": "thu hồi vai trò", "enrol": "đăng ký", "conclude": "kết luận",
    "concluded": "kết luận", "plan": "lập kế hoạch", "plan_created": "lập kế hoạch",
    "remind": "nhắc hạn", "send": "gửi", "save": "lưu", "review": "xem xét",
    "appraised": "thẩm định", "appraisal_run": "thẩm định", "propose": "đề xuất",
    "add_member": "thêm thành viên", "remove_member": "bớt thành viên", "move": "chuyển",
    "identity_edit": "sửa thông tin định danh", "change_position": "đổi chức vụ",
    "open_voting": "mở bỏ phiếu", "vote_close": "kết thúc bỏ phiếu", "forward": "chuyển tiếp",
    "note": "ghi chú", "flag": "đánh dấu", "reset": "đặt lại", "unlock": "mở khóa",
    "criterion_add": "thêm tiêu chí", "criterion_remove": "bỏ tiêu chí", "activate": "kích hoạt",
    "restart": "chạy lại", "retry": "chạy lại", "verify_failed": "xác thực không thành công",
    "recovery_used": "dùng mã dự phòng", "scored": "chấm điểm", "self_score": "tự chấm điểm",
    "self_submitted": "gửi tự kiểm tra", "finding_added": "thêm phát hiện",
    "action_added": "thêm biện pháp khắc phục", "attendance": "điểm danh",
    "adopt": "đăng ký nhân rộng mô hình", "adoption_report": "báo cáo kết quả nhân rộng",
    "feature": "nêu gương trên trang công khai", "unfeature": "thôi nêu gương",
    "summary_save": "lưu báo cáo tổng kết", "summary_submit": "gửi duyệt báo cáo tổng kết",
    "summary_head_approve": "thủ trưởng duyệt báo cáo tổng kết",
    "summary_approve": "phê duyệt báo cáo tổng kết",
    "summary_return": "trả lại báo cáo tổng kết", "evidence_add": "thêm minh chứng",
    "evidence_remove": "xóa minh chứng", "propose_award": "đề nghị khen thưởng",
}

# Law contests (tdkt.contests)
OBJECTS.update({"contest": "Cuộc thi tìm hiểu pháp luật", "contest_question": "Câu hỏi cuộc thi",
                "contest_attempt": "Lượt thi", "contest_prize": "Giải thưởng cuộc thi"})
ACTIONS.update({"import_file": "nhập từ tệp", "start": "bắt đầu", "resume": "làm tiếp",
                "expire": "quá thời gian", "add_round": "thêm vòng thi",
                "award_prizes": "quyết định trao giải"})

# Legal questions and answers (tdkt.legal.qa)
ACTIONS.update({"question_ask": "đặt câu hỏi", "question_answer": "trả lời câu hỏi",
                "question_answer_edit": "sửa câu trả lời",
                "question_publish": "công khai hỏi đáp",
                "question_unpublish": "thôi công khai hỏi đáp"})

# Legal library (tdkt.legal)
ACTIONS.update({"document_imported": "nhập văn bản vào thư viện",
                "relations_set": "ghi văn bản được sửa đổi, thay thế",
                "article_amended": "ghi nội dung sửa đổi của Điều"})


def verb_label(verb: str) -> str:
    parts = verb.split(".")
    obj = OBJECTS.get(parts[0])
    act = ACTIONS.get(parts[-1]) if len(parts) > 1 else None
    if obj and act:
        return f"{obj}: {act}"
    if obj:
        return f"{obj}: thao tác khác"
    return "Thao tác khác"
