"""Benchmark: 50 officers at once against the production server on PostgreSQL.

Run from the project root: `python bench/load.py` (or `.venv/bin/python …`). It
  1. creates a PostgreSQL database (PGHOST/PGPORT/PGUSER, default 127.0.0.1:5432 postgres),
     migrates it and seeds the demo sector at scale 1.0 (about 14,000 people, a finished
     sector-wide sweep) — or reuses `--database-url URL` as it is;
  2. starts the server exactly as `make serve` does (`python -m tdkt.serve`: gunicorn and the
     task worker), on a free port of 127.0.0.1;
  3. logs in 50 sessions of different roles (the demo accounts; those who must use a second
     factor enrol a TOTP device first and give a code, as a person would) and, for
     DURATION seconds, has each request a page of the mix and wait 1–3 s;
  4. measures the largest throughput over the mix without think time, and the same client
     against the bare liveness view (`/ping`), for the server's own ceiling;
  5. stops the server and drops the database it created.
It prints p50/p95 per page and as its last line
`load p95 ms: P; throughput vs bare view: R`. Figures, not a test: nothing asserts a target.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
SESSIONS = 50
THINK = (1.0, 3.0)
ROLES = ["admin", "thuongtruc", "hoidong", "canbo.stp01", "lanhdao.stp01", "nhanvien.stp01",
         "canbo.thads79"]
PASSWORD = "tdkt-demo"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def psql(sql: str) -> None:
    subprocess.run(
        ["psql", "-h", os.environ.get("PGHOST", "127.0.0.1"), "-p",
         os.environ.get("PGPORT", "5432"), "-U", os.environ.get("PGUSER", "postgres"),
         "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-qc", sql],
        check=True,
    )


def manage(env: dict, *args: str, capture: bool = False) -> str:
    done = subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True,
                          capture_output=capture, text=True)
    return done.stdout if capture else ""


# Per-user page plans, found in the database once so that every URL is one the user may open.
PLAN_SCRIPT = r"""
import json
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
# The benchmark's users enrol afresh, so that it knows their recovery codes.
TOTPDevice.objects.filter(user__username__in=%(roles)r).delete()
StaticDevice.objects.filter(user__username__in=%(roles)r).delete()
from tdkt.accounts.models import User
from tdkt.accounts.scoping import Scope
from tdkt.movements.models import Movement
from tdkt.organisation import selectors as org
from tdkt.people.models import Person

plans = {}
for name in %(roles)r:
    user = User.objects.get(username=name)
    scope = Scope(user)
    people = list(scope.filter(Person.objects.all()).order_by("id")
                  .values_list("id", flat=True)[:200])
    own = getattr(user, "person_id", None)
    if own and own not in people:
        people.insert(0, own)
    roots = org.root_units_for(scope)
    movements = list(scope.filter(Movement.objects.all()).order_by("-id")
                     .values_list("id", flat=True)[:5])
    plans[name] = {"people": people[:200], "root": roots[0].code if roots else None,
                   "movements": movements}
print("PLANS=" + json.dumps(plans))
"""


def plans_for(env: dict) -> dict:
    import json

    out = manage(env, "shell", "-c", PLAN_SCRIPT % {"roles": ROLES}, capture=True)
    return json.loads(out.split("PLANS=", 1)[1].strip().splitlines()[0])


def mix_for(plan: dict) -> list[tuple[str, callable]]:
    """(page name, function returning a URL) — the issue's mix of pages."""
    rng = random.Random()

    def person():
        return rng.choice(plan["people"]) if plan["people"] else None

    pages = [
        ("home", lambda: "/"),
        ("search", lambda: "/tim-kiem/?q=nguyen+van"),
        ("due list", lambda: f"/xet-dieu-kien/?don_vi={plan['root']}" if plan["root"]
         else "/xet-dieu-kien/"),
        ("person record", lambda: f"/can-bo/{person()}/" if plan["people"] else "/can-bo/"),
        ("eligibility check", lambda: f"/xet-dieu-kien/can-bo/{person()}/"
         if plan["people"] else "/xet-dieu-kien/"),
        ("movement roll-up", lambda: f"/phong-trao/{rng.choice(plan['movements'])}/tong-hop/"
         if plan["movements"] else "/phong-trao/"),
        ("nominations", lambda: "/khen-thuong/"),
        ("appraisal", lambda: "/khen-thuong/tham-dinh/"),
    ]
    return pages


async def login(base: str, username: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=base, timeout=60, follow_redirects=False)
    page = await client.get("/dang-nhap/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = await client.post("/dang-nhap/", data={
        "username": username, "password": PASSWORD, "csrfmiddlewaretoken": token,
    }, headers={"Referer": base + "/dang-nhap/"})
    if response.status_code != 302:
        raise SystemExit(f"đăng nhập {username} thất bại: {response.status_code}")
    landing = await client.get(response.headers["location"])
    await second_factor(client, base, landing.headers.get("location", ""), username)
    return client


async def pages_for_role(client, mix) -> list:
    """The pages of the mix this role may open (a unit officer has no appraisal list)."""
    kept = []
    for name, url in mix:
        response = await client.get(url())
        if response.status_code == 200:
            kept.append((name, url))
        elif response.status_code not in (403, 404):
            raise SystemExit(f"{name}: {response.status_code} {response.url}")
    return kept


async def second_factor(client, base: str, location: str, username: str) -> None:
    """As a person with an authenticator app would: enrol on the user's first session (and
    keep the recovery codes shown once), give one recovery code on each later session — a
    TOTP code cannot be used twice in its 30 seconds."""
    import base64

    from django_otp.oath import TOTP

    if "/tai-khoan/xac-thuc/" not in location:
        return
    page = await client.get(location)
    while page.status_code == 302:
        location = page.headers["location"]
        page = await client.get(location)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    nxt = re.search(r'name="next" value="([^"]*)"', page.text)
    data = {"csrfmiddlewaretoken": token, "next": nxt.group(1) if nxt else "/"}
    secret = re.search(r'<code class="secret">([^<]+)</code>', page.text)
    if secret:  # enrolment
        key = secret.group(1).replace(" ", "")
        data["code"] = f"{TOTP(base64.b32decode(key + '=' * (-len(key) % 8))).token():06d}"
        response = await client.post(location, data=data, headers={"Referer": base + location})
        RECOVERY[username] = re.findall(r"<li><code>([^<]+)</code></li>", response.text)
        if response.status_code != 200 or not RECOVERY[username]:
            raise SystemExit(f"{username}: bật xác thực hai bước không thành công")
        return
    if not RECOVERY.get(username):
        raise SystemExit(f"{username}: hết mã khôi phục cho phiên mới")
    data["code"] = RECOVERY[username].pop()
    response = await client.post(location, data=data, headers={"Referer": base + location})
    if response.status_code != 302:
        raise SystemExit(f"{username}: mã khôi phục bị từ chối ({response.status_code})")


RECOVERY: dict[str, list[str]] = {}


async def session_loop(client, mix, deadline, think, samples, errors):
    rng = random.Random()
    while time.monotonic() < deadline:
        name, url = rng.choice(mix)
        started = time.perf_counter()
        response = await client.get(url())
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            errors.append((name, response.status_code, str(response.url)))
        samples.setdefault(name, []).append(elapsed)
        if think:
            await asyncio.sleep(rng.uniform(*think))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def run_load(base: str, plans: dict, duration: float) -> tuple[dict, list]:
    clients = []
    mixes: dict[str, list] = {}
    for i in range(SESSIONS):
        username = ROLES[i % len(ROLES)]
        client = await login(base, username)
        if username not in mixes:
            mixes[username] = await pages_for_role(client, mix_for(plans[username]))
            print(f"  {username}: {', '.join(n for n, _ in mixes[username])}", flush=True)
        clients.append((client, mixes[username]))
    samples: dict[str, list[float]] = {}
    errors: list = []
    deadline = time.monotonic() + duration
    await asyncio.gather(*(session_loop(c, m, deadline, THINK, samples, errors)
                           for c, m in clients))
    # Saturation: a few sessions with no think time, over the mix and over the bare view.
    concurrency = 8
    mix_counts: dict[str, list[float]] = {}
    started = time.monotonic()
    await asyncio.gather(*(session_loop(c, m, time.monotonic() + duration / 3, None,
                                        mix_counts, errors) for c, m in clients[:concurrency]))
    mix_rps = sum(len(v) for v in mix_counts.values()) / (time.monotonic() - started)
    bare: dict[str, list[float]] = {}
    started = time.monotonic()
    await asyncio.gather(*(session_loop(c, [("bare", lambda: "/ping")],
                                        time.monotonic() + duration / 3, None, bare, errors)
                           for c, _ in clients[:concurrency]))
    bare_rps = sum(len(v) for v in bare.values()) / (time.monotonic() - started)
    for client, _ in clients:
        await client.aclose()
    return samples, errors, mix_rps, bare_rps


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--database-url", help="reuse a seeded PostgreSQL database as it is")
    parser.add_argument("--workers", type=int, default=0,
                        help="gunicorn workers (default: serve's)")
    args = parser.parse_args()

    env = {**os.environ, "SECRET_KEY": "bench-only-secret-key-0123456789abcdef",
           "DJANGO_SETTINGS_MODULE": "tdkt.settings", "SECURE_SSL_REDIRECT": "0",
           "SECURE_COOKIES": "0", "ALLOWED_HOSTS": "127.0.0.1", "LOG_LEVEL": "ERROR"}
    env.pop("DEBUG", None)
    created = None
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    else:
        created = f"tdkt_load_{os.getpid()}"
        psql(f'CREATE DATABASE "{created}"')
        host, port = os.environ.get("PGHOST", "127.0.0.1"), os.environ.get("PGPORT", "5432")
        user = os.environ.get("PGUSER", "postgres")
        env["DATABASE_URL"] = f"postgres://{user}@{host}:{port}/{created}"
    server = None
    try:
        if created:
            started = time.perf_counter()
            manage(env, "migrate", "--noinput", "-v0")
            manage({**env, "DEBUG": "1"}, "seed_demo", "--scale", "1.0", "--seed", "7")
            print(f"seeded scale 1.0 in {time.perf_counter() - started:.0f} s", flush=True)
        port = free_port()
        serve_env = {**env, "PORT": str(port)}
        if args.workers:
            serve_env["WEB_WORKERS"] = str(args.workers)
        server = subprocess.Popen([PY, "-m", "tdkt.serve"], cwd=ROOT, env=serve_env,
                                  start_new_session=True)
        base = f"http://127.0.0.1:{port}"
        for _ in range(600):
            try:
                if httpx.get(base + "/ping", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass  # not listening yet: migrations and collectstatic run first
            if server.poll() is not None:
                raise SystemExit("máy chủ dừng khi khởi động")
            time.sleep(0.5)
        plans = plans_for(env)
        samples, errors, mix_rps, bare_rps = asyncio.run(run_load(base, plans, args.duration))
    finally:
        if server and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        if created:
            psql(f'DROP DATABASE IF EXISTS "{created}" WITH (FORCE)')
    every = [v for values in samples.values() for v in values]
    print(f"{SESSIONS} sessions, {args.duration:.0f} s, think time 1–3 s: "
          f"{len(every)} requests, {len(errors)} not 200")
    for name, status, url in errors[:10]:
        print(f"  not 200: {name} {status} {url}")
    print(f"{'page':<20}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}")
    for name, values in sorted(samples.items()):
        print(f"{name:<20}{len(values):>6}{statistics.median(values):>10.0f}"
              f"{percentile(values, 0.95):>10.0f}")
    print(f"saturated: mix {mix_rps:.1f} req/s, bare view {bare_rps:.1f} req/s")
    print(f"load p95 ms: {percentile(every, 0.95):.0f}; "
          f"throughput vs bare view: {mix_rps / bare_rps:.2f}")


if __name__ == "__main__":
    main()
