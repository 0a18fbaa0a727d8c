"""Configuration kept by the emulation department: per-award settings and the working-day
calendar (holidays and weekend days worked). Views validate with the forms and call these."""

from __future__ import annotations

from django.db import transaction

from tdkt.audit.services import record

from ..models import AwardSetting, Holiday
from .common import require_dept

HOLIDAY_FIELDS = ("day", "kind", "name", "status")
SETTING_FIELDS = ("disclosure_required", "disclosure_working_days", "vote_threshold_percent",
                  "vote_denominator", "dossier", "status", "note")


@transaction.atomic
def add_holiday(actor, data: dict) -> Holiday:
    require_dept(actor)
    holiday = Holiday.objects.create(**{f: data[f] for f in HOLIDAY_FIELDS if f in data})
    record(actor, "holiday.create", holiday, {"day": [None, holiday.day]})
    return holiday


@transaction.atomic
def delete_holiday(actor, holiday: Holiday) -> None:
    require_dept(actor)
    holiday = Holiday.objects.select_for_update().get(pk=holiday.pk)
    record(actor, "holiday.delete", holiday, {"day": [holiday.day, None]})
    holiday.delete()


@transaction.atomic
def update_award_setting(actor, setting: AwardSetting, data: dict) -> AwardSetting:
    """Save the given fields; the audit row holds each changed field as [old, new]. The row is
    locked and re-read, so `old` is what was stored, whatever the caller's object holds."""
    require_dept(actor)
    setting = AwardSetting.objects.select_for_update().get(pk=setting.pk)
    changed = {}
    for field in SETTING_FIELDS:
        if field not in data:
            continue
        old, new = getattr(setting, field), data[field]
        if old != new:
            changed[field] = [str(old), str(new)]
            setattr(setting, field, new)
    if changed:
        setting.save(update_fields=list(changed))
    record(actor, "award_setting.update", setting, changed)
    return setting
