"""The audit table refuses UPDATE and DELETE at the database (tdkt/audit/triggers.py)."""

from django.db import migrations

# The SQL is copied here, not imported, so that this migration keeps meaning what it meant.
POSTGRESQL_CREATE = """
CREATE OR REPLACE FUNCTION audit_action_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_action is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_action_append_only ON audit_action;
CREATE TRIGGER audit_action_append_only BEFORE UPDATE OR DELETE ON audit_action
    FOR EACH ROW EXECUTE FUNCTION audit_action_append_only();
"""
POSTGRESQL_DROP = """
DROP TRIGGER IF EXISTS audit_action_append_only ON audit_action;
DROP FUNCTION IF EXISTS audit_action_append_only();
"""
SQLITE_CREATE = [
    """CREATE TRIGGER IF NOT EXISTS audit_action_no_update BEFORE UPDATE ON audit_action
    BEGIN SELECT RAISE(ABORT, 'audit_action is append-only (UPDATE refused)'); END""",
    """CREATE TRIGGER IF NOT EXISTS audit_action_no_delete BEFORE DELETE ON audit_action
    BEGIN SELECT RAISE(ABORT, 'audit_action is append-only (DELETE refused)'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_action_no_update",
    "DROP TRIGGER IF EXISTS audit_action_no_delete",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_CREATE, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_CREATE:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_DROP, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
