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
