"""Forms of the contests area: Vietnamese labels and messages; dates dd/mm/yyyy as the rest
of the product, times HH:MM (Vietnam time)."""

import datetime

from django import forms
from django.utils import timezone

from tdkt.core.forms import DateField
from tdkt.core.uploads import validate_upload
from tdkt.legal.models import LegalDocument
from tdkt.organisation.models import Unit

from .models import ANCHOR_RE, Contest, PrizeLevel

CHOICE_ROWS = 6


class QuestionForm(forms.Form):
    document = forms.ModelChoiceField(label="Văn bản", queryset=LegalDocument.objects.all(),
                                      empty_label="— Chọn văn bản —")
    anchor = forms.CharField(label="Điều, khoản được hỏi (vd. dieu-93 hoặc dieu-93-khoan-2)",
                             max_length=80)
    text = forms.CharField(label="Câu hỏi", widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=3000)
    explanation = forms.CharField(label="Giải thích (hiện sau khi vòng thi kết thúc)",
                                  widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                  max_length=5000)
    active = forms.BooleanField(label="Đang dùng để ra đề", required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(1, CHOICE_ROWS + 1):
            self.fields[f"choice_{i}"] = forms.CharField(
                label=f"Phương án {i}", max_length=1000, required=i <= 2,
                error_messages={"required": "Nhập ít nhất hai phương án trả lời."})
            self.fields[f"correct_{i}"] = forms.BooleanField(
                label=f"Phương án {i} là đáp án đúng", required=False)

    def choice_rows(self):
        return [(self[f"choice_{i}"], self[f"correct_{i}"]) for i in range(1, CHOICE_ROWS + 1)]

    def clean_anchor(self):
        anchor = self.cleaned_data["anchor"].strip().lower()
        if not ANCHOR_RE.match(anchor):
            raise forms.ValidationError("Điều, khoản phải có dạng dieu-93 hoặc dieu-93-khoan-2.")
        return anchor

    def choices(self) -> list[tuple[str, bool]]:
        d = self.cleaned_data
        return [(d[f"choice_{i}"], d[f"correct_{i}"]) for i in range(1, CHOICE_ROWS + 1)
                if (d.get(f"choice_{i}") or "").strip()]

    @staticmethod
    def initial_for(q) -> dict:
        data = {"document": q.document_id, "anchor": q.anchor, "text": q.text,
                "explanation": q.explanation, "active": q.active}
        for i, c in enumerate(q.choices.all()[:CHOICE_ROWS], start=1):
            data[f"choice_{i}"], data[f"correct_{i}"] = c.text, c.correct
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label="Tệp ngân hàng câu hỏi (.json)")

    def clean_file(self):
        f = self.cleaned_data["file"]
        validate_upload(f, "question_bank")
        return f


class ContestForm(forms.ModelForm):
    class Meta:
        model = Contest
        fields = ["title", "rules", "units", "documents", "questions_per_attempt",
                  "time_limit_minutes", "max_attempts", "tiebreak_question", "published"]
        widgets = {"rules": forms.Textarea(attrs={"rows": 5}),
                   "units": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Unit.objects.filter(
            effective_to__isnull=True).order_by("path")
        for name in ("questions_per_attempt", "time_limit_minutes", "max_attempts"):
            self.fields[name].min_value = 1
            self.fields[name].widget.attrs["min"] = 1


class TimeInput(forms.TimeInput):
    """A native time input (the browser's own picker, 24-hour with the page in Vietnamese)."""

    input_type = "time"


class TimeField(forms.TimeField):
    def __init__(self, **kwargs):
        super().__init__(input_formats=["%H:%M", "%H:%M:%S"], widget=TimeInput(format="%H:%M"),
                         error_messages={"invalid": "Giờ không hợp lệ — nhập theo dạng giờ:phút."},
                         **kwargs)


def _combine(day: datetime.date, at: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, at))


class RoundForm(forms.Form):
    opens_on = DateField(label="Mở từ ngày")
    opens_time = TimeField(label="lúc (giờ:phút)", initial=datetime.time(8, 0))
    closes_on = DateField(label="Đóng vào ngày")
    closes_time = TimeField(label="lúc (giờ:phút)", initial=datetime.time(17, 0))

    def clean(self):
        d = super().clean()
        if all(d.get(k) for k in ("opens_on", "opens_time", "closes_on", "closes_time")):
            d["opens_at"] = _combine(d["opens_on"], d["opens_time"])
            d["closes_at"] = _combine(d["closes_on"], d["closes_time"])
            if d["closes_at"] <= d["opens_at"]:
                raise forms.ValidationError("Thời điểm đóng vòng thi phải sau thời điểm mở.")
        return d


class PrizeForm(forms.Form):
    number = forms.CharField(label="Số quyết định (vd. 15/QĐ-BTC)", max_length=60)
    signed_on = DateField(label="Ngày ký")
    signer_title = forms.CharField(label="Chức vụ người ký", max_length=200,
                                   initial="TRƯỞNG BAN TỔ CHỨC")
    signer_name = forms.CharField(label="Họ tên người ký", max_length=120)
    first = forms.IntegerField(label=PrizeLevel.FIRST.label + " (số giải)", min_value=0,
                               max_value=50, initial=1)
    second = forms.IntegerField(label=PrizeLevel.SECOND.label + " (số giải)", min_value=0,
                                max_value=50, initial=2)
    third = forms.IntegerField(label=PrizeLevel.THIRD.label + " (số giải)", min_value=0,
                               max_value=50, initial=3)
    consolation = forms.IntegerField(label=PrizeLevel.CONSOLATION.label + " (số giải)",
                                     min_value=0, max_value=200, initial=5)
    collectives = forms.IntegerField(
        label="Giải tập thể (số đơn vị đạt giải)", min_value=0, max_value=50, initial=3)
    collective_by = forms.ChoiceField(
        label="Xét giải tập thể theo", initial="rate",
        choices=[("rate", "Tỷ lệ cán bộ tham gia cao nhất"),
                 ("count", "Số người tham gia nhiều nhất")])

    def counts(self) -> dict:
        d = self.cleaned_data
        return {PrizeLevel.FIRST: d["first"], PrizeLevel.SECOND: d["second"],
                PrizeLevel.THIRD: d["third"], PrizeLevel.CONSOLATION: d["consolation"]}
