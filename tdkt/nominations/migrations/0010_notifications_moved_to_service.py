"""Nominations' notifications move to the one notification service (tdkt.notifications):
existing rows are copied there first (keys kept, in the service's per-recipient form, so a
reminder already sent today is not sent again; a row marked read is read for every officer
who then served its unit), then the old table goes."""

from django.db import migrations

RECIPIENT_ROLES = ("unit_officer", "unit_head", "emulation_dept")


def copy_rows(apps, schema_editor):
    Old = apps.get_model("nominations", "Notification")
    New = apps.get_model("notifications", "Notification")
    Read = apps.get_model("notifications", "NotificationRead")
    RoleAssignment = apps.get_model("accounts", "RoleAssignment")
    readers = {}
    for unit_id, user_id in RoleAssignment.objects.filter(
            role__in=RECIPIENT_ROLES).values_list("unit_id", "user_id"):
        readers.setdefault(unit_id, set()).add(user_id)
    taken = set(New.objects.filter(key__isnull=False).values_list("key", flat=True))
    # a key already used through the service since (same reminder, same day): keep that one
    old_rows = [o for o in Old.objects.order_by("pk")
                if not o.key or f"{o.key}|u{o.unit_id}" not in taken]
    for start in range(0, len(old_rows), 500):
        chunk = old_rows[start:start + 500]
        batch = f"nominations-{start}"
        New.objects.bulk_create([
            New(unit_id=o.unit_id, kind="reminder" if o.key else "nomination",
                message=o.message, link=o.link, created_at=o.created_at, batch=batch,
                key=f"{o.key}|u{o.unit_id}" if o.key else None)
            for o in chunk
        ])
        made = list(New.objects.filter(batch=batch).order_by("pk").values_list("pk", flat=True))
        Read.objects.bulk_create([
            Read(notification_id=pk, user_id=user_id, read_at=o.created_at)
            for o, pk in zip(chunk, made, strict=True) if o.is_read
            for user_id in readers.get(o.unit_id, ())
        ], batch_size=1000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("nominations", "0009_remove_per_item_ballot_casts"),
        ("notifications", "0001_initial"),
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(copy_rows, migrations.RunPython.noop),
        migrations.DeleteModel(name="Notification"),
    ]
