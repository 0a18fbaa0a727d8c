"""Taking a round: the server draws, times and grades; one attempt in progress at a time;
the attempt limit holds; the best attempt counts (score, then time)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tdkt.contests import services
from tdkt.contests.models import Attempt, AttemptStatus, Entry
from tests.contests.conftest import answer_key

pytestmark = pytest.mark.django_db


def test_start_draws_min_of_n_and_bank_and_records_the_start(cast, open_round, bank):
    now = timezone.now()
    attempt, resumed = services.start(cast.staff_a, open_round, now=now)
    assert not resumed and attempt.started_at == now
    assert attempt.total == 4 and attempt.items.count() == 4
    assert attempt.deadline == now + datetime.timedelta(minutes=10)
    assert len({i.question_id for i in attempt.items.all()}) == 4
    open_round.contest.questions_per_attempt = 50  # more than the bank holds
    open_round.contest.save()
    services.submit(cast.staff_a, attempt, {}, now=now)
    second, _ = services.start(cast.staff_a, open_round)
    assert second.total == len(bank) < 50  # the whole bank, fewer than N


def test_grading_needs_exactly_the_right_choices(cast, open_round):
    attempt, _ = services.start(cast.staff_a, open_round)
    key = answer_key(attempt)
    multi = next((p for p, places in key.items() if len(places) > 1), None)
    if multi is not None:  # a multi-answer question with one right choice missing scores 0
        key[multi] = key[multi][:1]
    done = services.submit(cast.staff_a, attempt, key)
    assert done.status == AttemptStatus.SUBMITTED
    assert done.score == (4 if multi is None else 3)
    if multi is not None:
        assert done.items.get(position=multi).correct is False


def test_ticking_every_choice_scores_nothing(cast, open_round):
    attempt, _ = services.start(cast.staff_a, open_round)
    everything = {i.position: list(range(len(i.order))) for i in attempt.items.all()}
    assert services.submit(cast.staff_a, attempt, everything).score == 0


def test_best_attempt_counts_highest_score_then_shortest_time(cast, open_round):
    t0 = timezone.now()
    first, _ = services.start(cast.staff_a, open_round, now=t0)
    services.submit(cast.staff_a, first, answer_key(first), now=t0 + datetime.timedelta(
        minutes=5))
    second, _ = services.start(cast.staff_a, open_round, now=t0 + datetime.timedelta(hours=1))
    services.submit(cast.staff_a, second, answer_key(second), now=t0 + datetime.timedelta(
        hours=1, minutes=2))
    entry = Entry.objects.get(person=cast.staff_a.person)
    assert (entry.best_attempt_id, entry.best_score, entry.best_duration_ms) == (
        second.pk, 4, 120_000)


def test_a_worse_later_attempt_does_not_replace_the_best(cast, open_round):
    first, _ = services.start(cast.staff_a, open_round)
    services.submit(cast.staff_a, first, answer_key(first))
    second, _ = services.start(cast.staff_a, open_round)
    services.submit(cast.staff_a, second, answer_key(second, right=False))
    entry = Entry.objects.get(person=cast.staff_a.person)
    assert entry.best_attempt_id == first.pk and entry.best_score == 4


def test_attempt_limit_is_enforced(cast, open_round):
    for _ in range(2):
        attempt, _ = services.start(cast.staff_a, open_round)
        services.submit(cast.staff_a, attempt, {})
    with pytest.raises(ValidationError, match="hết 2 lượt thi"):
        services.start(cast.staff_a, open_round)
    assert Attempt.objects.count() == 2


def test_a_second_start_resumes_the_attempt_in_progress(cast, open_round):
    first, resumed1 = services.start(cast.staff_a, open_round)
    again, resumed2 = services.start(cast.staff_a, open_round)
    assert (again.pk, resumed1, resumed2) == (first.pk, False, True)
    assert Entry.objects.get().attempts_used == 1


def test_the_database_refuses_two_attempts_in_progress(cast, open_round):
    attempt, _ = services.start(cast.staff_a, open_round)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.create(entry=attempt.entry, person=attempt.person, number=2,
                               started_at=timezone.now(), deadline=attempt.deadline)


def test_time_limit_is_enforced_by_the_server(cast, open_round, clock):
    attempt, _ = services.start(cast.staff_a, open_round)
    clock.shift(datetime.timedelta(minutes=10, seconds=20))  # within the grace
    done = services.submit(cast.staff_a, attempt, answer_key(attempt))
    assert done.status == AttemptStatus.SUBMITTED and done.score == 4
    assert done.duration_ms == 600_000  # never counted beyond the limit
    late, _ = services.start(cast.staff_a, open_round)
    clock.shift(datetime.timedelta(minutes=11))
    refused = services.submit(cast.staff_a, late, answer_key(late))
    assert refused.status == AttemptStatus.EXPIRED and refused.score is None
    entry = Entry.objects.get()
    assert entry.best_attempt_id == attempt.pk and entry.attempts_used == 2


def test_an_abandoned_attempt_expires_when_starting_again(cast, open_round):
    t0 = timezone.now()
    first, _ = services.start(cast.staff_a, open_round, now=t0)
    second, resumed = services.start(cast.staff_a, open_round,
                                     now=t0 + datetime.timedelta(minutes=20))
    assert not resumed and second.number == 2
    first.refresh_from_db()
    assert first.status == AttemptStatus.EXPIRED


def test_deadline_is_cut_at_the_rounds_close(cast, open_round):
    late_start = open_round.closes_at - datetime.timedelta(minutes=3)
    attempt, _ = services.start(cast.staff_a, open_round, now=late_start)
    assert attempt.deadline == open_round.closes_at


def test_closed_or_foreign_rounds_cannot_be_taken(cast, open_round):
    with pytest.raises(ValidationError, match="chưa mở hoặc đã kết thúc"):
        services.start(cast.staff_a, open_round, now=open_round.closes_at)
    with pytest.raises(PermissionDenied):
        services.start(cast.officer_a, open_round)  # no staff record linked
    contest = open_round.contest
    contest.units.set([cast.unit_b])
    with pytest.raises(PermissionDenied):
        services.start(cast.staff_a, open_round)


def test_someone_else_cannot_submit_my_attempt(cast, open_round):
    from tests.factories import make_user

    attempt, _ = services.start(cast.staff_a, open_round)
    other = make_user("staff_x", "staff", "STP-01", person=cast.person_a)
    with pytest.raises(PermissionDenied):
        services.submit(other, attempt, answer_key(attempt))


def test_editing_a_question_keeps_attempts_in_progress_gradable(cast, open_round, dept_user):
    attempt, _ = services.start(cast.staff_a, open_round)
    item = next(i for i in attempt.items.select_related("question")
                if i.question.choices.count() >= 3)
    q = item.question
    choices = [(c.text + " (sửa)", c.correct) for c in q.choices.all()]
    services.save_question(dept_user, document=q.document, anchor=q.anchor, text=q.text,
                           explanation=q.explanation, choices=choices, question=q)
    assert sorted(q.choices.values_list("pk", flat=True)) == sorted(item.order)
    assert services.submit(cast.staff_a, attempt, answer_key(attempt)).score == attempt.total
    fewer = [next(c for c in choices if c[1]), next(c for c in choices if not c[1])]
    with pytest.raises(ValidationError, match="không bớt phương án"):
        services.save_question(dept_user, document=q.document, anchor=q.anchor, text=q.text,
                               explanation="", choices=fewer, question=q)
