"""Forms people expect (issue 16 item 4): every date in every form is a native date input
(the browser's picker, shown dd/mm/yyyy in Vietnamese) whose value is ISO, and the server
accepts both what the widget sends (yyyy-mm-dd) and a date typed by hand (dd/mm/yyyy)."""

import datetime
import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from django import forms

import tdkt
from tdkt.core.forms import DateField, DateInput


def all_form_classes():
    for module in pkgutil.walk_packages(tdkt.__path__, "tdkt."):
        name = module.name
        if ".migrations" in name or ".management" in name or name.endswith("__main__"):
            continue
        if name.rsplit(".", 1)[-1] in ("settings", "settings_test", "wsgi", "serve",
                                        "gunicorn.conf"):
            continue
        importlib.import_module(name)

    seen, stack = set(), [forms.BaseForm]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                stack.append(sub)
    return sorted((c for c in seen if c.__module__.startswith("tdkt.")
                   and hasattr(c, "base_fields")), key=lambda c: c.__qualname__)


def date_fields():
    for cls in all_form_classes():
        for name, field in cls.base_fields.items():
            if isinstance(field, forms.DateField):
                yield f"{cls.__module__}.{cls.__qualname__}.{name}", field


def test_the_walk_finds_the_project_forms():
    found = dict(date_fields())
    # A sample of date fields that must be walked (if these move, update the names).
    assert any(key.endswith("MovementForm.starts_on") for key in found), sorted(found)
    assert any(".history." in key for key in found)
    assert any(".nominations." in key for key in found)
    assert len(found) > 30


def test_every_date_field_is_a_native_date_input():
    wrong = [key for key, field in date_fields()
             if not isinstance(field, DateField) or not isinstance(field.widget, DateInput)]
    assert not wrong, f"date fields without the shared native date input: {wrong}"


@pytest.mark.parametrize("typed", ["2026-03-09", "09/03/2026", "9/3/2026", " 09/03/2026 "])
def test_date_field_accepts_the_widget_value_and_typed_text(typed):
    assert DateField().clean(typed) == datetime.date(2026, 3, 9)


def test_date_field_refuses_nonsense_in_vietnamese():
    with pytest.raises(forms.ValidationError) as error:
        DateField().clean("31/02/2026")
    assert "dd/mm/yyyy" in error.value.messages[0]
    assert "Ngày" in error.value.messages[0]


def test_the_widget_renders_iso_for_the_browser():
    html = DateInput().render("ngay", datetime.date(2026, 3, 9))
    assert 'type="date"' in html and 'value="2026-03-09"' in html


# Destructive actions: a POST form that deletes, removes, revokes, resets, restarts or closes
# something, found by its target URL name, its hidden action value or its button's words.
DESTRUCTIVE_URL = re.compile(
    r"url '[a-z_]+:[a-z_]*(delete|remove|revoke|reset|restart|ballot_close|cancel|withdraw)")
DESTRUCTIVE_ACTION = re.compile(r'name="action" value="(delete|remove_item|cancel|withdraw)"')
DESTRUCTIVE_WORDS = re.compile(
    r"<button[^>]*>\s*(Xóa|Xoá|Hủy|Huỷ|Thu hồi|Rút|Gỡ|Bỏ|Thôi tham gia|Đặt lại|"
    r"Kết thúc bỏ phiếu|Dùng mẫu mặc định)", re.I)


def post_forms():
    for path in sorted(Path(tdkt.__file__).parent.rglob("templates/**/*.html")):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<form\b[^>]*>.*?</form>", text, re.S):
            form = match.group(0)
            head = form[: form.index(">") + 1]
            if 'method="post"' in head.lower():
                line = text[: match.start()].count("\n") + 1
                yield f"{path.relative_to(Path(tdkt.__file__).parent)}:{line}", head, form


def destructive_forms():
    return [(where, form) for where, head, form in post_forms()
            if DESTRUCTIVE_URL.search(head) or DESTRUCTIVE_ACTION.search(form)
            or DESTRUCTIVE_WORDS.search(form)]


def test_the_scan_finds_the_known_destructive_forms():
    found = " ".join(where for where, _ in destructive_forms())
    for template in ("nomination_detail.html", "user_detail.html", "ballot_close.html",
                     "entry_form.html", "findings.html", "configuration.html"):
        assert template in found, template


def test_every_destructive_form_asks_and_names_what_is_lost():
    missing = []
    for where, form in destructive_forms():
        confirm = re.search(r'data-confirm="([^"]+)"', form)
        if not confirm or "btn-danger" not in form:
            missing.append(where)
        elif len(confirm.group(1)) < 25 or not confirm.group(1).rstrip().endswith(
                ("?", ".")):
            missing.append(f"{where} (the question is too short to say what is lost)")
    assert not missing, f"destructive forms without a .btn-danger data-confirm button: {missing}"


def test_primary_action_to_create_a_meeting_is_not_folded_away():
    text = (Path(tdkt.__file__).parent
            / "nominations/templates/nominations/council.html").read_text(encoding="utf-8")
    block = text[text.index("{% if meeting_form %}"):]
    block = block[: block.index("{% endif %}")]
    assert "<details" not in block and "Tạo phiên họp</button>" in block
