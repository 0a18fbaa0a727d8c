"""Prizes: individuals by score, time, then prediction; collectives by participation rate;
only after the round closes, once; a certificate PDF per winner through the documents app."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tdkt.contests import selectors, services
from tdkt.contests.models import Prize, PrizeLevel
from tests.contests.conftest import answer_key
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def _take(person, rnd, now, seconds, right=True, prediction=None):
    who = SimpleNamespace(person=person, person_id=person.pk, is_authenticated=False)
    attempt, _ = services.start(who, rnd, now=now)
    key = answer_key(attempt) if right else {}
    return services.submit(who, attempt, key, prediction,
                           now=now + datetime.timedelta(seconds=seconds))


def test_ranking_score_then_time_then_prediction(open_round):
    t = open_round.opens_at + datetime.timedelta(hours=1)
    slow = make_person("STP-01-VP", "Người Chậm")
    fast = make_person("STP-79-VP", "Người Nhanh")
    close_guess = make_person("STP-79-VP", "Người Đoán Gần")
    far_guess = make_person("STP-01-VP", "Người Đoán Xa")
    wrong = make_person("STP-01-VP", "Người Sai")
    _take(slow, open_round, t, 300)
    _take(fast, open_round, t, 100)
    _take(far_guess, open_round, t, 200, prediction=900)
    _take(close_guess, open_round, t, 200, prediction=6)  # 5 participants
    _take(wrong, open_round, t, 10, right=False)
    names = [e.person.full_name for e in selectors.ranking(open_round)]
    assert names == ["Người Nhanh", "Người Đoán Gần", "Người Đoán Xa", "Người Chậm",
                     "Người Sai"]


def test_prizes_only_after_the_round_closes_and_once(dept_user, open_round, client_for):
    t = open_round.opens_at + datetime.timedelta(hours=1)
    people = [make_person("STP-01-VP", f"Người Số {i}") for i in range(4)]
    for i, p in enumerate(people):
        _take(p, open_round, t, 60 * (i + 1))
    args = dict(number="15/QĐ-BTC", signed_on=datetime.date(2026, 12, 20),
                signer_title="TRƯỞNG BAN TỔ CHỨC", signer_name="Nguyễn Văn Hòa",
                counts={PrizeLevel.FIRST: 1, PrizeLevel.SECOND: 1, PrizeLevel.THIRD: 5},
                collectives=2)
    contest = open_round.contest
    with pytest.raises(ValidationError, match="khi vòng thi đã kết thúc"):
        services.award_prizes(dept_user, contest, open_round, **args)
    after = open_round.closes_at + datetime.timedelta(days=1)
    decision = services.award_prizes(dept_user, contest, open_round, now=after, **args)
    individual = list(decision.prizes.filter(kind="individual").order_by("rank"))
    assert [(p.level, p.name) for p in individual] == [
        ("nhat", "Người Số 0"), ("nhi", "Người Số 1"), ("ba", "Người Số 2"),
        ("ba", "Người Số 3")]
    collective = list(decision.prizes.filter(kind="collective"))
    assert [p.unit.code for p in collective] == ["STP-01"]  # the only unit with participants
    with pytest.raises(ValidationError, match="đã có quyết định"):
        services.award_prizes(dept_user, contest, open_round, now=after, **args)

    client = client_for(dept_user)
    pdf = client.get(reverse("contests:certificate", args=[individual[0].pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    import io

    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "Người Số 0" in text and "giải Nhất" in text and "15/QĐ-BTC" in text
    bundle = client.get(reverse("contests:decision_certificates", args=[decision.pk]))
    assert len(PdfReader(io.BytesIO(bundle.content)).pages) == Prize.objects.count()


def test_staff_download_only_their_own_certificate(cast, client_for, dept_user, open_round):
    t = open_round.opens_at + datetime.timedelta(hours=1)
    _take(cast.staff_a.person, open_round, t, 30)
    _take(cast.person_a, open_round, t, 60)
    decision = services.award_prizes(
        dept_user, open_round.contest, open_round, number="1/QĐ-BTC",
        signed_on=datetime.date(2026, 12, 20), signer_title="TRƯỞNG BAN", signer_name="A B",
        counts={PrizeLevel.FIRST: 1, PrizeLevel.SECOND: 1}, collectives=0,
        now=open_round.closes_at + datetime.timedelta(days=1))
    mine = decision.prizes.get(person=cast.staff_a.person)
    theirs = decision.prizes.get(person=cast.person_a)
    client = client_for(cast.staff_a)
    assert client.get(reverse("contests:certificate", args=[mine.pk])).status_code == 200
    assert client.get(reverse("contests:certificate", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("contests:decision_certificates",
                              args=[decision.pk])).status_code == 403


def test_collective_prizes_by_rate_or_by_number_of_participants(dept_user, open_round):
    t = open_round.opens_at + datetime.timedelta(hours=1)
    for i in range(3):  # Hà Nội: 3 of 10 take part; Hồ Chí Minh: 2 of 2
        _take(make_person("STP-01-VP", f"Hà Nội {i}"), open_round, t, 60)
    for i in range(7):
        make_person("STP-01-VP", f"Hà Nội vắng {i}")
    for i in range(2):
        _take(make_person("STP-79-VP", f"Phía Nam {i}"), open_round, t, 60)
    after = open_round.closes_at + datetime.timedelta(days=1)
    common = dict(signed_on=datetime.date(2026, 12, 20), signer_title="TRƯỞNG BAN",
                  signer_name="A B", counts={}, collectives=1, now=after)
    by_rate = services.award_prizes(dept_user, open_round.contest, open_round,
                                    number="1/QĐ-BTC", **common)
    assert [p.unit.code for p in by_rate.prizes.all()] == ["STP-79"]
    by_rate.delete()
    by_count = services.award_prizes(dept_user, open_round.contest, open_round,
                                     number="2/QĐ-BTC", collective_by="count", **common)
    assert [p.unit.code for p in by_count.prizes.all()] == ["STP-01"]
