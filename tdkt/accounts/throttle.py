"""django-axes integration: the client address axes records with each login attempt."""

import ipaddress


def client_ip(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the address the trusted proxy reports (core.ratelimit), or None
    when there is none (axes stores it in an IP column, which refuses anything else)."""
    from tdkt.core.ratelimit import client_ip as reported

    value = reported(request)
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None
