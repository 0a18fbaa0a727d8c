"""Vietnamese labels for audit verbs ("movement.launch" → "Phong trào: phát động"), so
histories never show a code to users (issue 16)."""

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
    "action_added": "thêm biện pháp khắc phục", "attendance": "điểm danh", "confirm": "xác nhận",
    "adopt": "đăng ký nhân rộng mô hình", "adoption_report": "báo cáo kết quả nhân rộng",
    "feature": "nêu gương trên trang công khai", "unfeature": "thôi nêu gương",
    "summary_save": "lưu báo cáo tổng kết", "summary_submit": "gửi duyệt báo cáo tổng kết",
    "summary_head_approve": "thủ trưởng duyệt báo cáo tổng kết",
    "summary_approve": "phê duyệt báo cáo tổng kết",
    "summary_return": "trả lại báo cáo tổng kết", "evidence_add": "thêm minh chứng",
    "evidence_remove": "xóa minh chứng", "propose_award": "đề nghị khen thưởng",
    "threshold": "đặt ngưỡng biểu quyết", "sweep_start": "bắt đầu rà soát",
    "sweep_retry": "rà soát lại", "milestone": "thêm mốc bồi dưỡng",
    "milestone_done": "hoàn thành mốc bồi dưỡng", "report": "tiếp nhận phản ánh",
    "stage": "chuyển giai đoạn", "action_accepted": "nghiệm thu khắc phục",
    "action_returned": "trả lại kết quả khắc phục", "action_submitted": "gửi kết quả khắc phục",
    "finding_removed": "bỏ phát hiện", "item_added": "thêm nội dung kiểm tra",
    "item_removed": "bỏ nội dung kiểm tra", "planned": "lập kế hoạch",
    "self_saved": "lưu tự kiểm tra",
    "template_note": "ghi chú bảng kiểm tra", "template_seeded": "tạo bảng kiểm tra mặc định",
    "template_version": "tạo phiên bản bảng kiểm tra", "document_imported": "nhập văn bản",
    "relations_set": "cập nhật quan hệ giữa các văn bản",
    "enrol_failed": "đăng ký không thành công",
    "document_add": "thêm tài liệu", "final_review": "tổng kết", "midterm_review": "sơ kết",
    "proposal_add": "thêm đề xuất khen thưởng", "proposal_remove": "bỏ đề xuất khen thưởng",
    "start": "bắt đầu", "ballot_close": "kết thúc bỏ phiếu",
    "preference": "đổi cách nhận thông báo",
    "change_person": "sửa thông tin cán bộ", "progress": "cập nhật tiến độ", "replace": "thay tệp",
    "agenda_approve": "phê duyệt danh sách xét", "settle": "chốt kết quả",
    "create_admin": "tạo quản trị",
    "job_start": "bắt đầu tạo văn bản", "job_retry": "tạo lại văn bản",
    "verify": "tra cứu xác thực",
    "catalogue_version_add": "thêm phiên bản danh mục", "interpretations_set": "thay đổi cách hiểu",
    "moderate": "kiểm duyệt góp ý", "leadership": "đổi cụm trưởng, cụm phó", "pact": "ký giao ước",
    "approved": "được đề nghị", "at_council": "trình Hội đồng", "decided": "có quyết định",
    "in_disclosure": "công khai", "not_approved": "không được đề nghị",
    "returned": "trả lại bổ sung",
    "submitted": "trình", "under_appraisal": "thẩm định",
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

# Legal read tracking (tdkt.legal.reading)
ACTIONS.update({"reading_assigned": "giao đọc văn bản", "reading_confirmed": "xác nhận đã đọc",
                "reading_reminded": "nhắc đọc văn bản"})


def verb_label(verb: str) -> str:
    parts = verb.split(".")
    obj = OBJECTS.get(parts[0])
    act = ACTIONS.get(parts[-1]) if len(parts) > 1 else None
    if obj and act:
        return f"{obj}: {act}"
    if obj:
        return f"{obj}: thao tác khác"
    return "Thao tác khác"


def _field(target_type: str, name: str):
    from django.apps import apps
    from django.core.exceptions import FieldDoesNotExist

    try:
        return apps.get_model(target_type)._meta.get_field(name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return None


def _value(value, field=None) -> str:
    import datetime

    if value is None or value == "" or value == []:
        return "—"
    if value is True:
        return "Có"
    if value is False:
        return "Không"
    if isinstance(value, list):
        return ", ".join(_value(v, field) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{_name(k)}: {_value(v)}" for k, v in value.items())
    text = str(value)
    choices = dict(getattr(field, "flatchoices", None) or ())
    if text in choices:
        return str(choices[text])
    try:
        return datetime.date.fromisoformat(text).strftime("%d/%m/%Y")
    except ValueError:
        return text


def _name(key: str, field=None) -> str:
    if field is not None and getattr(field, "verbose_name", None):
        name = str(field.verbose_name)
        return name[:1].upper() + name[1:]
    return str(key).replace("_", " ").capitalize()


def change_rows(target_type: str, changes) -> list[tuple[str, str]]:
    """An audit entry's changed values as people read them: ("Hạn gửi", "— → 15/12/2026")."""
    if not isinstance(changes, dict):
        return []
    rows = []
    for key, value in changes.items():
        field = _field(target_type, key)
        if isinstance(value, list) and len(value) == 2:
            text = f"{_value(value[0], field)} → {_value(value[1], field)}"
        else:
            text = _value(value, field)
        rows.append((_name(key, field), text))
    return rows
