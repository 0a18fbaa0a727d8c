"""Rate limits hold across processes (shared cache) and are keyed on the client's address as the
trusted proxy reports it, never on what a client writes in X-Forwarded-For.

Run with REDIS_URL=redis://127.0.0.1:6379/15 to test the same against Redis."""

import datetime
import os
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import connection, connections
from django.test import RequestFactory
from django.urls import reverse

from tdkt.core.ratelimit import client_ip, hit

ROOT = Path(__file__).resolve().parents[2]
USES_REDIS = bool(os.environ.get("REDIS_URL"))


# --- the count is shared ------------------------------------------------------------------------


def _run(code: str, env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_limit_holds_across_two_worker_processes(tmp_path):
    """Two worker processes (as gunicorn runs them) count against one limit: 10 attempts each,
    limit 10 → 10 let through in all, not 10 per process."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tdkt.settings_test",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}"}
    migrate = subprocess.run([sys.executable, "manage.py", "migrate", "core", "-v0"], cwd=ROOT,
                             env=env, capture_output=True, text=True)
    assert migrate.returncode == 0, migrate.stderr
    scope = f"test.{uuid.uuid4().hex}"
    code = ("import django; django.setup()\n"
            "from tdkt.core.ratelimit import hit\n"
            f"print(sum(hit({scope!r}, '198.51.100.7', 10, 3600) for _ in range(10)))\n")
    workers = [_run(code, env), _run(code, env)]
    allowed = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        allowed.append(int(out.strip()))
    assert sum(allowed) == 10, allowed
    if USES_REDIS:
        caches["default"].clear()


def test_two_cache_clients_share_one_count(db):
    first = caches.create_connection("default")
    second = caches.create_connection("default")
    assert [hit("test.pair", "k", 3, 60, cache=c) for c in (first, second, first, second)] == [
        True, True, True, False]


def test_window_passes_and_keys_are_separate(db):
    t = 1_000_000 * 60.0
    assert all(hit("test.window", "a", 2, 60, now=t + i) for i in range(2))
    assert not hit("test.window", "a", 2, 60, now=t + 30)
    assert hit("test.window", "b", 2, 60, now=t + 30)  # another client
    assert hit("test.other", "a", 2, 60, now=t + 30)  # another scope
    assert hit("test.window", "a", 2, 60, now=t + 60)  # the next window


@pytest.mark.django_db(transaction=True)
def test_concurrent_attempts_never_exceed_the_limit():
    """Eight workers attempting at once, 5 attempts each, limit 10: exactly 10 pass (the stock
    database cache's get-then-set increment lets more through)."""
    if connection.vendor == "sqlite" and not USES_REDIS:
        pytest.skip("in-memory SQLite test database: no concurrent connections")
    barrier = threading.Barrier(8)
    allowed = []

    def worker():
        try:
            barrier.wait()
            allowed.extend(hit("test.race", "203.0.113.9", 10, 3600) for _ in range(5))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(allowed) == 40
        assert allowed.count(True) == 10
    finally:
        caches["default"].clear()


# --- the client's address ------------------------------------------------------------------------


def _request(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_client_ip_ignores_forwarded_for_from_a_client(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    assert client_ip(_request("203.0.113.5", "1.2.3.4")) == "203.0.113.5"
    assert client_ip(_request("203.0.113.5")) == "203.0.113.5"


def test_client_ip_behind_trusted_proxies(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "::1", "10.0.0.0/8"]
    # The client forged "1.2.3.4"; the proxy appended what it saw.
    assert client_ip(_request("127.0.0.1", "1.2.3.4, 198.51.100.20")) == "198.51.100.20"
    # Two proxies (10.0.0.5 in front of the local one).
    assert client_ip(_request("127.0.0.1", "1.2.3.4, 198.51.100.20, 10.0.0.5")) == (
        "198.51.100.20")
    assert client_ip(_request("::1", "2001:db8::1")) == "2001:db8::1"
    assert client_ip(_request("::ffff:127.0.0.1", "198.51.100.21")) == "198.51.100.21"
    # No header, or garbage where the proxy's entry should be: the proxy's own address.
    assert client_ip(_request("127.0.0.1")) == "127.0.0.1"
    assert client_ip(_request("127.0.0.1", "198.51.100.20, not-an-ip")) == "127.0.0.1"


def test_axes_uses_the_same_client_address(settings):
    from django.conf import settings as live

    if "axes" not in live.INSTALLED_APPS:
        pytest.skip("django-axes is not installed")
    from axes.helpers import get_client_ip_address

    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert get_client_ip_address(_request("127.0.0.1", "1.2.3.4, 198.51.100.20")) == (
        "198.51.100.20")
    assert get_client_ip_address(_request("203.0.113.5", "1.2.3.4")) == "203.0.113.5"


# --- the public comment form ---------------------------------------------------------------------


@pytest.fixture
def period(db):
    from tdkt.nominations.models import DisclosurePeriod

    today = datetime.date.today()
    return DisclosurePeriod.objects.create(
        title="Công khai thử", starts_on=today, working_days=10,
        ends_on=today + datetime.timedelta(days=20))


def _comment(client, period, i, remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("nominations_public:period", args=[period.pk]),
                       {"content": f"Ý kiến số {i} về danh sách công khai."}, **extra)


def test_public_comments_answer_429_after_the_limit(client, period, settings):
    from tdkt.nominations.models import PublicComment
    from tdkt.nominations.views import COMMENTS_PER_HOUR

    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    for i in range(COMMENTS_PER_HOUR):
        assert _comment(client, period, i, "203.0.113.5").status_code == 302
    r = _comment(client, period, 99, "203.0.113.5")
    assert r.status_code == 429
    assert "quá nhiều góp ý" in r.content.decode()
    assert PublicComment.objects.count() == COMMENTS_PER_HOUR


def test_spoofed_forwarded_for_does_not_escape_the_limit(client, period, settings):
    """An attacker talking to the server directly rotates X-Forwarded-For: still one client."""
    from tdkt.nominations.models import PublicComment
    from tdkt.nominations.views import COMMENTS_PER_HOUR

    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    codes = [_comment(client, period, i, "203.0.113.66", f"198.51.100.{i}").status_code
             for i in range(COMMENTS_PER_HOUR + 3)]
    assert codes == [302] * COMMENTS_PER_HOUR + [429] * 3
    assert PublicComment.objects.count() == COMMENTS_PER_HOUR


def test_behind_the_proxy_each_citizen_has_their_own_limit(client, period, settings):
    """Behind the reverse proxy every request comes from 127.0.0.1: the limit must follow the
    client the proxy reports, or one spammer silences every citizen."""
    from tdkt.nominations.models import PublicComment
    from tdkt.nominations.views import COMMENTS_PER_HOUR

    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    for i in range(COMMENTS_PER_HOUR):
        assert _comment(client, period, i, "127.0.0.1", "198.51.100.1").status_code == 302
    assert _comment(client, period, 9, "127.0.0.1", "198.51.100.1").status_code == 429
    # A forged left-most entry does not help the spammer either.
    assert _comment(client, period, 9, "127.0.0.1", "9.9.9.9, 198.51.100.1").status_code == 429
    assert _comment(client, period, 0, "127.0.0.1", "198.51.100.2").status_code == 302
    comments = PublicComment.objects.order_by("id")
    assert comments.count() == COMMENTS_PER_HOUR + 1
    assert len({c.ip_hash for c in comments}) == 2  # the real clients, not the proxy
