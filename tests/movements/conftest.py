import pytest

from tests.factories import make_user


@pytest.fixture
def dept(db):
    from tdkt.accounts.models import Role

    return make_user("thuong_truc", Role.EMULATION_DEPT, "BTP")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def as_user(db):
    """as_user(user) -> a fresh logged-in client (several users can act in one test)."""
    from django.test import Client

    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make
