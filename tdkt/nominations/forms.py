from django import forms

from tdkt.core.forms import DateField
from tdkt.core.uploads import validate_upload
from tdkt.organisation.models import Unit
from tdkt.people.models import Person

from .config import award_choices
from .models import (
    AwardRound,
    AwardSetting,
    CommentStatus,
    CouncilPosition,
    DayKind,
    Denominator,
    DocKind,
    Holiday,
    RevocationGround,
    RoundKind,
    SubjectKind,
)

REQUIRED = {"required": "Trường này là bắt buộc."}


def date_field(label, required=True):
    return DateField(label=label, required=required, error_messages=REQUIRED)


class RoundForm(forms.ModelForm):
    award_codes = forms.MultipleChoiceField(
        label="Danh hiệu, hình thức được xét", widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Chọn ít nhất một danh hiệu, hình thức."},
    )
    opens_on = date_field("Ngày bắt đầu nhận hồ sơ")
    submission_deadline = date_field("Hạn nộp hồ sơ")
    appraisal_deadline = date_field("Hạn thẩm định", required=False)
    council_date = date_field("Dự kiến họp Hội đồng", required=False)

    class Meta:
        model = AwardRound
        fields = ["name", "kind", "year", "award_codes", "movement", "movement_title", "opens_on",
                  "submission_deadline", "appraisal_deadline", "council_date", "closed"]
        error_messages = {"name": REQUIRED, "year": REQUIRED}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award_codes"].choices = award_choices()
        self.fields["kind"].choices = RoundKind.choices
        from tdkt.movements.models import Movement

        # Thematic rounds follow a movement's review; the newest movements come first.
        self.fields["movement"].queryset = Movement.objects.exclude(status="draft").order_by(
            "-year", "name"
        )
        self.fields["movement"].empty_label = "— Không gắn phong trào —"

    def clean(self):
        data = super().clean()
        opens, deadline = data.get("opens_on"), data.get("submission_deadline")
        if opens and deadline and deadline < opens:
            self.add_error("submission_deadline", "Hạn nộp hồ sơ phải sau ngày bắt đầu.")
        if (data.get("kind") == RoundKind.THEMATIC and not data.get("movement")
                and not data.get("movement_title")):
            self.add_error("movement", "Đợt chuyên đề phải gắn với một phong trào thi đua.")
        return data


class SubmissionForm(forms.Form):
    unit = forms.ModelChoiceField(
        label="Đơn vị trình", queryset=Unit.objects.none(), to_field_name="code",
        error_messages={**REQUIRED, "invalid_choice": "Đơn vị không thuộc phạm vi của bạn."},
    )
    title = forms.CharField(label="Trích yếu tờ trình", max_length=300, error_messages=REQUIRED)
    number = forms.CharField(label="Số tờ trình", max_length=60, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()


class NominationForm(forms.Form):
    award_code = forms.ChoiceField(label="Danh hiệu, hình thức đề nghị", error_messages=REQUIRED)
    subject_kind = forms.ChoiceField(label="Đối tượng", choices=SubjectKind.choices,
                                     initial=SubjectKind.INDIVIDUAL, widget=forms.RadioSelect,
                                     error_messages=REQUIRED)
    person = forms.ModelChoiceField(
        label="Cá nhân", queryset=Person.objects.none(), required=False,
        error_messages={"invalid_choice": "Cán bộ không thuộc đơn vị trình."},
    )
    unit = forms.ModelChoiceField(
        label="Tập thể", queryset=Unit.objects.none(), required=False, to_field_name="code",
        error_messages={"invalid_choice": "Tập thể không thuộc đơn vị trình."},
    )
    achievement = forms.CharField(
        label="Tóm tắt thành tích", widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=REQUIRED, min_length=20,
    )
    attested = forms.BooleanField(
        label="Đơn vị xác nhận cá nhân, tập thể đạt các tiêu chuẩn định tính", required=False
    )

    def __init__(self, *args, submission=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["achievement"].error_messages["min_length"] = (
            "Tóm tắt thành tích quá ngắn (ít nhất 20 ký tự)."
        )
        if submission is not None:
            self.fields["award_code"].choices = award_choices(submission.round.award_codes)
            path = submission.unit.path
            self.fields["person"].queryset = Person.objects.filter(unit__path__startswith=path)
            self.fields["unit"].queryset = Unit.objects.filter(path__startswith=path)

    def clean(self):
        data = super().clean()
        kind = data.get("subject_kind")
        if kind == SubjectKind.INDIVIDUAL and not data.get("person"):
            self.add_error("person", "Chọn cá nhân được đề nghị.")
        if kind == SubjectKind.COLLECTIVE and not data.get("unit"):
            self.add_error("unit", "Chọn tập thể được đề nghị.")
        return data


class NominationEditForm(forms.Form):
    achievement = forms.CharField(
        label="Tóm tắt thành tích", widget=forms.Textarea(attrs={"rows": 5}),
        error_messages=REQUIRED, min_length=20,
    )
    attested = forms.BooleanField(
        label="Đơn vị xác nhận các tiêu chuẩn định tính", required=False
    )
    initiatives = forms.ModelMultipleChoiceField(
        label="Sáng kiến, đề tài làm căn cứ", queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, nomination=None, **kwargs):
        super().__init__(*args, **kwargs)
        from tdkt.history.models import Initiative

        self.fields["achievement"].error_messages["min_length"] = (
            "Tóm tắt thành tích quá ngắn (ít nhất 20 ký tự)."
        )
        qs = Initiative.objects.none()
        if nomination is not None and nomination.person_id:
            qs = Initiative.objects.filter(person_id=nomination.person_id)
        self.fields["initiatives"].queryset = qs
        if not qs.exists():
            del self.fields["initiatives"]


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label="Loại tài liệu", choices=DocKind.choices)
    file = forms.FileField(label="Tệp", error_messages={
        **REQUIRED, "empty": "Tệp rỗng.", "invalid": "Không đọc được tệp."})
    vote_result = forms.CharField(
        label="Kết quả bỏ phiếu (với biên bản)", max_length=200, required=False,
        help_text="Ví dụ: 15/17 phiếu đồng ý (88,2%).",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload, "attachment")
        return upload


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Lý do, nội dung cần bổ sung", widget=forms.Textarea(attrs={"rows": 3}),
        min_length=5, error_messages={**REQUIRED, "min_length": "Ghi rõ lý do (ít nhất 5 ký tự)."},
    )


class CouncilMemberForm(forms.Form):
    username = forms.CharField(label="Tên đăng nhập", max_length=150, error_messages=REQUIRED)
    position = forms.ChoiceField(label="Chức danh", choices=CouncilPosition.choices)

    def clean_username(self):
        from tdkt.accounts.models import User

        try:
            return User.objects.get(username=self.cleaned_data["username"].strip())
        except User.DoesNotExist:
            raise forms.ValidationError("Không có tài khoản này.") from None


class MeetingForm(forms.Form):
    """A council meeting; its quorum is the council's rule (council page)."""

    council = forms.IntegerField(widget=forms.HiddenInput, required=False)
    year = forms.IntegerField(label="Năm xét khen thưởng", min_value=2000, max_value=2100)
    title = forms.CharField(label="Tên phiên họp", max_length=255, error_messages=REQUIRED)
    held_on = date_field("Ngày họp")
    starts_at = forms.TimeField(
        label="Giờ họp (hh:mm)", required=False, input_formats=["%H:%M", "%Hh%M", "%H giờ %M"],
        widget=forms.TimeInput(format="%H:%M", attrs={"placeholder": "08:00"}),
        error_messages={"invalid": "Nhập giờ theo dạng hh:mm, ví dụ 08:00."})
    place = forms.CharField(label="Địa điểm", max_length=255, required=False)


class DisclosureForm(forms.Form):
    title = forms.CharField(label="Tiêu đề", max_length=255, error_messages=REQUIRED)
    starts_on = date_field("Ngày bắt đầu công khai")
    working_days = forms.IntegerField(
        label="Số ngày làm việc (để trống: theo cấu hình)", required=False, min_value=1,
        max_value=60,
    )


class CommentForm(forms.Form):
    nomination = forms.TypedChoiceField(label="Về trường hợp", required=False, coerce=int,
                                        empty_value=None)
    author_name = forms.CharField(label="Họ và tên (không bắt buộc)", max_length=120,
                                  required=False)
    contact = forms.CharField(label="Thư điện tử hoặc số điện thoại (không bắt buộc)",
                              max_length=120, required=False)
    content = forms.CharField(
        label="Nội dung góp ý", widget=forms.Textarea(attrs={"rows": 4}), min_length=10,
        max_length=5000,
        error_messages={**REQUIRED, "min_length": "Nội dung góp ý quá ngắn (ít nhất 10 ký tự).",
                        "max_length": "Nội dung góp ý quá dài (tối đa 5.000 ký tự)."},
    )
    website = forms.CharField(required=False, widget=forms.HiddenInput)  # honeypot

    def __init__(self, *args, nominations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nomination"].choices = [("", "— Góp ý chung —")] + [
            (n.pk, f"{n.subject_name} ({n.award_name})") for n in nominations
        ]


class ModerateForm(forms.Form):
    status = forms.ChoiceField(label="Xử lý", choices=CommentStatus.choices)
    response = forms.CharField(label="Ý kiến xử lý", required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    signed_on = date_field("Ngày ký")
    signer_name = forms.CharField(label="Người ký", max_length=120, error_messages=REQUIRED)
    signer_title = forms.CharField(label="Chức vụ người ký", max_length=120,
                                   initial="Bộ trưởng", error_messages=REQUIRED)
    title = forms.CharField(label="Trích yếu", max_length=300, error_messages=REQUIRED)
    legal_bases = forms.CharField(label="Căn cứ ban hành", widget=forms.Textarea(attrs={"rows": 4}),
                                  error_messages=REQUIRED)


class RevokeForm(forms.Form):
    ground = forms.ChoiceField(label="Căn cứ hủy bỏ (Điều 93 khoản 2 Luật TĐKT)",
                               choices=RevocationGround.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 3}),
                             min_length=5, error_messages={
                                 **REQUIRED, "min_length": "Ghi rõ lý do (ít nhất 5 ký tự)."})
    reference = forms.CharField(label="Văn bản hủy bỏ (số, ngày)", max_length=120,
                                required=False)


class HolidayForm(forms.ModelForm):
    day = date_field("Ngày")

    class Meta:
        model = Holiday
        fields = ["day", "kind", "name", "status"]
        error_messages = {"name": REQUIRED, "day": {"unique": "Ngày này đã có trong lịch."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = DayKind.choices


class AwardSettingForm(forms.ModelForm):
    dossier = forms.MultipleChoiceField(
        label="Thành phần hồ sơ (để trống: theo Điều 84 Luật TĐKT)", choices=DocKind.choices,
        required=False, widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = AwardSetting
        fields = ["disclosure_required", "disclosure_working_days", "vote_threshold_percent",
                  "vote_denominator", "dossier", "status", "note"]
        widgets = {"disclosure_required": forms.NullBooleanSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vote_denominator"].choices = [("", "—"), *Denominator.choices]

    def clean_vote_threshold_percent(self):
        value = self.cleaned_data.get("vote_threshold_percent")
        if value is not None and not 1 <= value <= 100:
            raise forms.ValidationError("Tỷ lệ phải từ 1 đến 100%.")
        return value
