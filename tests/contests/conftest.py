import pytest


@pytest.fixture
def library(db):
    """Law 06/2022/QH15 in the legal library, as the demo loads it (Điều 93)."""
    from django.core.management.base import OutputWrapper

    from tdkt.legal import demo
    from tdkt.legal.models import LegalDocument

    if not LegalDocument.objects.filter(code="luat_06_2022").exists():
        class Ctx:
            stdout = OutputWrapper(open("/dev/null", "w"))

            def say(self, message):
                pass

        demo.seed(Ctx())
    return LegalDocument.objects.get(code="luat_06_2022")


@pytest.fixture
def dept_user(db):
    from tdkt.accounts.models import Role
    from tests.factories import make_user

    return make_user("thuongtruc_t", Role.EMULATION_DEPT, "BTP")
