import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "award_types.json"


def seed(apps, schema_editor):
    AwardType = apps.get_model("history", "AwardType")
    rows = json.loads(DATA.read_text(encoding="utf-8"))["awards"]
    for rank, row in enumerate(rows):
        AwardType.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "kind": row["kind"],
                "subject": row["subject"],
                "level": row["level"],
                "aliases": row.get("aliases", []),
                "rank": rank,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("history", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
