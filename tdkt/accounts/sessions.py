"""Session limits: a session ends TDKT_SESSION_MAX_HOURS after login, or after
TDKT_SESSION_IDLE_MINUTES without a request. Both times are kept in the session (Unix
seconds); the last-seen time is rewritten at most once a minute, so a burst of requests
does not save the session each time."""

import time

from django.conf import settings

LOGIN_AT = "tdkt_login_at"
SEEN_AT = "tdkt_seen_at"
SEEN_RESOLUTION = 60  # seconds


def stamp_login(session) -> None:
    now = time.time()
    session[LOGIN_AT] = now
    session[SEEN_AT] = now


def expired(session) -> bool:
    """True when the session is past either limit; otherwise note this request."""
    now = time.time()
    login_at, seen_at = session.get(LOGIN_AT), session.get(SEEN_AT)
    if login_at is None or seen_at is None:  # a session from before these limits
        stamp_login(session)
        return False
    if now - login_at > settings.TDKT_SESSION_MAX_HOURS * 3600:
        return True
    if now - seen_at > settings.TDKT_SESSION_IDLE_MINUTES * 60:
        return True
    if now - seen_at >= SEEN_RESOLUTION:
        session[SEEN_AT] = now
    return False
