"""Which figures each role watches on its home page (charts built from selectors.py)."""


def for_user(user, scope, today) -> list:
    return []
