from django import forms
from django.contrib.auth.password_validation import validate_password

from tdkt.organisation.models import Unit
from tdkt.people.models import Person

from .models import Role


class UnitCodeField(forms.CharField):
    def clean(self, value):
        code = super().clean(value).strip().upper()
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise forms.ValidationError(f"Không có đơn vị mã {code}.")
        return unit


class UserCreateForm(forms.Form):
    username = forms.RegexField(
        label="Tên đăng nhập",
        regex=r"^[a-z0-9._-]{3,40}$",
        error_messages={
            "invalid": "Chỉ dùng chữ thường không dấu, số, dấu chấm, gạch (3–40 ký tự)."
        },
    )
    full_name = forms.CharField(
        label="Họ và tên", max_length=120,
        help_text="Viết theo thứ tự họ, tên đệm, tên (ví dụ: Nguyễn Thị Hiền); khi liên kết "
                  "hồ sơ cán bộ, tài khoản dùng họ tên trong hồ sơ.")
    password = forms.CharField(label="Mật khẩu ban đầu", widget=forms.PasswordInput)
    id_number = forms.CharField(
        label="Số định danh của cán bộ (để liên kết hồ sơ, không bắt buộc)",
        required=False,
        max_length=12,
    )

    def clean_password(self):
        password = self.cleaned_data["password"]
        validate_password(password)
        return password

    def clean_id_number(self):
        number = self.cleaned_data["id_number"].strip()
        if not number:
            return None
        person = Person.objects.filter(id_number=number).first()
        if person is None:
            raise forms.ValidationError("Không tìm thấy cán bộ có số định danh này.")
        return person


class RoleAssignForm(forms.Form):
    role = forms.ChoiceField(label="Vai trò", choices=Role.choices)
    unit = UnitCodeField(label="Mã đơn vị (phạm vi gồm đơn vị và cấp dưới)", max_length=40)


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label="Mã xác thực (6 chữ số) hoặc mã khôi phục",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )
