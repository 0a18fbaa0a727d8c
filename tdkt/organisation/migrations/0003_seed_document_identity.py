"""Seed the document identity of the 34 Sở Tư pháp and 34 THADS offices of a database whose
units are already loaded (new databases get them from the org loader)."""

from django.db import migrations


def seed(apps, schema_editor):
    from tdkt.organisation.identity import seed_identities
    from tdkt.organisation.loader import read_catalogue

    Unit = apps.get_model("organisation", "Unit")
    Identity = apps.get_model("organisation", "UnitDocumentIdentity")
    if not Unit.objects.exists():
        return
    rows = {row["code"]: row for row in read_catalogue()["units"]}
    seed_identities(Unit, Identity, rows)


class Migration(migrations.Migration):
    dependencies = [("organisation", "0002_unit_document_identity")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
