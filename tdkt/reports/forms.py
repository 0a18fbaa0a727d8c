import datetime

from django import forms

from tdkt.core.forms import DateField
from tdkt.organisation.models import UnitKind

from .models import ReviewKind

YEAR_ERRORS = {"min_value": "Năm từ 2000 đến 2100.", "max_value": "Năm từ 2000 đến 2100.",
               "invalid": "Nhập năm bằng số.", "required": "Nhập năm báo cáo."}
# the kinds of unit a call usually asks to report (virtual groups and divisions excluded)
REPORTING_KINDS = [
    (k.value, k.label) for k in UnitKind
    if k not in (UnitKind.MINISTRY, UnitKind.VIRTUAL_GROUP, UnitKind.INTERNAL_DIVISION)
]


class GenerateForm(forms.Form):
    don_vi = forms.CharField(label="Đơn vị (mã)", max_length=40, required=False)
    nam = forms.IntegerField(label="Năm", min_value=2000, max_value=2100,
                             error_messages=YEAR_ERRORS)
    loai = forms.ChoiceField(label="Loại báo cáo", choices=ReviewKind.choices,
                             error_messages={"invalid_choice": "Chọn sơ kết hoặc tổng kết."})


class CallForm(forms.Form):
    title = forms.CharField(label="Tên đợt báo cáo", max_length=300, error_messages={
        "required": "Nhập tên đợt báo cáo."})
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100,
                              error_messages=YEAR_ERRORS)
    kind = forms.ChoiceField(label="Loại báo cáo", choices=ReviewKind.choices)
    due_on = DateField(label="Hạn gửi",
                             error_messages={"required": "Nhập hạn gửi.",
                                             "invalid": "Hạn gửi theo dạng dd/mm/yyyy."})
    kinds = forms.MultipleChoiceField(
        label="Các loại đơn vị phải báo cáo", choices=REPORTING_KINDS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Chọn ít nhất một loại đơn vị phải báo cáo."})
    note = forms.CharField(label="Yêu cầu, hướng dẫn", required=False, widget=forms.Textarea(
        attrs={"rows": 3}))

    def clean_due_on(self):
        due = self.cleaned_data["due_on"]
        if due < datetime.date(2000, 1, 1):
            raise forms.ValidationError("Hạn gửi không hợp lệ.")
        return due


class SendForm(forms.Form):
    file = forms.FileField(label="Tệp báo cáo (Word hoặc PDF)", error_messages={
        "required": "Chọn tệp báo cáo để gửi."})
    note = forms.CharField(label="Ghi chú", max_length=500, required=False)


class TrackingFilter(forms.Form):
    trang_thai = forms.ChoiceField(label="Tình trạng", required=False, choices=[
        ("", "Tất cả"), ("da-gui", "Đã gửi"), ("gui-muon", "Gửi muộn"),
        ("chua-gui", "Chưa gửi")])
    q = forms.CharField(label="Tìm đơn vị", max_length=100, required=False)
