"""One name per award everywhere, the catalogue's (issue 16 item 2): registration and
nomination pages never name the same award two ways."""

import datetime

import pytest
from django.urls import reverse

from tdkt.movements.models import TitleCode
from tdkt.rules import load_builtin, select_version

CAP_BO = "Chiến sĩ thi đua Bộ, ban, ngành, tỉnh"


def test_every_registrable_title_is_named_as_in_the_catalogue():
    for day in (datetime.date(2025, 6, 1), datetime.date(2026, 12, 1)):
        awards = select_version(load_builtin(), day).awards
        for code in TitleCode:
            if code.value in awards:
                assert code.label == awards[code.value].name_vi, code.value


@pytest.mark.django_db
def test_registration_and_nomination_pages_name_the_award_the_same_way(cast, client_for):
    from tests.movements.helpers import fill, make_movement, registration_of
    from tests.nominations.helpers import Flow, make_round

    flow = Flow(cast)
    flow.round = make_round(name="Khen thưởng Chiến sĩ thi đua năm 2025",
                            award_codes=["chien_si_thi_dua_cap_bo"])
    reg = registration_of(make_movement(flow.dept), "STP-01")
    fill(cast.officer_a, reg, individuals={cast.person_a.pk: TitleCode.CSTD_CAP_BO})
    client = client_for(cast.officer_a)
    registration = client.get(reverse("movements:registration", args=[reg.pk])).content.decode()
    nomination = flow.nomination(award="chien_si_thi_dua_cap_bo", attach=False)
    page = client.get(reverse("nominations:nomination", args=[nomination.pk])).content.decode()
    for body in (registration, page):
        assert CAP_BO in body
        assert "Chiến sĩ thi đua Bộ Tư pháp" not in body
