"""The daily reminder commands share one shape (tdkt/core/reminders.py)."""

import io

import pytest
from django.core.management import CommandError, call_command

COMMANDS = ("send_movement_reminders", "send_inspection_reminders", "send_report_reminders")


@pytest.mark.django_db
@pytest.mark.parametrize("name", COMMANDS)
def test_bad_date_and_negative_days_are_refused_in_vietnamese(name):
    with pytest.raises(CommandError, match="dd/mm/yyyy"):
        call_command(name, "--date", "2026-12-31", stdout=io.StringIO())
    with pytest.raises(CommandError, match="--days phải ≥ 0"):
        call_command(name, "--days", "-1", stdout=io.StringIO())


@pytest.mark.django_db
@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_reports_what_it_sent(name):
    out = io.StringIO()
    call_command(name, "--date", "15/12/2026", stdout=out)
    assert out.getvalue().startswith("Đã ")


@pytest.mark.django_db
def test_enqueue_hands_the_work_to_the_task_worker():
    out = io.StringIO()
    call_command("send_inspection_reminders", "--enqueue", stdout=out)
    assert "vào hàng đợi" in out.getvalue()
    with pytest.raises(CommandError):  # reports has no task: no --enqueue option
        call_command("send_report_reminders", "--enqueue", stdout=io.StringIO())
