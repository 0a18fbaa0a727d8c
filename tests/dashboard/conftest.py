import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def flow(cast):
    from tests.nominations.helpers import Flow

    return Flow(cast)
