from django import forms

from tdkt.core.uploads import validate_upload

from . import certificates as cert
from . import stats
from .models import JobKind, TemplateKind


class TemplateUploadForm(forms.Form):
    kind = forms.ChoiceField(label="Loại văn bản", choices=TemplateKind.choices)
    file = forms.FileField(label="Tệp mẫu (.docx)", error_messages={
        "required": "Chọn tệp mẫu Word (.docx).",
        "empty": "Tệp tải lên rỗng.",
    })
    note = forms.CharField(label="Ghi chú", max_length=255, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload, "docx_template")
        return upload


class JobForm(forms.Form):
    kind = forms.ChoiceField(label="Tạo", choices=JobKind.choices,
                             initial=JobKind.CERTIFICATES)
    mode = forms.ChoiceField(label="Cách in", choices=[
        ("full", "Bằng khen, giấy khen đầy đủ"), ("blank", "In lên phôi có sẵn"),
    ], initial="full")


class StatsForm(forms.Form):
    bieu = forms.ChoiceField(label="Biểu", choices=list(stats.FORMS.items()))
    nam = forms.IntegerField(label="Năm", min_value=2000, max_value=2100, error_messages={
        "min_value": "Năm từ 2000 đến 2100.", "max_value": "Năm từ 2000 đến 2100.",
        "invalid": "Nhập năm bằng số.", "required": "Nhập năm báo cáo.",
    })
    don_vi = forms.CharField(label="Đơn vị (mã)", max_length=40, required=False)


class LayoutForm(forms.Form):
    """One row of four numbers per field of the blank."""

    def __init__(self, kind, current, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        width, height = cert.PAGE_SIZES[kind]
        self.rows = []
        for key, label in cert.FIELDS.items():
            pos = current[key]
            names = []
            for attr, maximum, title in (("x", width, "Ngang (mm)"), ("y", height, "Dọc (mm)"),
                                         ("w", width, "Rộng (mm)"), ("size", 96, "Cỡ chữ (pt)")):
                name = f"{key}__{attr}"
                self.fields[name] = forms.DecimalField(
                    label=f"{label}: {title}", min_value=0, max_value=maximum,
                    decimal_places=1, initial=pos.get(attr, 0), error_messages={
                        "required": "Bắt buộc.", "invalid": "Nhập số.",
                        "min_value": "Không âm.", "max_value": f"Tối đa {maximum}.",
                    })
                names.append(name)
            self.rows.append((label, [self[n] for n in names]))

    def layout(self) -> dict:
        data = self.cleaned_data
        return {key: {attr: float(data[f"{key}__{attr}"]) for attr in ("x", "y", "w", "size")}
                for key in cert.FIELDS}


class LookupForm(forms.Form):
    """The public lookup of a certificate by the code printed beside its QR."""

    ma = forms.CharField(label="Mã xác minh in trên bằng khen, giấy khen", max_length=64,
                         error_messages={"required": "Nhập mã xác minh in trên bằng khen, "
                                                     "giấy khen."})


class PdfCheckForm(forms.Form):
    """An uploaded PDF whose digital signature and register entry are checked."""

    tep = forms.FileField(label="Tệp PDF quyết định, bằng khen, giấy khen", error_messages={
        "required": "Chọn tệp PDF cần kiểm tra.", "empty": "Tệp tải lên rỗng."})

    def clean_tep(self):
        upload = self.cleaned_data["tep"]
        validate_upload(upload, "signed_pdf")
        return upload
