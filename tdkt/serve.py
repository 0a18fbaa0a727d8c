"""Production entry point (`make serve`, or `python -m tdkt.serve`).

Prepares the database and static files, then runs in the foreground:
- gunicorn (tdkt/gunicorn.conf.py) with WEB_WORKERS workers; gunicorn replaces its own workers;
- TASK_WORKERS background-task workers, restarted by this supervisor when one dies.
Ctrl-C or SIGTERM stops everything. No demo data is created. docs/deploy.md has the details."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

# The background-task worker command (manage.py arguments). One line to switch it.
TASK_WORKER_COMMAND = ["tdkt_worker", "--no-reload"]

BASE_DIR = Path(__file__).resolve().parent.parent
MANAGE = [sys.executable, str(BASE_DIR / "manage.py")]
STOP_GRACE_SECONDS = 25


def say(message: str) -> None:
    print(f"[tdkt-serve] {message}", file=sys.stderr, flush=True)


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: the child gets SIGTERM if this supervisor dies, even by SIGKILL (no orphans)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass  # not Linux: the supervisor's own SIGTERM/SIGINT handler still stops its children


def _spawn(args: list[str], env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen(args, cwd=BASE_DIR, env=env, preexec_fn=_die_with_parent)


def _int_env(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    try:
        return int(value) if value else default
    except ValueError:
        raise SystemExit(f"Biến môi trường {name} phải là số nguyên (đang là «{value}»).") from None


def check_environment() -> None:
    if not os.environ.get("SECRET_KEY", "").strip():
        raise SystemExit(
            "Thiếu biến môi trường SECRET_KEY: đặt một chuỗi bí mật dài, ngẫu nhiên, ví dụ\n"
            "  export SECRET_KEY=\"$(python3 -c 'import secrets; "
            "print(secrets.token_urlsafe(50))')\"\n"
            "rồi chạy lại `make serve`. Xem docs/deploy.md."
        )
    if os.environ.get("DEBUG", "").strip().lower() in {"1", "true", "yes", "on"}:
        raise SystemExit("`make serve` là máy chủ chính thức: bỏ biến DEBUG (DEBUG phải tắt).")
    for name in ("PORT", "WEB_WORKERS", "TASK_WORKERS"):
        _int_env(name, 0)


def prepare() -> None:
    """Schema, cache table, the sector's units, static files with their hashed manifest.

    The schema steps run as MIGRATE_DATABASE_URL when it is set (the role that owns the tables;
    DATABASE_URL is then the application's role, which may only read and write rows), and not
    at all with SERVE_MIGRATE=0 (extra servers of a multi-machine setup)."""
    schema = [["migrate", "--noinput"], ["createcachetable"], ["load_organisation", "--if-empty"]]
    if os.environ.get("SERVE_MIGRATE", "1").strip() == "0":
        schema = []
    owner_env = dict(os.environ)
    if os.environ.get("MIGRATE_DATABASE_URL", "").strip():
        owner_env["DATABASE_URL"] = os.environ["MIGRATE_DATABASE_URL"]
    steps = [(step, owner_env) for step in schema] + [(["collectstatic", "--noinput"], None)]
    for step, env in steps:
        say("manage.py " + " ".join(step))
        if _spawn(MANAGE + step, env).wait() != 0:
            raise SystemExit(f"Lỗi khi chạy manage.py {step[0]}; máy chủ không khởi động.")


class Supervisor:
    def __init__(self, task_workers: int):
        self.task_workers = task_workers
        self.stopping = False
        self.web: subprocess.Popen | None = None
        self.workers: list[subprocess.Popen | None] = [None] * task_workers
        self.restarts: list[list[float]] = [[] for _ in range(task_workers)]

    def _on_signal(self, signum, frame):
        if not self.stopping:
            say(f"nhận {signal.Signals(signum).name}, đang dừng máy chủ và tiến trình nền…")
        self.stopping = True

    def start_web(self) -> None:
        conf = str(BASE_DIR / "tdkt" / "gunicorn.conf.py")
        self.web = _spawn([sys.executable, "-m", "gunicorn", "-c", conf])

    def start_worker(self, index: int) -> None:
        proc = _spawn(MANAGE + TASK_WORKER_COMMAND)
        self.workers[index] = proc
        say(f"tiến trình nền #{index + 1} chạy (pid {proc.pid})")

    def _restart_due(self, index: int) -> bool:
        """Restart at once, but back off to one start per 10 s if it keeps dying."""
        now = time.monotonic()
        recent = [t for t in self.restarts[index] if now - t < 60]
        self.restarts[index] = recent
        if len(recent) >= 3 and now - recent[-1] < 10:
            return False
        recent.append(now)
        return True

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self._on_signal)
        signal.signal(signal.SIGINT, self._on_signal)
        self.start_web()
        for i in range(self.task_workers):
            self.start_worker(i)
        code = 0
        while not self.stopping:
            time.sleep(0.2)
            if self.web.poll() is not None:
                say(f"gunicorn dừng (mã {self.web.returncode}); dừng toàn bộ.")
                code = self.web.returncode or 1
                break
            for i, proc in enumerate(self.workers):
                if proc is not None and proc.poll() is not None:
                    say(f"tiến trình nền #{i + 1} (pid {proc.pid}) dừng với mã "
                        f"{proc.returncode}; khởi động lại.")
                    self.workers[i] = None
                if self.workers[i] is None and self._restart_due(i):
                    self.start_worker(i)
        self.stop()
        return code

    def stop(self) -> None:
        children = [p for p in [self.web, *self.workers] if p is not None]
        for proc in children:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for proc in children:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        say("đã dừng.")


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tdkt.settings")
    check_environment()
    task_workers = max(0, _int_env("TASK_WORKERS", 1))
    prepare()
    return Supervisor(task_workers).run()


if __name__ == "__main__":
    sys.exit(main())
