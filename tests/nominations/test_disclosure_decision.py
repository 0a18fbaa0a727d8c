"""Public disclosure blocks the decision until its working-day period ends; decisions are
numbered per issuer and year, write history, notify units; revocation flags later awards."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from tdkt.nominations import services
from tdkt.nominations.models import (
    AwardSetting,
    CommentStatus,
    Decision,
    Nomination,
    PublicComment,
    Status,
)
from tdkt.organisation.models import Unit
from tests.factories import make_person
from tests.nominations.helpers import AWARD, D

pytestmark = pytest.mark.django_db


def _require_disclosure(code=AWARD, days=10):
    AwardSetting.objects.filter(code=code).update(disclosure_required=True,
                                                   disclosure_working_days=days)


def _passed_at_council(flow, **kw):
    nom = flow.appraised(**kw)
    meeting = flow.meeting([nom])
    item = meeting.items.get()
    for m in flow.members():
        services.cast_ballot(m, meeting, {item.pk: True})
    flow.close(meeting)
    nom.refresh_from_db()
    return nom


def _issue(flow, noms, signed_on=None, today=None):
    signed_on = signed_on or D(2026, 3, 20)
    return services.issue_decision(
        flow.dept, issuer=Unit.objects.get(code="BTP"), nominations=noms, signed_on=signed_on,
        signer_name="Nguyễn Hải Ninh", signer_title="Bộ trưởng",
        title="Về việc tặng Bằng khen của Bộ trưởng Bộ Tư pháp",
        legal_bases="Căn cứ Luật Thi đua, khen thưởng 2022;", today=today or signed_on,
    )


def test_award_requiring_disclosure_waits_for_it_after_the_council(flow):
    _require_disclosure()
    nom = _passed_at_council(flow)
    assert nom.status == Status.AT_COUNCIL
    period = services.publish_disclosure(flow.dept, title="Công khai 2026",
                                         starts_on=D(2026, 2, 12), nominations=[nom])
    assert period.ends_on == D(2026, 3, 4)  # 10 working days across Tết
    nom.refresh_from_db()
    assert nom.status == Status.IN_DISCLOSURE


def test_disclosure_period_cannot_be_shorter_than_configured(flow):
    _require_disclosure(days=10)
    nom = _passed_at_council(flow)
    with pytest.raises(ValidationError, match="tối thiểu là 10"):
        services.publish_disclosure(flow.dept, title="Ngắn", starts_on=D(2026, 2, 12),
                                    nominations=[nom], working_days=5)


def test_decision_is_blocked_until_the_disclosure_period_has_ended(flow):
    _require_disclosure()
    nom = _passed_at_council(flow)
    period = services.publish_disclosure(flow.dept, title="Công khai", starts_on=D(2026, 2, 12),
                                         nominations=[nom])
    with pytest.raises(ValidationError, match="Chưa hết thời gian công khai"):
        services.conclude_disclosure(flow.dept, period, today=D(2026, 3, 4))  # last day
    # Even if the status were forced, the decision step checks the period itself.
    Nomination.objects.filter(pk=nom.pk).update(status=Status.APPROVED)
    with pytest.raises(ValidationError, match="chưa hết thời gian công khai"):
        _issue(flow, [nom], signed_on=D(2026, 3, 4))
    Nomination.objects.filter(pk=nom.pk).update(status=Status.IN_DISCLOSURE)
    assert services.conclude_disclosure(flow.dept, period, today=D(2026, 3, 5)) == (1, 0)
    decision = _issue(flow, [nom], signed_on=D(2026, 3, 5))
    assert decision.awardees.count() == 1


def test_comments_refused_after_the_period_and_rejected_nominee(flow):
    _require_disclosure()
    nom = _passed_at_council(flow)
    period = services.publish_disclosure(flow.dept, title="Công khai", starts_on=D(2026, 2, 12),
                                         nominations=[nom])
    comment = services.post_comment(period, content="Tôi phản ánh cá nhân này có vi phạm.",
                                    ip="10.0.0.1", nomination=nom, today=D(2026, 2, 13))
    assert comment.ip_hash != "10.0.0.1" and len(comment.ip_hash) == 64
    with pytest.raises(ValidationError, match="không còn nhận"):
        services.post_comment(period, content="Góp ý muộn quá hạn.", ip="x",
                              today=D(2026, 3, 5))
    services.moderate_comment(flow.dept, comment, CommentStatus.VALID, "Đã xác minh, có cơ sở")
    services.conclude_disclosure(flow.dept, period, {nom.pk: "Có phản ánh có cơ sở"},
                                 today=D(2026, 3, 5))
    nom.refresh_from_db()
    assert nom.status == Status.NOT_APPROVED


def test_public_page_needs_no_login_and_rate_limits_comments(flow, client, settings):
    from django.core.cache import cache

    cache.clear()
    _require_disclosure()
    nom = _passed_at_council(flow)
    import datetime
    today = datetime.date.today()
    period = services.publish_disclosure(flow.dept, title="Công khai thử", starts_on=today,
                                         nominations=[nom])
    url = reverse("nominations_public:period", args=[period.pk])
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200 and nom.subject_name in body
    assert nom.person.id_number not in body  # no personal data on the public page
    assert client.get(reverse("nominations_public:index")).status_code == 200
    for i in range(5):
        r = client.post(url, {"content": f"Góp ý số {i} về danh sách.", "nomination": nom.pk})
        assert r.status_code == 302
    r = client.post(url, {"content": "Góp ý thứ sáu quá giới hạn."})
    assert r.status_code == 429
    assert PublicComment.objects.count() == 5
    assert PublicComment.objects.filter(nomination=nom).count() == 5
    r = client.post(url, {"content": "ngắn"}, REMOTE_ADDR="10.9.9.9")
    assert "quá ngắn" in r.content.decode()
    # The department sees the comments on the nomination.
    dept_page = flow.cast and client
    dept_page.force_login(flow.dept)
    text = dept_page.get(reverse("nominations:nomination", args=[nom.pk])).content.decode()
    assert "Góp ý số 0 về danh sách." in text


def test_decision_writes_history_numbers_and_notifies(flow):
    from tdkt.history.models import PersonAward

    nom = _passed_at_council(flow)
    assert nom.status == Status.APPROVED
    decision = _issue(flow, [nom])
    assert decision.number == "1/QĐ-BTP" and decision.year == 2026
    nom.refresh_from_db()
    assert nom.status == Status.DECIDED
    row = PersonAward.objects.get(person=nom.person, award__code=AWARD, year=2025)
    assert (row.decision_number, row.decision_date, row.method) == (
        "01/QĐ-BTP", D(2026, 3, 20), "regular")
    awardee = decision.awardees.get()
    assert awardee.history_ref == f"history.personaward:{row.pk}"
    assert flow.cast.unit_a.notifications.filter(
        message__contains="01/QĐ-BTP").exists()
    # The eligibility engine now sees the award.
    from tdkt.eligibility.services import person_case
    case = person_case(nom.person, 2026)
    assert any(c.award == AWARD and c.year == 2025 for c in case.awards)


def test_decision_numbers_follow_each_issuers_yearly_series(flow):
    assert [services.allocate_number("BTP", 2026) for _ in range(3)] == [1, 2, 3]
    assert services.allocate_number("BTP", 2027) == 1
    assert services.allocate_number("TCTHADS", 2026) == 1


def test_the_database_refuses_a_second_decision_with_the_same_number(flow):
    from django.db import IntegrityError, transaction

    btp = Unit.objects.get(code="BTP")
    values = dict(issuer=btp, issuer_code="BTP", year=2026, sequence=7, number="7/QĐ-BTP",
                  signed_on=D(2026, 1, 5), signer_name="A", signer_title="B", title="C",
                  legal_bases="D")
    Decision.objects.create(**values)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(**values)


@pytest.mark.skipif(connection.vendor == "sqlite",
                    reason="the in-memory SQLite test database has no row locks; "
                           "run on PostgreSQL (the file database serialises writers)")
@pytest.mark.django_db(transaction=True)
def test_decision_numbers_are_unique_under_concurrency():
    from django.db import transaction

    numbers, errors = [], []

    def take():
        try:
            with transaction.atomic():
                numbers.append(services.allocate_number("BTP", 2030))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=take) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(numbers) == list(range(1, 9))


def test_revocation_marks_the_award_and_flags_later_awards_that_relied_on_it(flow):
    from tdkt.history.models import AwardType, PersonRating, PersonTitle

    person = make_person("STP-01-VP", "Đỗ Thị Liên", gender="female")
    for y in (2023, 2024, 2025):
        PersonRating.objects.create(person=person, year=y, rating="HTXSNV")
    cstd = AwardType.objects.get(code="chien_si_thi_dua_co_so")
    PersonTitle.objects.create(person=person, year=2023, award=cstd)
    # 2024: CSTĐ cơ sở through the workflow (decision A).
    flow.round.award_codes = [*flow.round.award_codes, "chien_si_thi_dua_co_so"]
    flow.round.year = 2024
    flow.round.save()
    PersonTitle.objects.create(person=person, year=2024,
                               award=AwardType.objects.get(code="lao_dong_tien_tien"))
    nom_2024 = _passed_at_council(flow, person=person, award="chien_si_thi_dua_co_so",
                                  eligible=False)
    decision_a = _issue(flow, [nom_2024], signed_on=D(2025, 1, 20))
    # 2025: the Minister's certificate, which needs CSTĐ cơ sở in 2024 and 2025.
    PersonTitle.objects.create(person=person, year=2025, award=cstd)
    from tests.nominations.helpers import make_round
    flow.round = make_round(name="Tổng kết 2025 (đợt 2)")
    later = _passed_at_council(flow, person=person, eligible=False)
    decision_b = _issue(flow, [later], signed_on=D(2026, 3, 20))
    assert later.eligibility_snapshot["verdict"] == "eligible"

    revoked = decision_a.awardees.get()
    flagged = services.revoke_award(flow.dept, revoked, ground="b",
                                    reason="Hồ sơ sáng kiến giả mạo", reference="5/QĐ-BTP",
                                    today=D(2026, 5, 1))
    revoked.refresh_from_db()
    assert revoked.revoked and revoked.revocation_ground == "b"
    assert not PersonTitle.objects.filter(person=person, year=2024, award=cstd).exists()
    nom_2024.refresh_from_db()
    assert nom_2024.status == Status.REVOKED
    assert [a.pk for a in flagged] == [decision_b.awardees.get().pk]
    other = decision_b.awardees.get()
    assert other.flagged and "đã bị hủy bỏ" in other.flag_reason
    with pytest.raises(ValidationError, match="đã bị hủy bỏ"):
        services.revoke_award(flow.dept, revoked, ground="b", reason="Lần nữa nhé")
    # The person's record says what was revoked and why, and what must be re-checked.
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(flow.dept)
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Khen thưởng bị hủy bỏ hoặc cần xem xét lại" in page
    assert "đã hủy bỏ</strong> ngày 01/05/2026" in page and "Hồ sơ sáng kiến giả mạo" in page
    assert "cần xem xét lại:</strong>" in page


def test_decision_refuses_nominations_not_yet_approved(flow):
    nom = flow.appraised()
    with pytest.raises(ValidationError, match="chưa được đề nghị"):
        _issue(flow, [nom])
    assert not Decision.objects.exists()
