import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def dept(db):
    from tdkt.accounts.models import Role
    from tests.factories import make_user

    return make_user("vu_tccb_vb", Role.EMULATION_DEPT, "BTP")


@pytest.fixture
def decision(cast):
    """A Ministry decision: two people of unit A, one of unit B, one collective of unit A."""
    from tdkt.organisation.models import Unit
    from tests.documents.helpers import make_decision
    from tests.factories import make_person

    extra = make_person("STP-01-VP", "Nguyễn Văn Định", position="Phó Chánh Văn phòng")
    return make_decision(
        people=[cast.person_a, extra, cast.person_b],
        units=[Unit.objects.get(code="STP-01-VP")],
    )
