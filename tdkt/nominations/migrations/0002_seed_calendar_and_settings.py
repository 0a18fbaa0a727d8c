import datetime
import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def seed(apps, schema_editor):
    Holiday = apps.get_model("nominations", "Holiday")
    AwardSetting = apps.get_model("nominations", "AwardSetting")
    days = json.loads((DATA / "holidays.json").read_text("utf-8"))["days"]
    Holiday.objects.bulk_create(
        [Holiday(day=datetime.date.fromisoformat(d), kind=k, name=n, status=s)
         for d, k, n, s in days],
        ignore_conflicts=True,
    )
    awards = json.loads((DATA / "award_settings.json").read_text("utf-8"))["awards"]
    AwardSetting.objects.bulk_create([AwardSetting(**a) for a in awards], ignore_conflicts=True)


def unseed(apps, schema_editor):
    apps.get_model("nominations", "Holiday").objects.all().delete()
    apps.get_model("nominations", "AwardSetting").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("nominations", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
