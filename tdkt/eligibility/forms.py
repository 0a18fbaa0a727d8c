import json

from django import forms
from django.utils import timezone

from tdkt.core.forms import DateField

from .catalogue import COLLECTIVE_AWARDS, INDIVIDUAL_AWARDS, evaluator
from .wording import plain


def _award_choices(codes):
    version = evaluator().version_for(timezone.localdate())
    return [(code, version.name(code)) for code in codes]


def _year_choices():
    this = timezone.localdate().year
    return [(y, str(y)) for y in range(this, this - 11, -1)]


class CheckForm(forms.Form):
    award = forms.ChoiceField(label="Danh hiệu, hình thức")
    year = forms.TypedChoiceField(label="Năm xét", coerce=int)
    as_of = DateField(
        label="Ngày xét (để trống: 31/01 năm sau)", required=False
    )
    attested = forms.BooleanField(
        label="Đơn vị đã xác nhận các tiêu chuẩn định tính", required=False
    )

    def __init__(self, *args, collective: bool, default_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        # Giấy khen is given to individuals and collectives alike.
        codes = (*(COLLECTIVE_AWARDS if collective else INDIVIDUAL_AWARDS), "giay_khen")
        self.fields["award"].choices = _award_choices(codes)
        self.fields["year"].choices = _year_choices()
        self.fields["year"].initial = default_year


class DueListFilter(forms.Form):
    nam = forms.TypedChoiceField(label="Năm xét", coerce=int, required=False)
    danh_hieu = forms.ChoiceField(label="Danh hiệu, hình thức", required=False)
    loai = forms.ChoiceField(
        label="Kết quả",
        required=False,
        choices=[
            ("", "Tất cả"),
            ("eligible", "Đủ điều kiện theo hồ sơ"),
            ("confirm", "Cần bổ sung, xác nhận"),
        ],
    )
    uu_tien = forms.ChoiceField(
        label="Ưu tiên",
        required=False,
        choices=[("", "Tất cả"), ("frontline", "Người trực tiếp lao động"), ("female", "Nữ")],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nam"].choices = _year_choices()
        self.fields["danh_hieu"].choices = [("", "Tất cả")] + _award_choices(
            (*INDIVIDUAL_AWARDS, *COLLECTIVE_AWARDS)
        )


class CatalogueVersionForm(forms.Form):
    based_on = forms.ChoiceField(label="Sửa từ phiên bản")
    version = forms.RegexField(
        label="Mã phiên bản mới",
        regex=r"^[a-z0-9][a-z0-9._-]{2,60}$",
        error_messages={"invalid": "Chỉ dùng chữ thường không dấu, số, dấu chấm, gạch."},
    )
    title = forms.CharField(label="Tên phiên bản (văn bản căn cứ)", max_length=300)
    effective_from = DateField(label="Hiệu lực từ ngày")
    data = forms.CharField(
        label="Nội dung danh mục (JSON; để trống để giữ nguyên nội dung phiên bản gốc)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
    )
    note = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["based_on"].choices = [
            (v.version, f"{v.version} – {plain(v.title_vi)}") for v in evaluator().versions
        ]

    def clean_data(self):
        text = self.cleaned_data["data"].strip()
        if not text:
            return None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(
                f"JSON không hợp lệ ở dòng {exc.lineno}, cột {exc.colno}."
            ) from exc
        if not isinstance(data, dict):
            raise forms.ValidationError("Nội dung phải là một đối tượng JSON.")
        return data


class InterpretationForm(forms.Form):
    """The emulation department's change of interpretation parameters (a new version)."""

    based_on = forms.CharField(widget=forms.HiddenInput())
    version = forms.RegexField(
        label="Mã phiên bản mới",
        regex=r"^[a-z0-9][a-z0-9._-]{2,60}$",
        error_messages={"invalid": "Chỉ dùng chữ thường không dấu, số, dấu chấm, gạch."},
    )
    effective_from = DateField(label="Áp dụng từ ngày")
    note = forms.CharField(
        label="Lý do thay đổi (văn bản, ý kiến chỉ đạo)",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, base, **kwargs):
        super().__init__(*args, **kwargs)
        self.base = base
        self.fields["based_on"].initial = base.version
        for key, reading in base.readings.items():
            self.fields[f"reading_{key}"] = forms.TypedChoiceField(
                label=reading.label,
                choices=[("1", reading.when_true), ("0", reading.when_false)],
                coerce=lambda v: v == "1",
                initial="1" if reading.value else "0",
                widget=forms.RadioSelect,
                help_text=f"Văn bản: {reading.source}. {reading.text}",
            )

    def readings(self) -> dict[str, bool]:
        return {key: self.cleaned_data[f"reading_{key}"] for key in self.base.readings}
