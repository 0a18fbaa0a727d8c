"""Rate limits and the client's address, the same in every process.

`hit(scope, key, limit, window_seconds)` counts one attempt in a fixed window on the shared cache
(settings.CACHES: the database by default, Redis when REDIS_URL is set), so four workers or two
servers see one count and a restart resets nothing. `client_ip(request)` is the client's address
as the trusted reverse proxy (settings.TRUSTED_PROXIES) reports it; django-axes uses it too.
"""

import hashlib
import ipaddress
import time
from functools import lru_cache

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured

# A window's counter outlives the window's end by this much, so it never expires while in use.
_SLACK_SECONDS = 60


def hit(scope: str, key: str, limit: int, window_seconds: int, *, cache=None,
        now: float | None = None) -> bool:
    """Count one attempt by `key` (e.g. a client address) under `scope` (e.g.
    "nominations.comment"). True while the attempts in the current fixed window are at most
    `limit`; False once they exceed it (answer 429). Atomic across processes: `cache.add`
    creates the window's counter, `cache.incr` raises it in one step on the shared cache."""
    cache = cache or caches["default"]
    now = time.time() if now is None else now
    window = int(now // window_seconds)
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{key}".encode()).hexdigest()[:32]
    cache_key = f"ratelimit:{scope}:{digest}:{window}"
    timeout = int(window_seconds - now % window_seconds) + _SLACK_SECONDS
    for _ in range(3):
        if cache.add(cache_key, 1, timeout):
            return limit >= 1
        try:
            return cache.incr(cache_key) <= limit
        except ValueError:  # expired between add and incr: start it again
            continue
    return False


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple:
    networks = []
    for proxy in proxies:
        try:
            networks.append(ipaddress.ip_network(proxy.strip(), strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES: '{proxy}' không phải địa chỉ IP hay dải mạng hợp lệ.") from exc
    return tuple(networks)


def _address(value: str):
    """An IP address from a header value ("1.2.3.4", "::1", "[::1]"), IPv4-mapped IPv6
    unwrapped; None when it is not one."""
    value = value.strip()
    if value.startswith("[") and "]" in value:
        value = value[1:value.index("]")]
    try:
        ip = ipaddress.ip_address(value)
    except ValueError:
        return None
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip


def client_ip(request) -> str:
    """The client's address. A request from a trusted proxy (settings.TRUSTED_PROXIES) gives the
    right-most address in X-Forwarded-For that is not itself a trusted proxy (every proxy
    appends the address it saw, so entries to its left are the client's own word); from anyone
    else REMOTE_ADDR, whatever X-Forwarded-For they send."""
    remote_addr = request.META.get("REMOTE_ADDR", "")
    remote = _address(remote_addr)
    if remote is None:
        return remote_addr or "unknown"
    trusted = _networks(tuple(settings.TRUSTED_PROXIES))
    if not any(remote in net for net in trusted):
        return str(remote)
    client = remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for entry in reversed([e for e in forwarded.split(",") if e.strip()]):
        ip = _address(entry)
        if ip is None:  # malformed: keep the last address a trusted proxy vouched for
            break
        client = ip
        if not any(ip in net for net in trusted):
            break
    return str(client)
