"""Into commendation in one click: the nomination lands in the right open round with the summary
attached, after the eligibility check — which cannot be bypassed."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tdkt.accounts.models import Role
from tdkt.audit.models import Action
from tdkt.exemplars import proposals, summary
from tdkt.exemplars.models import AwardProposal, Status
from tdkt.nominations.models import Nomination
from tests.exemplars.helpers import exemplar
from tests.factories import make_user
from tests.nominations.helpers import AWARD, make_eligible, make_round

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
COLLECTIVE_AWARD = "bang_khen_bo_truong_bo_tu_phap_tap_the"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def dept(db):
    return make_user("dept_user", Role.EMULATION_DEPT, "BTP")


def ministry_round(**extra):
    values = {"opens_on": TODAY - datetime.timedelta(days=30),
              "submission_deadline": TODAY + datetime.timedelta(days=30), "year": 2025}
    values.update(extra)
    return make_round("BTP", **values)


def approved(cast, dept, **extra):
    ex = exemplar(cast.unit_a, **extra)
    ex.status = Status.ACCEPTED
    ex.save()
    s = summary.save_summary(cast.officer_a, ex, achievement="Thành tích tiêu biểu năm 2025.",
                             lessons="Đổi mới cách làm.")
    s = summary.head_approve(cast.head_a, summary.submit(cast.officer_a, s))
    summary.dept_approve(dept, s)
    return ex


def make_ineligible(person):
    """Not completing the tasks in 2025 rules out the Minister's certificate for 2025."""
    from tdkt.history.models import PersonRating

    PersonRating.objects.create(person=person, year=2025, rating="KHTNV")


def person_exemplar(cast, dept):
    return approved(cast, dept, kind="person", name=cast.person_a.full_name,
                    person=cast.person_a)


def test_eligible_person_goes_to_the_ministry_round_with_the_summary_attached(cast, dept):
    award_round = ministry_round()
    make_eligible(cast.person_a, 2025)
    ex = person_exemplar(cast, dept)
    assert AWARD in [o.code for o in proposals.options(ex)]
    outcome = proposals.propose_for_award(cast.officer_a, ex, AWARD)
    nom = outcome.nomination
    assert outcome.round == award_round and outcome.result["verdict"] != "ineligible"
    assert (nom.round, nom.person, nom.award_code, nom.year) == (award_round, cast.person_a,
                                                                 AWARD, 2025)
    assert nom.proposing_unit == cast.unit_a and nom.status == "draft"
    assert nom.achievement == "Thành tích tiêu biểu năm 2025."
    att = nom.attachments.get()
    assert att.kind == "khac" and att.original_name.endswith(".docx")
    with att.file.open("rb") as fh:
        assert fh.read(2) == b"PK"
    assert AwardProposal.objects.get(exemplar=ex).nomination == nom
    assert Action.objects.filter(verb="exemplar.propose_award").count() == 1
    with pytest.raises(ValidationError):  # not twice in the same round
        proposals.propose_for_award(cast.officer_a, ex, AWARD)


def test_ineligible_subject_is_refused_with_every_reason_and_nothing_created(cast, dept):
    ministry_round()
    make_ineligible(cast.person_a)
    ex = person_exemplar(cast, dept)
    with pytest.raises(proposals.NotEligible) as err:
        proposals.propose_for_award(cast.officer_a, ex, AWARD)
    result = err.value.result
    assert result["verdict"] == "ineligible"
    failed = [c for c in result["checks"] if c["met"] is False]
    assert failed and all(c["why"] for c in failed)
    assert any("KHTNV" in c["why"] for c in failed)
    assert not Nomination.objects.exists() and not AwardProposal.objects.exists()


def test_view_cannot_bypass_eligibility_and_shows_the_reasons(cast, dept, client_for):
    ministry_round()
    make_ineligible(cast.person_a)
    ex = person_exemplar(cast, dept)
    resp = client_for(cast.officer_a).post(
        reverse("exemplars:propose_award", args=[ex.pk]), {"award": AWARD, "attested": "on",
                                                            "bypass": "1"})
    body = resp.content.decode()
    assert resp.status_code == 200 and "Không lập hồ sơ đề nghị" in body
    assert "Không đủ điều kiện" in body and "✗" in body and "KHTNV" in body
    assert not Nomination.objects.exists()


def test_a_case_for_the_council_is_created_and_its_open_points_shown(cast, dept, client_for):
    ministry_round()
    ex = person_exemplar(cast, dept)  # no titles yet: the council judges points a–c
    resp = client_for(cast.officer_a).post(reverse("exemplars:propose_award", args=[ex.pk]),
                                           {"award": AWARD})
    body = resp.content.decode()
    assert "Đã lập hồ sơ đề nghị khen thưởng" in body and "Cần xem xét thêm" in body
    assert "cần Hội đồng đánh giá" in body
    assert Nomination.objects.count() == 1


def test_refused_with_a_clear_message_when_no_suitable_round_is_open(cast, dept):
    make_eligible(cast.person_a, 2025)
    ex = person_exemplar(cast, dept)
    ministry_round(closed=True)
    ministry_round(submission_deadline=TODAY - datetime.timedelta(days=1),
                   opens_on=TODAY - datetime.timedelta(days=60))
    make_round("STP-79", opens_on=TODAY, submission_deadline=TODAY)  # another subtree's
    with pytest.raises(ValidationError) as err:
        proposals.propose_for_award(cast.officer_a, ex, AWARD)
    assert "Chưa có đợt xét khen thưởng của Bộ đang nhận hồ sơ" in err.value.messages[0]
    with pytest.raises(ValidationError) as err:
        proposals.propose_for_award(cast.officer_a, ex, "giay_khen")
    assert "Chưa có đợt bình xét" in err.value.messages[0]
    assert not Nomination.objects.exists()


def test_unit_level_award_goes_to_the_units_own_round(cast, dept):
    from tdkt.nominations.services.unit_rounds import open_unit_round, unit_list

    ministry_round(award_codes=[AWARD, "giay_khen"])  # the Ministry round lists it too
    unit_round = open_unit_round(cast.officer_a, cast.unit_a, 2025)
    # a Sở Tư pháp decides Giấy khen (Law art. 80(1), the catalogue's authority matrix)
    assert "giay_khen" in unit_round.award_codes
    ex = approved(cast, dept)
    chosen = {o.code: o for o in proposals.options(ex)}
    assert chosen["giay_khen"].round == unit_round and chosen["giay_khen"].unit_round
    outcome = proposals.propose_for_award(cast.officer_a, ex, "giay_khen")
    if outcome.result["verdict"] == "ineligible":  # pragma: no cover - not for a collective
        pytest.fail(outcome.result)
    assert outcome.nomination.submission == unit_list(unit_round)
    assert outcome.nomination.unit == cast.unit_a


def test_a_unit_level_award_is_never_routed_to_the_ministry_round(cast, dept):
    from tdkt.nominations.councils import authority_for

    assert authority_for(cast.unit_a, "giay_khen", TODAY).decides  # Law art. 80(1)
    ministry_round(award_codes=[COLLECTIVE_AWARD, "giay_khen"])
    ex = approved(cast, dept)
    codes = [o.code for o in proposals.options(ex)]
    assert COLLECTIVE_AWARD in codes and "giay_khen" not in codes
    with pytest.raises(ValidationError) as err:
        proposals.propose_for_award(cast.officer_a, ex, "giay_khen")
    assert "Chưa có đợt bình xét thi đua, khen thưởng của Sở Tư pháp" in err.value.messages[0]


def test_collective_is_offered_only_collective_awards(cast, dept):
    ministry_round()
    ex = approved(cast, dept)
    codes = [o.code for o in proposals.options(ex)]
    assert COLLECTIVE_AWARD in codes and AWARD not in codes


def test_needs_an_approved_summary_and_a_linked_staff_record(cast, dept):
    ministry_round()
    ex = exemplar(cast.unit_a, kind="person", name="Người chưa gắn hồ sơ", person=None)
    ex.status = Status.ACCEPTED
    ex.save()
    with pytest.raises(ValidationError) as err:
        proposals.propose_for_award(cast.officer_a, ex, AWARD)
    assert "chưa được phê duyệt" in err.value.messages[0]
    s = summary.save_summary(cast.officer_a, ex, achievement="a", lessons="b")
    summary.dept_approve(dept, summary.head_approve(cast.head_a,
                                                    summary.submit(cast.officer_a, s)))
    with pytest.raises(ValidationError) as err:
        proposals.propose_for_award(cast.officer_a, ex, AWARD)
    assert "chưa gắn với hồ sơ cán bộ" in err.value.messages[0]


def test_officer_of_another_unit_cannot_propose(cast, dept, client_for):
    ministry_round()
    make_eligible(cast.person_a, 2025)
    ex = person_exemplar(cast, dept)
    with pytest.raises(PermissionDenied):
        proposals.propose_for_award(cast.officer_b, ex, AWARD)
    with pytest.raises(PermissionDenied):
        proposals.propose_for_award(cast.head_a, ex, AWARD)  # a read-only role
    resp = client_for(cast.officer_b).post(reverse("exemplars:propose_award", args=[ex.pk]),
                                           {"award": AWARD})
    assert resp.status_code == 404
    assert not Nomination.objects.exists()


def test_one_click_from_the_exemplar_page(cast, dept, client_for):
    ministry_round()
    make_eligible(cast.person_a, 2025)
    ex = person_exemplar(cast, dept)
    c = client_for(cast.officer_a)
    page = c.get(reverse("exemplars:detail", args=[ex.pk])).content.decode()
    assert "Đề nghị khen thưởng" in page and f'value="{AWARD}"' in page
    resp = c.post(reverse("exemplars:propose_award", args=[ex.pk]), {"award": AWARD})
    body = resp.content.decode()
    nom = Nomination.objects.get()
    assert "Đã lập hồ sơ đề nghị khen thưởng" in body
    assert reverse("nominations:nomination", args=[nom.pk]) in body
    page = c.get(reverse("exemplars:detail", args=[ex.pk])).content.decode()
    assert reverse("nominations:nomination", args=[nom.pk]) in page
