from django import forms

from tdkt.core.forms import DateField
from tdkt.movements.models import Registration
from tdkt.organisation.models import Unit

from .models import SubjectKind

YEAR_HELP = "Năm có thành tích, việc làm tốt."


class _Base(forms.Form):
    kind = forms.ChoiceField(label="Đối tượng", choices=SubjectKind.choices)
    unit = forms.ModelChoiceField(label="Đơn vị", queryset=Unit.objects.none(),
                                  empty_label="— Chọn đơn vị —")
    name = forms.CharField(label="Tên cá nhân hoặc tập thể", max_length=255)
    title = forms.CharField(label="Tiêu đề (việc làm, thành tích nổi bật)", max_length=255)
    achievement = forms.CharField(label="Mô tả thành tích, việc làm tốt", max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 6}))
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100, help_text=YEAR_HELP)


class ProposeForm(_Base):
    consent_publish = forms.BooleanField(
        label="Cá nhân đã đồng ý công khai họ tên, hình ảnh", required=False)
    consent_note = forms.CharField(label="Căn cứ ghi nhận sự đồng ý", max_length=255,
                                   required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class PublicReportForm(_Base):
    reporter_name = forms.CharField(label="Họ tên người phản ánh (không bắt buộc)",
                                    max_length=120, required=False)
    reporter_contact = forms.CharField(label="Điện thoại hoặc thư điện tử (không bắt buộc)",
                                       max_length=120, required=False)
    website = forms.CharField(required=False, widget=forms.HiddenInput)  # honeypot

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Units down to depth 3 (ministry, its departments and the provincial bodies): a
        # citizen knows the Sở or the Cục, not the internal offices. A search box filters them.
        self.fields["unit"].queryset = (Unit.objects.filter(depth__lte=3, effective_to=None)
                                        .order_by("path"))
        self.fields["unit"].widget.attrs["data-search"] = "Tìm đơn vị (gõ có dấu hoặc không dấu)"


class DecideForm(forms.Form):
    note = forms.CharField(label="Ý kiến", max_length=500, required=False)


class PublishForm(forms.Form):
    story = forms.CharField(label="Bài viết giới thiệu (công khai)", max_length=20000,
                            widget=forms.Textarea(attrs={"rows": 10}))
    consent_publish = forms.BooleanField(
        label="Cá nhân đã đồng ý công khai họ tên, hình ảnh", required=False)
    consent_note = forms.CharField(label="Căn cứ ghi nhận sự đồng ý", max_length=255,
                                   required=False)


# --- replication (nhân rộng) -----------------------------------------------------------------

class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the service (validate_upload)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class AdoptionForm(forms.Form):
    unit = forms.ModelChoiceField(label="Đơn vị áp dụng", queryset=Unit.objects.none(),
                                  empty_label="— Chọn đơn vị —")
    plan = forms.CharField(label="Nội dung áp dụng tại đơn vị", max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 4}))
    starts_on = DateField(label="Áp dụng từ ngày")
    ends_on = DateField(label="Đến ngày (hạn báo cáo kết quả)")
    responsible = forms.CharField(label="Người phụ trách", max_length=160)
    registration = forms.ModelChoiceField(
        label="Gắn với đăng ký thi đua (nếu có)", required=False,
        queryset=Registration.objects.none(), empty_label="— Không gắn với phong trào —",
        help_text="Việc nhân rộng mô hình sẽ hiện trong đăng ký thi đua của đơn vị.")

    def __init__(self, *args, units=None, registrations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["registration"].queryset = registrations
        self.fields["registration"].label_from_instance = (
            lambda r: f"{r.movement.name} ({r.movement.year}) — {r.unit.name}")


class AdoptionResultForm(forms.Form):
    text = forms.CharField(label="Kết quả áp dụng mô hình", max_length=10000,
                           widget=forms.Textarea(attrs={"rows": 6}))
    figures = forms.CharField(
        label="Số liệu kết quả (mỗi dòng một chỉ số, dạng “Chỉ số: giá trị”)", required=False,
        max_length=4000, widget=forms.Textarea(attrs={
            "rows": 4, "placeholder": "Số hồ sơ giải quyết: 1.250\nTỷ lệ đúng hạn: 100%"}))
    files = MultipleFileField(
        label="Tệp minh chứng (không bắt buộc; PDF, Word, Excel hoặc ảnh; tối đa 5 tệp)",
        required=False)
