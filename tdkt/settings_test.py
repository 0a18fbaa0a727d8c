"""Settings for the test suite: production settings with test-only secrets and speed-ups."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-deployment")
# The suite tests the production settings, also under `make test` (the Makefile exports
# DEBUG=1 for `make run`): HSTS, second-factor defaults and the like depend on DEBUG.
os.environ.pop("DEBUG", None)

from tdkt.settings import *  # noqa: E402,F403
from tdkt.settings import STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# The test client and the live server speak plain HTTP.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# The suite logs administrators, the department and council members in with a password only;
# tests/accounts turn the second factor on with the `settings` fixture.
TDKT_REQUIRE_MFA = False
