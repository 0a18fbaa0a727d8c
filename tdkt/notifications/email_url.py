"""Django mail settings from one URL (EMAIL_URL), read by tdkt/settings.py.

    smtp://user:password@host:587?tls=1      SMTP with STARTTLS
    smtps://user:password@host:465           SMTP over TLS (ssl)
    console://                               print to the log (the default)
    locmem:// · dummy:// · file:///var/mail  Django's other backends

User and password may be percent-encoded (an @ in a user name is %40). No Django import:
settings read this before the apps load.
"""

from urllib.parse import parse_qs, unquote, urlsplit

BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
}
TRUE = {"1", "true", "yes", "on"}


def parse(url: str) -> dict:
    """The EMAIL_* settings that `url` describes; ValueError for an unknown scheme."""
    url = (url or "").strip() or "console://"
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in BACKENDS:
        raise ValueError(
            f"EMAIL_URL: không hỗ trợ kiểu '{scheme}' (dùng {', '.join(sorted(BACKENDS))})."
        )
    config = {"EMAIL_BACKEND": BACKENDS[scheme]}
    if scheme == "file":
        config["EMAIL_FILE_PATH"] = unquote(parts.path) or "/tmp/tdkt-mail"
        return config
    if scheme not in ("smtp", "smtps"):
        return config
    query = {k.lower(): v[-1] for k, v in parse_qs(parts.query).items()}
    ssl = scheme == "smtps" or query.get("ssl", "").lower() in TRUE
    tls = not ssl and query.get("tls", "").lower() in TRUE
    config.update(
        EMAIL_HOST=parts.hostname or "localhost",
        EMAIL_PORT=parts.port or (465 if ssl else 587 if tls else 25),
        EMAIL_HOST_USER=unquote(parts.username or ""),
        EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
        EMAIL_USE_TLS=tls,
        EMAIL_USE_SSL=ssl,
    )
    if query.get("timeout", "").isdigit():
        config["EMAIL_TIMEOUT"] = int(query["timeout"])
    return config
