"""`make serve` as an operator runs it: a subprocess with SECRET_KEY, a fresh database
(SQLite, or PostgreSQL when the suite runs on it) and DEBUG unset. The login page and its hashed
CSS answer, a crashed task worker is restarted, SIGTERM leaves no process behind, and only the
trusted proxy can say "HTTPS"."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVE = [sys.executable, "-m", "tdkt.serve"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children_of(pid: int) -> dict[int, str]:
    """Every live descendant of pid: {pid: command line}, read from /proc."""
    parents: dict[int, int] = {}
    cmdlines: dict[int, str] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            state, ppid = stat.rsplit(")", 1)[1].split()[:2]
            if state == "Z":
                continue
            parents[int(entry)] = int(ppid)
            cmdlines[int(entry)] = Path(f"/proc/{entry}/cmdline").read_bytes().replace(
                b"\0", b" ").decode(errors="replace")
        except (OSError, ValueError):
            continue
    found: dict[int, str] = {}
    frontier = [pid]
    while frontier:
        current = frontier.pop()
        for child, parent in parents.items():
            if parent == current and child not in found:
                found[child] = cmdlines[child]
                frontier.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


class Server:
    def __init__(self, tmp: Path, database_url: str, **env):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {k: v for k, v in os.environ.items()
                    if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE", "DATABASE_URL"}}
        self.env.update({
            "SECRET_KEY": "serve-test-secret-key-" + "x" * 40,
            "DATABASE_URL": database_url,
            "TDKT_DATA_DIR": str(tmp / "data"),
            "STATIC_ROOT": str(tmp / "static"),
            "PORT": str(self.port),
            "WEB_WORKERS": "2",
            "TASK_WORKERS": "1",
            "SECURE_SSL_REDIRECT": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
        })
        self.env.update(env)
        self.log = open(tmp / f"serve-{self.port}.log", "w+b")  # noqa: SIM115
        self.proc = subprocess.Popen(SERVE, cwd=ROOT, env=self.env, stdout=self.log,
                                     stderr=subprocess.STDOUT)

    def output(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def wait_ready(self, timeout=180):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"serve exited with {self.proc.returncode}:\n{self.output()}")
            try:
                httpx.get(self.url + "/dang-nhap/", timeout=2)
                return self
            except httpx.HTTPError:
                time.sleep(0.3)
        pytest.fail(f"serve did not answer within {timeout} s:\n{self.output()}")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=40)
            except subprocess.TimeoutExpired:
                for pid in children_of(self.proc.pid):
                    os.kill(pid, signal.SIGKILL)
                self.proc.kill()
                self.proc.wait()
        self.log.close()


PROXY = "127.0.0.2"  # the TLS proxy's address; any other client is not trusted


@pytest.fixture(scope="module")
def server(tmp_path_factory, module_databases):
    """One production server for the module, on a fresh database of the suite's kind (SQLite
    or PostgreSQL): redirects to HTTPS on, the proxy at 127.0.0.2."""
    tmp = tmp_path_factory.mktemp("serve")
    server = Server(tmp, module_databases.new("serve"), SECURE_SSL_REDIRECT="1",
                    TRUSTED_PROXIES=PROXY)
    server.tmp = tmp
    yield server.wait_ready()
    server.stop()


def via_proxy(server: Server, path: str) -> httpx.Response:
    """A request as the TLS reverse proxy forwards it: from the proxy's address, with
    X-Forwarded-Proto: https."""
    transport = httpx.HTTPTransport(local_address=PROXY)
    with httpx.Client(transport=transport, timeout=10) as client:
        return client.get(server.url + path, headers={"X-Forwarded-Proto": "https"})


def task_workers(server: Server) -> list[int]:
    return [pid for pid, cmd in children_of(server.proc.pid).items() if "tdkt_worker" in cmd]


def test_login_page_and_its_hashed_css_answer_through_the_proxy(server):
    page = via_proxy(server, "/dang-nhap/")
    assert page.status_code == 200, server.output()
    assert "Đăng nhập" in page.text
    assert "Strict-Transport-Security" in page.headers
    css = re.findall(r'href="(/static/[^"]+\.css)"', page.text)
    assert css, page.text[:2000]
    for href in css:
        assert re.search(r"\.[0-9a-f]{12}\.css$", href), href  # the manifest's hashed name
        answer = via_proxy(server, href)
        assert answer.status_code == 200 and answer.content
    assert (server.tmp / "static" / "staticfiles.json").exists()


def test_a_client_cannot_pass_for_https_with_x_forwarded_proto(server):
    # Straight from a client (127.0.0.1 is not the trusted proxy here): the header is ignored
    # and the plain-HTTP request is sent to HTTPS.
    spoofed = httpx.get(server.url + "/dang-nhap/", headers={"X-Forwarded-Proto": "https"},
                        timeout=10)
    assert spoofed.status_code == 301, server.output()
    assert spoofed.headers["location"].startswith("https://")
    assert httpx.get(server.url + "/dang-nhap/", timeout=10).status_code == 301


def test_healthz_reports_the_database_and_the_task_workers_heartbeat(server):
    """The load balancer's probe: JSON, the database up, the worker serve started beating."""
    report = {}
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        answer = via_proxy(server, "/healthz")
        assert answer.status_code == 200, server.output()
        report = answer.json()
        if report["worker_heartbeat"]:
            break
        time.sleep(0.5)
    assert report["database"] == "ok"
    assert report["worker_heartbeat"], (report, server.output())
    assert report["status"] == "ok"
    assert isinstance(report["jobs_waiting"], int)


def test_a_dead_task_worker_is_restarted(server):
    family = children_of(server.proc.pid)
    assert any("gunicorn" in cmd for cmd in family.values()), family
    workers = task_workers(server)
    assert len(workers) == 1, family
    os.kill(workers[0], signal.SIGKILL)
    replaced = []
    deadline = time.monotonic() + 20
    while not replaced and time.monotonic() < deadline:
        time.sleep(0.2)
        replaced = [pid for pid in task_workers(server) if pid != workers[0]]
    assert replaced, server.output()
    assert not alive(workers[0])


def test_sigterm_stops_everything_and_leaves_no_process(server):
    family = children_of(server.proc.pid)
    assert len(family) >= 4, family  # gunicorn master, two web workers, one task worker
    server.proc.send_signal(signal.SIGTERM)
    assert server.proc.wait(timeout=40) == 0, server.output()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(alive(pid) for pid in family):
        time.sleep(0.1)
    assert not [cmd for pid, cmd in family.items() if alive(pid)]


def test_trusted_proxies_default_to_loopback(monkeypatch):
    import runpy

    monkeypatch.delenv("TRUSTED_PROXIES", raising=False)
    conf = runpy.run_path(str(ROOT / "tdkt" / "gunicorn.conf.py"))
    assert conf["forwarded_allow_ips"] == "127.0.0.1,::1"
    assert conf["secure_scheme_headers"] == {"X-FORWARDED-PROTO": "https"}


def test_serve_refuses_to_start_without_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    done = subprocess.run(SERVE, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "Thiếu biến môi trường SECRET_KEY" in done.stderr
