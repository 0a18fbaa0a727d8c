# Secret ballots are sealed sheets now (docs/decisions/secret-ballot.md): the per-item casts
# and per-ballot counters go. A meeting still open for voting under the old storage has no
# key to seal to: it returns to preparation with its counters zeroed, and the chair opens it
# again with a passphrase (members vote again).

from django.db import migrations


def reset_unsealed_voting(apps, schema_editor):
    Meeting = apps.get_model("nominations", "Meeting")
    AgendaItem = apps.get_model("nominations", "AgendaItem")
    stale = Meeting.objects.filter(status="voting", ballot_public_key="")
    AgendaItem.objects.filter(meeting__in=stale).update(agree=0, disagree=0)
    stale.update(status="preparing")


def autovacuum_sealed(apps, schema_editor):
    """PostgreSQL: vacuum the sealed-sheet table as soon as any row is deleted (the tally), so
    dead versions of the sheets do not wait for the default 20% threshold."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE nominations_sealedballot SET (autovacuum_vacuum_threshold = 0, "
        "autovacuum_vacuum_scale_factor = 0)")


class Migration(migrations.Migration):

    dependencies = [
        ('nominations', '0008_council_required'),
    ]

    operations = [
        migrations.RunPython(reset_unsealed_voting, migrations.RunPython.noop),
        migrations.DeleteModel(
            name='BallotCast',
        ),
        migrations.RunPython(autovacuum_sealed, migrations.RunPython.noop),
    ]
