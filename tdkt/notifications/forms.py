from django import forms

from .models import Delivery


class PreferenceForm(forms.Form):
    delivery = forms.ChoiceField(
        label="Cách nhận thông báo", choices=Delivery.choices, widget=forms.RadioSelect,
        error_messages={"required": "Chọn một cách nhận thông báo.",
                        "invalid_choice": "Lựa chọn không hợp lệ."},
    )
