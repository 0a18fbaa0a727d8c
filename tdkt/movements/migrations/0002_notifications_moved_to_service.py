"""Movements' notifications move to the one notification service (tdkt.notifications):
existing rows are copied there first (a row marked read is read for every officer who then
served its unit), then the old table goes."""

from django.db import migrations

RECIPIENT_ROLES = ("unit_officer", "unit_head", "emulation_dept")


def copy_rows(apps, schema_editor):
    Old = apps.get_model("movements", "Notification")
    New = apps.get_model("notifications", "Notification")
    Read = apps.get_model("notifications", "NotificationRead")
    RoleAssignment = apps.get_model("accounts", "RoleAssignment")
    readers = {}
    for unit_id, user_id in RoleAssignment.objects.filter(
            role__in=RECIPIENT_ROLES).values_list("unit_id", "user_id"):
        readers.setdefault(unit_id, set()).add(user_id)
    old_rows = list(Old.objects.order_by("pk"))
    for start in range(0, len(old_rows), 500):
        chunk = old_rows[start:start + 500]
        batch = f"movements-{start}"
        New.objects.bulk_create([
            New(unit_id=o.recipient_unit_id, user_id=o.recipient_user_id, kind=o.kind,
                message=o.message, link=o.link, created_at=o.created_at, batch=batch)
            for o in chunk
        ])
        made = list(New.objects.filter(batch=batch).order_by("pk").values_list("pk", flat=True))
        reads = []
        for o, pk in zip(chunk, made, strict=True):
            if o.is_read:
                who = {o.recipient_user_id} if o.recipient_user_id else readers.get(
                    o.recipient_unit_id, set())
                reads += [Read(notification_id=pk, user_id=u, read_at=o.created_at) for u in who]
        Read.objects.bulk_create(reads, batch_size=1000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("movements", "0001_initial"),
        ("notifications", "0001_initial"),
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(copy_rows, migrations.RunPython.noop),
        migrations.DeleteModel(name="Notification"),
    ]
