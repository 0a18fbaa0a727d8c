"""Forms for adding and correcting record entries, with Vietnamese validation."""

import datetime

from django import forms

from tdkt.core.forms import date_formfield
from tdkt.core.text import fold
from tdkt.core.uploads import validate_upload

from .models import (
    FIRST_YEAR,
    AwardKind,
    AwardSubject,
    AwardType,
    Discipline,
    Initiative,
    LeadershipPost,
    LeavePeriod,
    PersonAward,
    PersonRating,
    PersonTitle,
    Proceeding,
    UnitAward,
    UnitRating,
    UnitTitle,
)


def _year_field():
    this_year = datetime.date.today().year
    return forms.IntegerField(
        label="Năm",
        min_value=FIRST_YEAR,
        max_value=this_year,
        error_messages={
            "min_value": f"Năm phải từ {FIRST_YEAR} trở đi.",
            "max_value": f"Năm không được sau năm {this_year}.",
            "invalid": "Nhập năm bằng số, ví dụ 2024.",
            "required": "Nhập năm.",
        },
    )


class EntryForm(forms.ModelForm):
    """Base: knows its subject (a person or a unit) to check duplicates."""

    subject_field = "person"
    duplicate_fields: tuple[str, ...] = ()
    duplicate_message = ""

    def __init__(self, *args, subject, **kwargs):
        super().__init__(*args, **kwargs)
        self.subject = subject
        for name, field in self.fields.items():
            if name == "year":
                self.fields[name] = _year_field()
            field.error_messages["required"] = "Trường này bắt buộc."
            if isinstance(field, forms.ChoiceField):
                field.error_messages["invalid_choice"] = (
                    "Giá trị không hợp lệ; chọn trong danh sách."
                )

    def clean(self):
        data = super().clean()
        if self.duplicate_fields and all(data.get(f) is not None for f in self.duplicate_fields):
            lookup = {f: data[f] for f in self.duplicate_fields}
            lookup[self.subject_field] = self.subject
            found = type(self.instance).objects.filter(**lookup)
            if self.instance.pk:
                found = found.exclude(pk=self.instance.pk)
            if found.exists():
                raise forms.ValidationError(self.duplicate_message.format(**lookup))
        return data


class AwardChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def _award_field(kind: str, collective: bool) -> AwardChoice:
    subjects = [AwardSubject.BOTH,
                AwardSubject.COLLECTIVE if collective else AwardSubject.INDIVIDUAL]
    return AwardChoice(
        label="Danh hiệu" if kind == AwardKind.TITLE else "Hình thức khen thưởng",
        queryset=AwardType.objects.filter(kind=kind, subject__in=subjects),
        error_messages={"required": "Chọn một mục trong danh mục.",
                        "invalid_choice": "Mục này không có trong danh mục."},
    )


class PersonRatingForm(EntryForm):
    duplicate_fields = ("year",)
    duplicate_message = "Năm {year} đã có xếp loại; hãy sửa mục đã có."

    class Meta:
        formfield_callback = date_formfield
        model = PersonRating
        fields = ["year", "rating"]


class UnitRatingForm(PersonRatingForm):
    subject_field = "unit"

    class Meta:
        formfield_callback = date_formfield
        model = UnitRating
        fields = ["year", "rating"]


class _DecisionForm(EntryForm):
    def clean(self):
        data = super().clean()
        year, date = data.get("year"), data.get("decision_date")
        if year and date and not (year <= date.year <= year + 2):
            self.add_error(
                "decision_date", f"Ngày quyết định phải trong năm {year} hoặc hai năm sau đó."
            )
        return data


class PersonTitleForm(_DecisionForm):
    duplicate_fields = ("year", "award")
    duplicate_message = "Cán bộ đã có danh hiệu «{award}» năm {year}."

    class Meta:
        formfield_callback = date_formfield
        model = PersonTitle
        fields = ["year", "award", "decision_number", "decision_date", "issuer"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award"] = _award_field(AwardKind.TITLE, self.subject_field == "unit")


class UnitTitleForm(PersonTitleForm):
    subject_field = "unit"
    duplicate_message = "Đơn vị đã có danh hiệu «{award}» năm {year}."

    class Meta:
        formfield_callback = date_formfield
        model = UnitTitle
        fields = ["year", "award", "decision_number", "decision_date", "issuer"]


class PersonAwardForm(_DecisionForm):
    duplicate_fields = ("year", "award")
    duplicate_message = "Cán bộ đã có «{award}» năm {year}."

    class Meta:
        formfield_callback = date_formfield
        model = PersonAward
        fields = ["year", "award", "method", "decision_number", "decision_date", "issuer"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award"] = _award_field(AwardKind.FORM, self.subject_field == "unit")


class UnitAwardForm(PersonAwardForm):
    subject_field = "unit"
    duplicate_message = "Đơn vị đã có «{award}» năm {year}."

    class Meta:
        formfield_callback = date_formfield
        model = UnitAward
        fields = ["year", "award", "method", "decision_number", "decision_date", "issuer"]


class InitiativeForm(EntryForm):
    class Meta:
        formfield_callback = date_formfield
        model = Initiative
        fields = ["year", "title", "kind", "scope", "decision_number"]

    def clean(self):
        data = super().clean()
        title, year = data.get("title"), data.get("year")
        if title and year:
            found = Initiative.objects.filter(
                person=self.subject, year=year, title_key=fold(title)
            ).exclude(pk=self.instance.pk or 0)
            if found.exists():
                raise forms.ValidationError(f"Năm {year} đã có sáng kiến, đề tài cùng tên.")
        return data


class DisciplineForm(EntryForm):
    duplicate_fields = ("form", "decided_on")
    duplicate_message = "Đã có quyết định kỷ luật này (cùng hình thức, cùng ngày)."

    class Meta:
        formfield_callback = date_formfield
        model = Discipline
        fields = ["form", "decided_on", "ends_on", "decision_number"]

    def clean(self):
        data = super().clean()
        decided, ends = data.get("decided_on"), data.get("ends_on")
        if decided and decided > datetime.date.today():
            self.add_error("decided_on", "Ngày quyết định không được ở tương lai.")
        if decided and ends and ends <= decided:
            self.add_error("ends_on", "Ngày hết hiệu lực phải sau ngày quyết định.")
        return data


class ProceedingForm(EntryForm):
    class Meta:
        formfield_callback = date_formfield
        model = Proceeding
        fields = ["kind", "opened_on", "closed_on", "note"]

    def clean(self):
        data = super().clean()
        opened, closed = data.get("opened_on"), data.get("closed_on")
        if opened and closed and closed < opened:
            self.add_error("closed_on", "Ngày kết thúc phải từ ngày bắt đầu trở đi.")
        return data


class LeaveForm(EntryForm):
    class Meta:
        formfield_callback = date_formfield
        model = LeavePeriod
        fields = ["kind", "starts_on", "ends_on", "note"]

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "Ngày kết thúc phải từ ngày bắt đầu trở đi.")
        return data


class PostForm(EntryForm):
    class Meta:
        formfield_callback = date_formfield
        model = LeadershipPost
        fields = ["post", "title", "starts_on", "ends_on", "transferred_in"]

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends <= starts:
            self.add_error("ends_on", "Ngày thôi giữ chức vụ phải sau ngày bắt đầu.")
        return data


class UploadForm(forms.Form):
    workbook = forms.FileField(
        label="Tệp Excel (.xlsx)",
        error_messages={"required": "Chọn tệp Excel để nhập.", "empty": "Tệp trống."},
    )

    def clean_workbook(self):
        upload = self.cleaned_data["workbook"]
        validate_upload(upload, "xlsx")
        return upload


class ExportForm(forms.Form):
    unit_code = forms.CharField(label="Mã đơn vị (để trống: toàn bộ phạm vi)", required=False)
    years = forms.CharField(label="Khoảng năm", required=False, initial="2016-2025")

    def __init__(self, *args, scope, roots, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        self.roots = roots

    def clean_unit_code(self):
        from tdkt.accounts.models import WRITE_ROLES
        from tdkt.organisation.models import Unit

        code = self.cleaned_data["unit_code"].strip().upper()
        if not code:
            return None
        unit = Unit.objects.filter(code=code).first()
        if unit is None or not self.scope.covers(unit, WRITE_ROLES):
            raise forms.ValidationError(f"Không có đơn vị mã {code} trong phạm vi của bạn.")
        return unit

    def clean_years(self):
        from .management.commands.export_people import parse_years

        text = self.cleaned_data["years"].strip()
        if not text:
            return None
        try:
            return parse_years(text)
        except ValueError:
            raise forms.ValidationError("Ghi khoảng năm dạng 2016-2025.") from None
