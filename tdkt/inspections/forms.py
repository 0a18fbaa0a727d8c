from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from tdkt.core.forms import DateField
from tdkt.core.uploads import validate_upload
from tdkt.organisation.models import Unit

from .models import ChecklistTemplate, ItemKind

REQUIRED = {"required": "Trường này bắt buộc."}
DATE_ERRORS = {"required": "Nhập ngày (dd/mm/yyyy).", "invalid": "Ngày phải có dạng dd/mm/yyyy."}


class PlanForm(forms.Form):
    issuing_unit = forms.ModelChoiceField(
        label="Đơn vị ban hành", queryset=Unit.objects.none(), empty_label=None,
        error_messages={"invalid_choice": "Bạn không lập kế hoạch kiểm tra cho đơn vị này."})
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100,
                              error_messages={**REQUIRED, "invalid": "Năm phải là số."})
    title = forms.CharField(label="Tên kế hoạch", max_length=300, error_messages=REQUIRED)
    number = forms.CharField(label="Số kế hoạch", max_length=60, required=False,
                             help_text="Ví dụ: 15/KH-BTP. Để trống nếu chưa ban hành.")
    issued_on = DateField(label="Ngày ban hành", required=False,
                                error_messages=DATE_ERRORS)
    purpose = forms.CharField(label="Mục đích, yêu cầu", widget=forms.Textarea(attrs={"rows": 3}),
                              required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuing_unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])


class InspectionForm(forms.Form):
    unit_code = forms.CharField(
        label="Mã đơn vị được kiểm tra", max_length=40, error_messages=REQUIRED,
        widget=forms.TextInput(attrs={"list": "don-vi-goi-y", "autocomplete": "off"}),
        help_text="Mã đơn vị trong cây tổ chức, ví dụ STP-01 (Sở Tư pháp Hà Nội).")
    template = forms.ModelChoiceField(label="Bộ tiêu chí", empty_label=None,
                                      queryset=ChecklistTemplate.objects.none())
    starts_on = DateField(label="Kiểm tra từ ngày",
                                error_messages=DATE_ERRORS)
    ends_on = DateField(label="Đến ngày", error_messages=DATE_ERRORS)
    self_due_on = DateField(label="Hạn đơn vị gửi tự kiểm tra",
                                  required=False, error_messages=DATE_ERRORS)
    content = forms.CharField(label="Nội dung kiểm tra", widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages=REQUIRED)
    lead_name = forms.CharField(label="Trưởng đoàn (họ và tên)", max_length=200,
                                error_messages=REQUIRED)
    lead_title = forms.CharField(label="Chức vụ trưởng đoàn", max_length=200, required=False)
    members = forms.CharField(label="Thành viên đoàn", required=False,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="Mỗi dòng một người: họ và tên — chức vụ.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = ChecklistTemplate.objects.filter(is_active=True)

    def clean_unit_code(self):
        code = self.cleaned_data["unit_code"].strip().upper()
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise ValidationError(f"Không có đơn vị mã “{code}”.")
        self.unit = unit
        return code


class InspectionEditForm(InspectionForm):
    """The plan item after it was created: the unit and the checklist stay."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["unit_code"]
        del self.fields["template"]


class TeamForm(forms.Form):
    inspected_on = DateField(label="Ngày kiểm tra",
                                   error_messages=DATE_ERRORS)
    place = forms.CharField(label="Địa điểm", max_length=200, required=False)
    unit_representative = forms.CharField(label="Đại diện đơn vị được kiểm tra (họ tên, chức vụ)",
                                          max_length=200, required=False)


class FindingForm(forms.Form):
    text = forms.CharField(label="Kết luận (tồn tại, hạn chế)", error_messages=REQUIRED,
                           widget=forms.Textarea(attrs={"rows": 2}))
    recommendation = forms.CharField(label="Kiến nghị", required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}))
    item = forms.ModelChoiceField(label="Tiêu chí liên quan", required=False, queryset=None,
                                  empty_label="(chung)")
    action = forms.CharField(label="Biện pháp khắc phục", required=False,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="Để trống nếu kết luận không cần khắc phục.")
    owner_unit = forms.ModelChoiceField(label="Đơn vị thực hiện", queryset=None, required=False,
                                        empty_label=None)
    due_on = DateField(label="Thời hạn khắc phục", required=False,
                             error_messages=DATE_ERRORS)

    def __init__(self, *args, inspection, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = inspection.template.items.all()
        self.fields["owner_unit"].queryset = owners

    def clean(self):
        data = super().clean()
        if data.get("action") and not data.get("due_on"):
            self.add_error("due_on", "Nhập thời hạn khắc phục.")
        if data.get("action") and not data.get("owner_unit"):
            self.add_error("owner_unit", "Chọn đơn vị thực hiện.")
        return data


class ConcludeForm(forms.Form):
    conclusion_number = forms.CharField(label="Số kết luận", max_length=60, required=False)
    concluded_on = DateField(label="Ngày kết luận",
                                   error_messages=DATE_ERRORS)
    conclusion = forms.CharField(label="Kết luận chung", error_messages=REQUIRED,
                                 widget=forms.Textarea(attrs={"rows": 4}))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned = [super(MultipleFileField, self).clean(f, initial) for f in files]
        for f in cleaned:
            validate_upload(f, "attachment")
        return cleaned


class EvidenceForm(forms.Form):
    report = forms.CharField(label="Kết quả khắc phục", required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(label="Minh chứng (PDF, Word, Excel, ảnh)")


class DecisionForm(forms.Form):
    note = forms.CharField(label="Ý kiến nghiệm thu / lý do trả lại", required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ItemForm(forms.Form):
    code = forms.CharField(label="Mã", max_length=10, error_messages=REQUIRED)
    text = forms.CharField(label="Nội dung kiểm tra", error_messages=REQUIRED,
                           widget=forms.Textarea(attrs={"rows": 2}))
    legal_basis = forms.CharField(label="Căn cứ", required=False)
    kind = forms.ChoiceField(label="Cách đánh giá", choices=ItemKind.choices)
    max_points = forms.DecimalField(label="Điểm tối đa", min_value=0, max_value=1000,
                                    initial=Decimal(10), required=False)
    weight = forms.DecimalField(label="Trọng số", min_value=0, max_value=100, initial=Decimal(1))

    def clean(self):
        data = super().clean()
        if data.get("kind") == ItemKind.SCORE and not data.get("max_points"):
            self.add_error("max_points", "Tiêu chí chấm điểm cần điểm tối đa lớn hơn 0.")
        return data


class SourceNoteForm(forms.Form):
    source_note = forms.CharField(label="Nguồn, tình trạng", required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))


def parse_answers(post, items, prefix: str) -> dict:
    """The checklist rows of a form: `{prefix}_diem_{pk}` (points), `{prefix}_dat_{pk}`
    ("1" đạt / "0" không đạt / "" chưa), `{prefix}_nx_{pk}` (note)."""
    answers = {}
    for item in items:
        passed = post.get(f"{prefix}_dat_{item.pk}", "")
        answers[item.pk] = {
            "points": post.get(f"{prefix}_diem_{item.pk}", "").strip() or None,
            "passed": {"1": True, "0": False}.get(passed),
            "note": post.get(f"{prefix}_nx_{item.pk}", "")[:2000],
        }
    return answers


def parse_files(files, items, prefix: str) -> dict:
    """Uploaded evidence per item ({pk: [files]}), each checked by validate_upload."""
    found = {}
    for item in items:
        uploads = files.getlist(f"{prefix}_tep_{item.pk}")
        for f in uploads:
            validate_upload(f, "attachment")
        if uploads:
            found[item.pk] = uploads
    return found
