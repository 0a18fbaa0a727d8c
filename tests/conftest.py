"""Shared fixtures. The sector's real organisation is loaded once per test database;
`cast` is the one permission cast every access test uses."""

import os
from dataclasses import dataclass

import pytest

from tests.factories import make_person, make_user

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by
# fixtures there are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _flush_past_audit_triggers():
    """SQLite: the audit table refuses DELETE (audit migration 0002), and the flush between
    transactional tests deletes every row; lift the triggers for the flush only. (PostgreSQL
    flushes with TRUNCATE, which fires no row trigger.)"""
    import importlib

    from django.db.backends.sqlite3.base import DatabaseOperations

    triggers = importlib.import_module("tdkt.audit.migrations.0002_append_only_trigger")
    sql_flush = DatabaseOperations.sql_flush

    def flush(self, style, tables, **kwargs):
        statements = sql_flush(self, style, tables, **kwargs)
        if "audit_action" in tables and statements:
            statements = [*triggers.SQLITE_DROP, *statements, *triggers.SQLITE_CREATE]
        return statements

    DatabaseOperations.sql_flush = flush


_flush_past_audit_triggers()


def pytest_collection_modifyitems(items):
    """A test outside tests/browser that takes a parameter named like a Playwright fixture
    (`page`, `browser`…) is parametrized by browser and grouped with the browser tests, so the
    database tests after it run after the transactional flush, without the organisation."""
    strays = [item.nodeid for item in items
              if "browser_name" in getattr(getattr(item, "callspec", None), "params", {})
              and not item.nodeid.startswith("tests/browser/")]
    if strays:
        raise pytest.UsageError(
            "Playwright fixtures outside tests/browser (rename the parameter): "
            + ", ".join(strays))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from tdkt.organisation.loader import load_organisation

    with django_db_blocker.unblock():
        load_organisation()


@pytest.fixture(autouse=True)
def _empty_cache(request):
    """Every test starts with an empty shared cache (rate-limit counters). The database cache
    is emptied inside the test's own database access (nothing to do for a test without one);
    Redis, which no transaction rolls back, is flushed (REDIS_URL: a database of its own)."""
    from django.core.cache import caches
    from django.core.cache.backends.db import BaseDatabaseCache

    cache = caches["default"]
    if isinstance(cache, BaseDatabaseCache):
        uses_db = request.node.get_closest_marker("django_db") or any(
            name in request.fixturenames for name in ("db", "transactional_db", "live_server"))
        if not uses_db:
            return
        request.getfixturevalue("db")  # the test's own transaction (or flush) decides
    cache.clear()


@dataclass
class Cast:
    """Unit A = Sở Tư pháp Hà Nội (STP-01), unit B = Sở Tư pháp TP.HCM (STP-79)."""

    unit_a: object
    unit_b: object
    person_a: object
    person_b: object
    officer_a: object
    officer_b: object
    head_a: object
    staff_a: object
    admin: object


@pytest.fixture
def cast(db):
    from tdkt.accounts.models import Role
    from tdkt.organisation.models import Unit

    person_a = make_person("STP-01-VP", "Trần Thị Hồng", gender="female")
    person_b = make_person("STP-79-VP", "Lê Văn Bình")
    staff_person = make_person("STP-01-HCBT", "Phạm Minh Đức")
    return Cast(
        unit_a=Unit.objects.get(code="STP-01"),
        unit_b=Unit.objects.get(code="STP-79"),
        person_a=person_a,
        person_b=person_b,
        officer_a=make_user("officer_a", Role.UNIT_OFFICER, "STP-01"),
        officer_b=make_user("officer_b", Role.UNIT_OFFICER, "STP-79"),
        head_a=make_user("head_a", Role.UNIT_HEAD, "STP-01"),
        staff_a=make_user("staff_a", Role.STAFF, "STP-01", person=staff_person),
        admin=make_user("admin_user", Role.ADMIN, "BTP"),
    )


@pytest.fixture
def client_for(client):
    """client_for(user) -> a test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login
