from django import forms
from django.core.exceptions import ValidationError

from tdkt.core.forms import DateField
from tdkt.core.uploads import validate_upload
from tdkt.organisation.models import Unit

from .models import (
    COLLECTIVE_TITLES,
    INDIVIDUAL_TITLES,
    CriterionKind,
    DocumentKind,
    Movement,
    MovementKind,
    TitleCode,
)


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class MovementForm(forms.Form):
    launching_unit = forms.ChoiceField(label="Đơn vị phát động")
    name = forms.CharField(label="Tên phong trào", max_length=300)
    kind = forms.ChoiceField(label="Loại phong trào", choices=MovementKind.choices)
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)
    theme = forms.CharField(label="Chủ đề", max_length=400, required=False)
    starts_on = DateField(label="Từ ngày")
    ends_on = DateField(label="Đến ngày")
    registration_deadline = DateField(
        label="Hạn đăng ký thi đua", required=False
    )
    parent = forms.ModelChoiceField(
        label="Phong trào cấp trên (nếu có)", queryset=Movement.objects.none(), required=False
    )
    objectives = forms.CharField(
        label="Nội dung thi đua (mỗi dòng một nội dung: Một là…, Hai là…)",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Nhập ít nhất một nội dung thi đua."},
    )
    unit_codes = forms.CharField(
        label="Đơn vị tham gia (mã đơn vị, mỗi dòng một mã; để trống = toàn bộ đơn vị cấp dưới)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, units, parents, locked=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["launching_unit"].choices = [(u.pk, f"{u.name} ({u.code})") for u in units]
        self.fields["parent"].queryset = parents
        self.locked = locked
        if locked:  # launched: scope, period start, objectives are fixed
            for name in ("launching_unit", "kind", "year", "starts_on", "parent", "objectives",
                         "unit_codes"):
                self.fields[name].disabled = True
                self.fields[name].required = False
        self.units = {str(u.pk): u for u in units}

    def clean_launching_unit(self):
        value = self.cleaned_data.get("launching_unit")
        if self.locked:
            return None
        unit = self.units.get(str(value))
        if unit is None:
            raise ValidationError("Chọn đơn vị phát động trong phạm vi quản lý của bạn.")
        return unit

    def clean_objectives(self):
        if self.locked:
            return None
        items = lines(self.cleaned_data.get("objectives"))
        if not items:
            raise ValidationError("Nhập ít nhất một nội dung thi đua.")
        if len(items) > 10:
            raise ValidationError("Tối đa mười nội dung thi đua.")
        return items

    def clean_unit_codes(self):
        return lines(self.cleaned_data.get("unit_codes"))

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "Ngày kết thúc phải sau ngày bắt đầu.")
        deadline = data.get("registration_deadline")
        if deadline and ends and deadline > ends:
            self.add_error("registration_deadline", "Hạn đăng ký phải trong thời gian phong trào.")
        if not self.locked and data.get("kind") == MovementKind.REGULAR and starts and ends:
            if starts.year != ends.year:
                self.add_error("ends_on", "Phong trào thường xuyên diễn ra trong một năm.")
        return data


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label="Loại văn bản", choices=DocumentKind.choices)
    title = forms.CharField(label="Trích yếu", max_length=300)
    file = forms.FileField(
        label="Tệp (PDF, DOC, DOCX)",
        error_messages={"required": "Chọn tệp văn bản.", "empty": "Tệp rỗng."},
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        validate_upload(uploaded, "movement_file")
        return uploaded


def title_choices(codes):
    return [("", "— Không đăng ký —")] + [(c.value, c.label) for c in codes]


class RegistrationForm(forms.Form):
    collective_title = forms.ChoiceField(
        label="Danh hiệu tập thể đăng ký", choices=title_choices(COLLECTIVE_TITLES), required=False
    )
    targets = forms.CharField(
        label="Chỉ tiêu thi đua (mỗi dòng một chỉ tiêu)",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    commitment = forms.CharField(
        label="Cam kết, ghi chú", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, people, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = list(people)
        for person in self.people:
            self.fields[f"p_{person.pk}"] = forms.ChoiceField(
                label=person.full_name, choices=title_choices(INDIVIDUAL_TITLES), required=False,
                initial=current.get(person.pk, ""),
            )

    def person_rows(self):
        return [(p, self[f"p_{p.pk}"]) for p in self.people]

    def clean_targets(self):
        items = lines(self.cleaned_data.get("targets"))
        if any(len(t) > 500 for t in items):
            raise ValidationError("Mỗi chỉ tiêu tối đa 500 ký tự.")
        return items

    def clean(self):
        data = super().clean()
        if not data.get("targets") and not data.get("collective_title"):
            raise ValidationError("Nhập ít nhất một chỉ tiêu hoặc chọn danh hiệu tập thể.")
        data["individuals"] = {
            p.pk: data[f"p_{p.pk}"] for p in self.people if data.get(f"p_{p.pk}")
        }
        return data


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="Lý do trả lại, nội dung cần bổ sung",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Nhập lý do trả lại để đơn vị bổ sung."},
    )


class ProgressForm(forms.Form):
    reported_on = DateField(label="Ngày báo cáo")
    note = forms.CharField(
        label="Tình hình chung", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, targets, latest, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = list(targets)
        for t in self.targets:
            prev = latest.get(t.pk)
            self.fields[f"pct_{t.pk}"] = forms.IntegerField(
                label=f"{t.order}. {t.text}", min_value=0, max_value=100,
                initial=prev.percent if prev else 0,
                error_messages={"min_value": "Từ 0 đến 100%.", "max_value": "Từ 0 đến 100%.",
                                "required": "Nhập mức độ hoàn thành.",
                                "invalid": "Nhập một số nguyên."},
            )
            self.fields[f"note_{t.pk}"] = forms.CharField(
                label="Kết quả cụ thể", max_length=500, required=False,
                initial=prev.note if prev else "",
            )

    def target_rows(self):
        return [(t, self[f"pct_{t.pk}"], self[f"note_{t.pk}"]) for t in self.targets]

    def items(self):
        return {
            t.pk: (self.cleaned_data[f"pct_{t.pk}"], self.cleaned_data.get(f"note_{t.pk}", ""))
            for t in self.targets
        }


class ReviewForm(forms.Form):
    held_on = DateField(label="Ngày tổ chức")
    results = forms.CharField(label="Kết quả đạt được", widget=forms.Textarea(attrs={"rows": 4}))
    findings = forms.CharField(
        label="Hạn chế, bài học kinh nghiệm", widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class ProposalForm(forms.Form):
    SUBJECTS = [("unit", "Tập thể (mã đơn vị)"), ("person", "Cá nhân (số định danh)")]
    subject_kind = forms.ChoiceField(label="Đối tượng", choices=SUBJECTS)
    identifier = forms.CharField(label="Mã đơn vị hoặc số định danh cá nhân", max_length=40)
    award_code = forms.ChoiceField(label="Hình thức đề nghị", choices=TitleCode.choices)
    reason = forms.CharField(label="Thành tích", widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        from tdkt.people.models import Person

        data = super().clean()
        kind, ident = data.get("subject_kind"), (data.get("identifier") or "").strip()
        if not kind or not ident:
            return data
        data["unit"] = data["person"] = None
        if kind == "unit":
            data["unit"] = Unit.objects.filter(code=ident.upper()).first()
            if data["unit"] is None:
                self.add_error("identifier", f"Không có đơn vị mã {ident.upper()}.")
        else:
            data["person"] = Person.objects.select_related("unit").filter(id_number=ident).first()
            if data["person"] is None:
                self.add_error("identifier", "Không tìm thấy cán bộ có số định danh này.")
        return data


class LeadershipForm(forms.Form):
    head = forms.ChoiceField(label="Cụm trưởng")
    deputies = forms.MultipleChoiceField(
        label="Cụm phó", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(m.unit.pk, f"{m.unit.name} ({m.unit.code})") for m in memberships]
        self.fields["head"].choices = choices
        self.fields["deputies"].choices = choices
        self.units = {str(m.unit.pk): m.unit for m in memberships}

    def clean(self):
        data = super().clean()
        head = self.units.get(str(data.get("head")))
        deputies = [self.units[d] for d in data.get("deputies", []) if d in self.units]
        if head and head in deputies:
            self.add_error("deputies", "Cụm trưởng không đồng thời là cụm phó.")
        if len(deputies) > 3:
            self.add_error("deputies", "Tối đa ba cụm phó.")
        data["head_unit"], data["deputy_units"] = head, deputies
        return data


class PactForm(forms.Form):
    signed_on = DateField(label="Ngày ký giao ước")
    place = forms.CharField(label="Địa điểm", max_length=200, required=False)
    content = forms.CharField(
        label="Nội dung giao ước", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    scoring_deadline = DateField(
        label="Hạn các đơn vị tự chấm điểm", required=False
    )
    targets = forms.CharField(
        label="Chỉ tiêu giao ước (mỗi dòng một chỉ tiêu)",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Nhập ít nhất một chỉ tiêu giao ước."},
    )

    def clean_targets(self):
        items = lines(self.cleaned_data["targets"])
        if not items:
            raise ValidationError("Nhập ít nhất một chỉ tiêu giao ước.")
        return items


class CriterionForm(forms.Form):
    kind = forms.ChoiceField(label="Loại", choices=CriterionKind.choices)
    title = forms.CharField(label="Tiêu chí", max_length=400)
    max_points = forms.DecimalField(
        label="Điểm tối đa", max_digits=6, decimal_places=2, min_value=0.01,
        error_messages={"min_value": "Điểm tối đa phải lớn hơn 0.", "invalid": "Nhập một số."},
    )
    evidence_required = forms.CharField(
        label="Tài liệu kiểm chứng yêu cầu", max_length=400, required=False
    )


class VoteForm(forms.Form):
    voter = forms.ChoiceField(label="Đơn vị bỏ phiếu")
    candidate = forms.ChoiceField(label="Suy tôn đơn vị")

    def __init__(self, *args, voters, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["voter"].choices = [(u.pk, u.name) for u in voters]
        self.fields["candidate"].choices = [(u.pk, u.name) for u in candidates]
        self.units = {str(u.pk): u for u in [*voters, *candidates]}

    def clean(self):
        data = super().clean()
        data["voter_unit"] = self.units.get(str(data.get("voter")))
        data["candidate_unit"] = self.units.get(str(data.get("candidate")))
        if data["voter_unit"] and data["voter_unit"] == data["candidate_unit"]:
            self.add_error("candidate", "Đơn vị không tự suy tôn mình.")
        return data


class CloseVoteForm(forms.Form):
    held_on = DateField(label="Ngày hội nghị")
    minutes = forms.CharField(
        label="Biên bản (tóm tắt)", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    minutes_file = forms.FileField(label="Tệp biên bản (PDF, DOC, DOCX)", required=False)

    def clean_minutes_file(self):
        uploaded = self.cleaned_data.get("minutes_file")
        validate_upload(uploaded, "movement_file")
        return uploaded

    def clean(self):
        data = super().clean()
        if not (data.get("minutes") or "").strip() and not data.get("minutes_file"):
            raise ValidationError("Nhập nội dung hoặc đính kèm biên bản hội nghị suy tôn.")
        return data
