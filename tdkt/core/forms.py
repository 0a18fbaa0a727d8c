"""Shared form pieces (issue 16 item 4: forms people expect).

Every date in every form is a native date input (`<input type="date">`): the browser shows its
own picker and, with the page in Vietnamese (`<html lang="vi">`), displays the day as
dd/mm/yyyy. The widget's value is always ISO yyyy-mm-dd (the only value a date input accepts);
the field also accepts dd/mm/yyyy typed by hand (a browser without a picker shows a text box)
and by older clients and tests.

    from tdkt.core.forms import DateField, date_formfield
    when = DateField(label="Ngày họp")       # a declared field
    class Meta:                              # a ModelForm: its model's date fields too
        formfield_callback = date_formfield

tests/ux/test_forms.py walks every form of the project and fails on a date field that is not
this widget.
"""

from django import forms
from django.db import models

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]
INVALID_DATE = "Ngày không hợp lệ — chọn ngày hoặc nhập theo dạng dd/mm/yyyy."


class DateInput(forms.DateInput):
    """A native date input; renders its value as ISO yyyy-mm-dd as HTML requires."""

    input_type = "date"

    def __init__(self, attrs=None, format=None):  # noqa: A002 - Django's own argument name
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateField(forms.DateField):
    widget = DateInput
    input_formats = DATE_INPUT_FORMATS
    default_error_messages = {"invalid": INVALID_DATE}

    def __init__(self, *, input_formats=None, widget=None, **kwargs):
        # Whatever a caller passes, the widget stays the native date input and both the widget's
        # ISO value and a typed dd/mm/yyyy are accepted.
        if widget is not None and not isinstance(widget, DateInput) and not (
                isinstance(widget, type) and issubclass(widget, DateInput)):
            widget = None
        super().__init__(input_formats=DATE_INPUT_FORMATS, widget=widget, **kwargs)


def date_formfield(db_field, **kwargs):
    """A ModelForm `formfield_callback`: model DateFields (not DateTimeFields) get DateField."""
    if isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField):
        kwargs["form_class"] = DateField
        kwargs.pop("widget", None)
    return db_field.formfield(**kwargs)

