"""Demo: the question bank from data/question_bank.json (only questions whose document is in
the library), one finished contest (two weekly rounds a month ago, results, a prize decision
per round with individual and collective prizes) and one open contest whose first round is
open now (relative to today) with participants from several units — but not
nhanvien.stp01, who finds it on the home page. Deterministic for a given seed. Contests,
rounds and prize decisions go through the services; the many past attempts are written in
bulk by `_simulate`, which stores what the services would (fast enough for seed_demo)."""

from __future__ import annotations

import datetime
import random

from django.db.models import Q
from django.utils import timezone

from tdkt.accounts.models import Role, User
from tdkt.audit.services import record_many
from tdkt.people.models import Person

from . import bank, selectors, services
from .models import (
    Attempt,
    AttemptQuestion,
    AttemptStatus,
    Choice,
    Contest,
    Entry,
    PrizeLevel,
    Question,
)

ORDER = 37  # after the legal library (35) and the accounts (30)

FINISHED = "Cuộc thi trực tuyến tìm hiểu Luật Thi đua, khen thưởng năm 2026"
OPEN = "Tuần thi tìm hiểu pháp luật về thi đua, khen thưởng – Ngày Pháp luật 9/11"
RULES = (
    "1. Đối tượng: cán bộ, công chức, viên chức, người lao động đang công tác trong ngành Tư "
    "pháp.\n2. Mỗi tuần là một vòng thi. Mỗi lượt thi gồm các câu hỏi trắc nghiệm được chọn "
    "ngẫu nhiên từ ngân hàng câu hỏi và một câu hỏi phụ dự đoán số người tham gia.\n"
    "3. Kết quả của mỗi người là lượt thi có nhiều câu trả lời đúng nhất; nếu bằng nhau, lượt "
    "có thời gian làm bài ngắn hơn; nếu vẫn bằng nhau, dự đoán gần đúng hơn.\n"
    "4. Giải tập thể trao cho đơn vị có tỷ lệ cán bộ tham gia cao nhất.")


def _simulate(rnd, takers, rng, skills, pool, choices, right) -> int:
    """Past attempts of many people at once (bulk rows, one audit action per attempt): what
    services.start/submit would have stored for each — the same draw (min(N, bank)), choice
    shuffling, exact-match grading, time from the recorded start, best attempt per person.
    `takers`: (person, [start moments]). Returns the number of attempts."""
    contest = rnd.contest
    n = min(contest.questions_per_attempt, len(pool))
    entries = Entry.objects.bulk_create(
        Entry(round=rnd, person=p, unit_id=p.unit_id, attempts_used=len(starts))
        for p, starts in takers)
    attempts, plans = [], []
    for entry, (person, starts) in zip(entries, takers, strict=True):
        for number, when in enumerate(starts, start=1):
            drawn = rng.sample(pool, n)
            items, score = [], 0
            for position, qid in enumerate(drawn, start=1):
                order = list(choices[qid])
                rng.shuffle(order)
                if rng.random() < skills[person.pk]:
                    chosen = [c for c in order if c in right]
                else:
                    wrong = [c for c in order if c not in right]
                    chosen = [rng.choice(wrong)] if wrong else []
                ok = set(chosen) == {c for c in order if c in right}
                score += ok
                items.append((qid, position, order, sorted(chosen), ok))
            took = rng.randint(120, min(540, contest.time_limit_minutes * 60))
            attempts.append(Attempt(
                entry=entry, person=person, number=number, status=AttemptStatus.SUBMITTED,
                started_at=when, deadline=when + datetime.timedelta(
                    minutes=contest.time_limit_minutes),
                submitted_at=when + datetime.timedelta(seconds=took), score=score, total=n,
                duration_ms=took * 1000, prediction=rng.randint(80, 400)))
            plans.append(items)
    attempts = Attempt.objects.bulk_create(attempts)
    AttemptQuestion.objects.bulk_create(
        AttemptQuestion(attempt=a, question_id=qid, position=pos, order=order,
                        selected=chosen, correct=ok)
        for a, items in zip(attempts, plans, strict=True)
        for qid, pos, order, chosen, ok in items)
    best: dict[int, Attempt] = {}
    for a in attempts:
        b = best.get(a.entry_id)
        if b is None or (a.score, -a.duration_ms) > (b.score, -b.duration_ms):
            best[a.entry_id] = a
    for entry in entries:
        a = best[entry.pk]
        entry.best_attempt, entry.best_score, entry.best_duration_ms = a, a.score, a.duration_ms
        entry.prediction, entry.best_submitted_at = a.prediction, a.submitted_at
    Entry.objects.bulk_update(entries, ["best_attempt", "best_score", "best_duration_ms",
                                        "prediction", "best_submitted_at"])
    record_many(None, (
        ("contest_attempt.submit", "contests.attempt", a.pk, f"Lượt {a.number}",
         {"status": [AttemptStatus.OPEN, AttemptStatus.SUBMITTED], "score": [None, a.score],
          "duration_ms": [None, a.duration_ms]}, "Dữ liệu mẫu")
        for a in attempts))
    return len(attempts)


def _people(ctx, rng, exclude: set[int]):
    """Participants: in each ranked unit a share of its staff between 0 and 60 %
    (deterministic), at most 400 per 0.1 of scale."""
    units = selectors.ranked_units()
    assign = selectors._assigner(units)
    rates = {u.pk: rng.choice([0, 0, 0.05, 0.1, 0.2, 0.3, 0.45, 0.6]) for u in units}
    for u in units:  # the demo accounts' units take part well
        if u.code in ("STP-01", "THADS-79"):
            rates[u.pk] = 0.45
    chosen = []
    for person in Person.objects.select_related("unit").order_by("pk"):
        u = assign(person.unit.path)
        if u and person.pk not in exclude and rng.random() < rates[u.pk]:
            chosen.append(person)
    cap = max(400, int(4000 * ctx.scale))
    return chosen if len(chosen) <= cap else sorted(rng.sample(chosen, cap),
                                                    key=lambda p: p.pk)


def seed(ctx):
    if Contest.objects.exists():
        return
    actor = User.objects.filter(username="thuongtruc").first()
    if actor is None:
        return
    # A generator of our own: the demos after this one draw the same numbers as without it.
    rng = random.Random(f"contests-{ctx.seed}")
    from tdkt.legal.models import LegalDocument

    known = set(LegalDocument.objects.values_list("code", flat=True))
    specs = [s for s in bank.read_default() if s.document in known]
    if not specs:
        return
    services.import_questions(actor, specs)
    pool = sorted(Question.objects.filter(active=True).values_list("pk", flat=True))
    choices: dict[int, list[int]] = {}
    for qid, cid in Choice.objects.order_by("question", "position", "pk").values_list(
            "question_id", "pk"):
        choices.setdefault(qid, []).append(cid)
    right = set(Choice.objects.filter(correct=True).values_list("pk", flat=True))
    # nhanvien.stp01 has the open round still to take; the organisers (the department) and the
    # question writers do not take part.
    staff = User.objects.filter(Q(username="nhanvien.stp01") | Q(
        role_assignments__role=Role.EMULATION_DEPT)).values_list("person_id", flat=True)
    exclude = {pk for pk in staff if pk}
    people = _people(ctx, rng, exclude)
    skills = {p.pk: rng.uniform(0.45, 0.95) for p in people}
    now = timezone.now().replace(second=0, microsecond=0)
    day = datetime.timedelta(days=1)
    made = 0

    finished = services.save_contest(
        actor, title=FINISHED, rules=RULES, questions_per_attempt=10, time_limit_minutes=15,
        max_attempts=3, tiebreak_question="Dự đoán có bao nhiêu người tham gia vòng thi này?",
        published=True)
    start = timezone.localtime(now - 42 * day).replace(hour=8, minute=0)
    for week in range(2):
        rnd = services.add_round(actor, finished, opens_at=start + 7 * week * day,
                                 closes_at=start + (7 * week + 6) * day + datetime.timedelta(
                                     hours=9))
        takers = []
        for person in people:
            if rng.random() < 0.75:
                when = rnd.opens_at + datetime.timedelta(minutes=rng.randint(60, 8000))
                starts = [when]
                if rng.random() < 0.3 and when + day < rnd.closes_at - day / 24:
                    starts.append(when + day)  # a second try later in the week
                takers.append((person, starts))
        made += _simulate(rnd, takers, rng, skills, pool, choices, right)
        services.award_prizes(
            actor, finished, rnd, number=f"{12 + week}/QĐ-BTC",
            signed_on=(rnd.closes_at + 3 * day).date(), signer_title="TRƯỞNG BAN TỔ CHỨC",
            signer_name="Nguyễn Văn Hòa", counts={PrizeLevel.FIRST: 1, PrizeLevel.SECOND: 2,
                                                  PrizeLevel.THIRD: 3,
                                                  PrizeLevel.CONSOLATION: 5},
            collectives=3, now=now)

    current = services.save_contest(
        actor, title=OPEN, rules=RULES, questions_per_attempt=10, time_limit_minutes=20,
        max_attempts=3, published=True)
    opens = timezone.localtime(now - 2 * day).replace(hour=8, minute=0)
    first = services.add_round(actor, current, opens_at=opens,
                               closes_at=opens + 6 * day + datetime.timedelta(hours=9))
    services.add_round(actor, current, opens_at=first.opens_at + 7 * day,
                       closes_at=first.closes_at + 7 * day)
    takers = []
    for person in people[::2]:
        when = first.opens_at + datetime.timedelta(minutes=rng.randint(30, 2400))
        if when < now - datetime.timedelta(minutes=30):
            takers.append((person, [when]))
    made += _simulate(first, takers, rng, skills, pool, choices, right)
    ctx.say(f"  cuộc thi tìm hiểu pháp luật: {len(pool)} câu hỏi, 2 cuộc thi, "
            f"{len(people)} người dự thi, {made} lượt thi")
