from django import forms

from tdkt.core.forms import DateField, DateInput, date_formfield  # noqa: F401 - DateInput kept for old imports
from tdkt.core.text import normalise_name
from tdkt.organisation.models import Unit

from .models import Person


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "full_name",
            "gender",
            "date_of_birth",
            "position",
            "is_leader",
            "is_frontline",
            "joined_sector_on",
            "ethnicity",
            "home_town",
            "residence",
            "political_theory",
            "qualification",
            "academic_title",
        ]
        formfield_callback = date_formfield

    def clean_full_name(self):
        name = normalise_name(self.cleaned_data["full_name"])
        if len(name.split()) < 2:
            raise forms.ValidationError("Nhập đầy đủ họ và tên.")
        return name

    def clean(self):
        data = super().clean()
        born, joined = data.get("date_of_birth"), data.get("joined_sector_on")
        if born and joined and joined <= born:
            self.add_error("joined_sector_on", "Ngày vào ngành phải sau ngày sinh.")
        return data


class MoveForm(forms.Form):
    to_unit_code = forms.CharField(label="Mã đơn vị chuyển đến", max_length=40)
    moved_on = DateField(label="Ngày chuyển")
    note = forms.CharField(label="Ghi chú (số quyết định…)", max_length=255, required=False)

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope

    def clean_to_unit_code(self):
        code = self.cleaned_data["to_unit_code"].strip().upper()
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise forms.ValidationError(f"Không có đơn vị mã {code}.")
        if not self.scope.can_write(unit):
            raise forms.ValidationError("Đơn vị chuyển đến nằm ngoài phạm vi quản lý của bạn.")
        self.cleaned_data["to_unit"] = unit
        return code
