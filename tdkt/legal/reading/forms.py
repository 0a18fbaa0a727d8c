from django import forms

from tdkt.core.forms import DateField
from tdkt.organisation.models import Unit

from ..models import LegalDocument

DATE_ERRORS = {"required": "Chọn hạn đọc."}


class UnitChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{'— ' * max(obj.depth - 2, 0)}{obj.name} ({obj.code})"


class AssignForm(forms.Form):
    document = forms.ModelChoiceField(
        label="Văn bản cần đọc", queryset=LegalDocument.objects.order_by("-signed_on", "code"),
        empty_label="— Chọn văn bản trong thư viện —",
        error_messages={"required": "Chọn văn bản cần đọc.",
                        "invalid_choice": "Văn bản không có trong thư viện."})
    whole_sector = forms.BooleanField(label="Giao cho toàn ngành", required=False)
    units = UnitChoice(
        label="Hoặc giao cho các đơn vị (gồm cả đơn vị trực thuộc)", required=False,
        queryset=Unit.objects.filter(effective_to=None, depth__in=(2, 3)).order_by("path"),
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text="Giữ phím Ctrl (hoặc Cmd) để chọn nhiều đơn vị.",
        error_messages={"invalid_choice": "Đơn vị không hợp lệ.",
                        "invalid_pk_value": "Đơn vị không hợp lệ."})
    due_on = DateField(label="Hạn đọc", error_messages=DATE_ERRORS)
    note = forms.CharField(label="Ghi chú (không bắt buộc)", max_length=1000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"max_length": "Ghi chú tối đa 1.000 ký tự."})
