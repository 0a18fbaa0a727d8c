"""The database-role layout of docs/deploy.md on PostgreSQL: an owner role migrates; the
application's role, given deploy/postgresql-grants.sql, runs the system but can neither change
the schema nor change or delete audit entries."""

import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.deploy.conftest import suite_on_postgresql

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not suite_on_postgresql(),
                                reason="PostgreSQL roles: runs when the suite runs on PostgreSQL")


def server() -> tuple[str, str, str]:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return parts.hostname or "127.0.0.1", str(parts.port or 5432), parts.username or "postgres"


def psql(user: str, database: str, *args, ok=True) -> subprocess.CompletedProcess:
    host, port, _ = server()
    done = subprocess.run(["psql", "-h", host, "-p", port, "-U", user, "-d", database,
                           "-v", "ON_ERROR_STOP=1", "-X", "-q", *args],
                          capture_output=True, text=True)
    if ok:
        assert done.returncode == 0, done.stderr
    return done


def manage(url: str, *args) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env.update({"DATABASE_URL": url, "SECRET_KEY": "roles-test-" + "x" * 40,
                "TDKT_ADMIN_PASSWORD": "Quan-Tri-He-Thong-2026"})
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture
def roles():
    host, port, admin = server()
    tag = uuid.uuid4().hex[:8]
    owner, app, database = f"tdkt_owner_{tag}", f"tdkt_app_{tag}", f"tdkt_roles_{tag}"
    psql(admin, "postgres", "-c", f'CREATE ROLE "{owner}" LOGIN')
    psql(admin, "postgres", "-c", f'CREATE ROLE "{app}" LOGIN')
    psql(admin, "postgres", "-c", f'CREATE DATABASE "{database}" OWNER "{owner}"')
    yield owner, app, database, f"postgres://{{}}@{host}:{port}/{database}"
    psql(admin, "postgres", "-c", f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    psql(admin, "postgres", "-c", f'DROP ROLE IF EXISTS "{app}"')
    psql(admin, "postgres", "-c", f'DROP ROLE IF EXISTS "{owner}"')


def test_the_application_role_writes_rows_but_not_the_schema_nor_the_audit_log(roles):
    owner, app, database, url = roles
    manage(url.format(owner), "migrate", "--noinput")
    psql(owner, database, "-v", f"app_role={app}", "-f", str(ROOT / "deploy/postgresql-grants.sql"))

    # The application's role runs the system: what `make serve` runs, then a state change.
    manage(url.format(app), "migrate", "--noinput")  # nothing to apply: only reads
    manage(url.format(app), "load_organisation", "--if-empty")
    manage(url.format(app), "create_admin", "quantri", "--full-name", "Nguyễn Văn An",
           "--email", "quantri@moj.gov.vn")
    assert psql(app, database, "-Atc", "SELECT count(*) FROM audit_action").stdout.strip() != "0"
    psql(app, database, "-c", "UPDATE accounts_user SET email = 'moi@moj.gov.vn'")

    for statement in ("UPDATE audit_action SET note = 'sửa'", "DELETE FROM audit_action",
                      "TRUNCATE audit_action", "CREATE TABLE ngoai_le (id int)",
                      "DROP TABLE people_person", "ALTER TABLE accounts_user ADD COLUMN x int"):
        refused = psql(app, database, "-c", statement, ok=False)
        assert refused.returncode != 0, statement
        assert "permission denied" in refused.stderr or "must be owner" in refused.stderr, (
            statement, refused.stderr)
