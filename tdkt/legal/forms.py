from django import forms

from tdkt.core.forms import DateField
from tdkt.core.uploads import validate_upload

from .models import Kind, LegalDocument, Status


class ImportForm(forms.Form):
    code = forms.SlugField(label="Mã văn bản (như trong danh mục quy định, vd. luat_06_2022)",
                           max_length=60)
    number = forms.CharField(label="Số, ký hiệu", max_length=60)
    title = forms.CharField(label="Trích yếu", max_length=500)
    kind = forms.ChoiceField(label="Loại văn bản", choices=Kind.choices)
    issuer = forms.CharField(label="Cơ quan ban hành", max_length=200, required=False)
    signed_on = DateField(label="Ngày ký", required=False)
    in_force_from = DateField(label="Hiệu lực từ", required=False)
    status = forms.ChoiceField(label="Tình trạng", choices=Status.choices)
    source_url = forms.URLField(label="Nguồn văn bản (địa chỉ)", required=False)
    file = forms.FileField(label="Tệp Word (.docx)", required=False)
    text = forms.CharField(label="Hoặc dán nội dung văn bản", widget=forms.Textarea,
                           required=False)

    def clean_file(self):
        f = self.cleaned_data.get("file")
        if f:
            validate_upload(f, "legal_docx")
        return f

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError("Chọn tệp .docx hoặc dán nội dung văn bản.")
        return data


def docx_text(uploaded) -> str:
    """Paragraph texts of a .docx, one a line. Raises ValueError with a Vietnamese message."""
    import docx

    try:
        document = docx.Document(uploaded)
    except Exception as exc:  # noqa: BLE001 - any unreadable Word file
        raise ValueError("Không đọc được tệp Word (.docx): tệp hỏng hoặc không đúng định dạng.") \
            from exc
    return "\n".join(p.text for p in document.paragraphs)


class AmendForm(forms.Form):
    """A new wording of an article, from an amending document (department)."""

    text = forms.CharField(
        label="Nội dung Điều sau khi sửa đổi (nguyên văn văn bản sửa đổi; mỗi khoản “1.”, "
              "điểm “a)” trên một dòng)", widget=forms.Textarea(attrs={"rows": 12}))
    valid_from = DateField(label="Áp dụng từ ngày")
    amended_by = forms.ModelChoiceField(
        label="Văn bản sửa đổi, bổ sung (có trong thư viện)", required=False,
        queryset=LegalDocument.objects.order_by("-signed_on", "code"),
        empty_label="— chưa có trong thư viện —")
    note = forms.CharField(label="Ghi chú", max_length=300, required=False)
