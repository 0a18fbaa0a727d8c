"""gunicorn settings for `make serve` (python -m tdkt.serve); every value comes from the
environment so one file serves every machine. docs/deploy.md lists the variables."""

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def default_web_workers() -> int:
    """2 × cores + 1, at most 9: each worker holds a database connection."""
    return min(2 * (os.cpu_count() or 1) + 1, 9)


bind = [f"{os.environ.get('HOST', '127.0.0.1')}:{_int('PORT', 8000)}"]
workers = _int("WEB_WORKERS", default_web_workers())
worker_class = "sync"
# A request that runs longer than this is a bug or an attack: its worker is replaced.
timeout = _int("WEB_TIMEOUT", 60)
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak never grows without bound.
max_requests = 2000
max_requests_jitter = 200
# X-Forwarded-Proto (and the other scheme headers) count only when the request comes from one of
# these addresses: the TLS reverse proxy. From any other client they are ignored, so a client
# cannot make a plain-HTTP request look secure (wsgi.url_scheme stays "http").
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES", "127.0.0.1,::1")
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "tdkt-web"
wsgi_app = "tdkt.wsgi:application"
# No control socket: several servers may run under one user, and nothing here uses it.
control_socket_disable = True
