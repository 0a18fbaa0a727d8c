"""State changes on the record. Each runs in one transaction and is audited."""

from django.db import transaction

from tdkt.audit.services import record


def _label(entry) -> str:
    return type(entry)._meta.model_name


def _values(entry, fields) -> dict:
    values = {}
    for name in fields:
        value = getattr(entry, name)
        values[name] = str(value) if hasattr(value, "_meta") else value
    return values


@transaction.atomic
def save_entry(actor, entry, data: dict, fields: list[str]):
    """Create or correct one record entry (rating, title, award…) from validated form data."""
    creating = entry.pk is None
    # (a ModelForm has already copied its data onto `entry`: compare with the stored row)
    before = {} if creating else _values(type(entry).objects.get(pk=entry.pk), fields)
    for name in fields:
        setattr(entry, name, data[name])
    entry.full_clean()
    entry.save()
    after = _values(entry, fields)
    if creating:
        changes = {name: [None, value] for name, value in after.items()}
        record(actor, f"history.{_label(entry)}.create", entry, changes)
    else:
        changes = {n: [before[n], after[n]] for n in fields if before[n] != after[n]}
        if changes:
            record(actor, f"history.{_label(entry)}.update", entry, changes)
    return entry


@transaction.atomic
def delete_entry(actor, entry, fields: list[str]) -> None:
    values = _values(entry, fields)
    record(
        actor, f"history.{_label(entry)}.delete", entry,
        {name: [value, None] for name, value in values.items()},
    )
    entry.delete()
