"""The shared cache's table (settings.CACHES, the database cache by default).

Created by `migrate` itself, so a fresh install, `make run`, `make serve` and the test database
all have it without a separate `createcachetable` step. The table is created even when Redis is
configured, so switching back to the database cache needs nothing more. The name is fixed here
(migrations must not follow settings); it equals tdkt.settings.CACHE_TABLE.
"""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "tdkt_cache"


def create_table(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)  # skips if present


def drop_table(apps, schema_editor):
    connection = schema_editor.connection
    if TABLE in connection.introspection.table_names():
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {connection.ops.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_table, drop_table)]
