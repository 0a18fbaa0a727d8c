from django import forms

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
        self.fields["unit"].queryset = (Unit.objects.filter(depth__lte=3, effective_to=None)
                                        .order_by("path"))


class DecideForm(forms.Form):
    note = forms.CharField(label="Ý kiến", max_length=500, required=False)


class PublishForm(forms.Form):
    story = forms.CharField(label="Bài viết giới thiệu (công khai)", max_length=20000,
                            widget=forms.Textarea(attrs={"rows": 10}))
    consent_publish = forms.BooleanField(
        label="Cá nhân đã đồng ý công khai họ tên, hình ảnh", required=False)
    consent_note = forms.CharField(label="Căn cứ ghi nhận sự đồng ý", max_length=255,
                                   required=False)
