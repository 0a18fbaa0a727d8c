"""The deploy tests start the system as separate processes on a database of their own, of the
same kind the suite runs on: a fresh SQLite file, or a fresh PostgreSQL database on the server
that DATABASE_URL names (created here, dropped afterwards)."""

import os
import subprocess
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest


def suite_on_postgresql() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


class FreshDatabases:
    def __init__(self, tmp_path):
        self.tmp_path = tmp_path
        self.created: list[tuple[str, str]] = []

    def _admin(self, base: str, sql: str) -> None:
        parts = urlsplit(base)
        env = dict(os.environ)
        if parts.password:
            env["PGPASSWORD"] = parts.password
        args = ["psql", "-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432),
                "-U", parts.username or "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1",
                "-qc", sql]
        subprocess.run(args, check=True, capture_output=True, env=env)

    def new(self, label: str) -> str:
        """The URL of a new, empty database."""
        if not suite_on_postgresql():
            return f"sqlite:///{self.tmp_path / label}.sqlite3"
        base = os.environ["DATABASE_URL"]
        name = f"tdkt_deploy_{uuid.uuid4().hex[:10]}_{label}"
        self._admin(base, f'CREATE DATABASE "{name}"')
        self.created.append((base, name))
        parts = urlsplit(base)
        return urlunsplit(parts._replace(path=f"/{name}"))

    def drop_all(self) -> None:
        for base, name in self.created:
            self._admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def fresh_databases(tmp_path):
    databases = FreshDatabases(tmp_path)
    yield databases
    databases.drop_all()


@pytest.fixture(scope="module")
def module_databases(tmp_path_factory):
    databases = FreshDatabases(tmp_path_factory.mktemp("databases"))
    yield databases
    databases.drop_all()
