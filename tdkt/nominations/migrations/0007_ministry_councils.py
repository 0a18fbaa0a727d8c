"""Data: the council seats and meetings kept per year (before councils per unit) move into one
council of the Ministry unit (BTP) per year present, its term that calendar year."""

import datetime

from django.db import migrations

MINISTRY = "BTP"


def forwards(apps, schema_editor):
    CouncilMember = apps.get_model("nominations", "CouncilMember")
    Meeting = apps.get_model("nominations", "Meeting")
    Council = apps.get_model("nominations", "Council")
    Unit = apps.get_model("organisation", "Unit")
    years = set(CouncilMember.objects.filter(council__isnull=True, year__isnull=False)
                .values_list("year", flat=True))
    years |= set(Meeting.objects.filter(council__isnull=True).values_list("year", flat=True))
    if not years:
        return
    ministry = Unit.objects.filter(code=MINISTRY).first()
    if ministry is None:
        raise RuntimeError("Council rows exist but the Ministry unit (BTP) is missing.")
    for year in sorted(years):
        council = Council.objects.create(
            unit=ministry, name="Hội đồng Thi đua - Khen thưởng Bộ Tư pháp",
            term_start=datetime.date(year, 1, 1), term_end=datetime.date(year, 12, 31),
        )
        CouncilMember.objects.filter(council__isnull=True, year=year).update(council=council)
        Meeting.objects.filter(council__isnull=True, year=year).update(
            council=council)


def backwards(apps, schema_editor):
    CouncilMember = apps.get_model("nominations", "CouncilMember")
    Meeting = apps.get_model("nominations", "Meeting")
    Council = apps.get_model("nominations", "Council")
    for council in Council.objects.all():
        CouncilMember.objects.filter(council=council, year__isnull=True).update(
            year=council.term_start.year)
    CouncilMember.objects.update(council=None)
    Meeting.objects.update(council=None)
    Council.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("nominations", "0006_councils_per_unit"),
        ("organisation", "0003_seed_document_identity"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
