"""Every state change of the contests area. Each runs in one transaction, is audited, and
transitions lock the row they change (the participant's Entry while starting or submitting).
Only the emulation department manages the bank, contests and prizes."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tdkt.accounts.scoping import require_dept
from tdkt.audit.services import record
from tdkt.core.text import fold

from .bank import QuestionSpec
from .models import (
    ANCHOR_RE,
    Attempt,
    AttemptQuestion,
    AttemptStatus,
    Choice,
    Contest,
    Entry,
    Prize,
    PrizeDecision,
    PrizeKind,
    PrizeLevel,
    Question,
    Round,
)

# A submission this long after the deadline (network, a slow phone) is still accepted; the
# time counted never exceeds the limit. Later, the answers are refused.
GRACE = datetime.timedelta(seconds=30)
NOT_LINKED = ("Tài khoản của bạn chưa gắn với hồ sơ cán bộ nên chưa dự thi được; "
              "liên hệ quản trị hệ thống.")

# --- question bank --------------------------------------------------------------------------


def _check_question(document, anchor: str, text: str, choices: list[tuple[str, bool]]):
    errors = {}
    if document is None:
        errors["document"] = "Chọn văn bản."
    if not ANCHOR_RE.match(anchor or ""):
        errors["anchor"] = "Điều, khoản phải có dạng dieu-93 hoặc dieu-93-khoan-2."
    if not (text or "").strip():
        errors["text"] = "Nhập nội dung câu hỏi."
    if len(choices) < 2:
        errors["__all__"] = "Cần ít nhất hai phương án trả lời."
    elif not any(ok for _, ok in choices):
        errors["__all__"] = "Đánh dấu ít nhất một phương án đúng."
    elif all(ok for _, ok in choices):
        errors["__all__"] = "Không thể mọi phương án đều đúng."
    if errors:
        raise ValidationError(errors)


def save_question(actor, *, document, anchor: str, text: str, explanation: str,
                  choices: list[tuple[str, bool]], active: bool = True,
                  question: Question | None = None) -> Question:
    """Create a question, or replace an existing one's wording and choices."""
    require_dept(actor)
    anchor = (anchor or "").strip().lower()
    choices = [(" ".join(t.split()), bool(ok)) for t, ok in choices if t and t.strip()]
    _check_question(document, anchor, text, choices)
    with transaction.atomic():
        if question is None:
            q = Question(created_by=actor)
            old = None
        else:
            q = Question.objects.select_for_update().get(pk=question.pk)
            old = {"text": q.text, "anchor": q.anchor, "active": q.active}
        q.document, q.anchor, q.text = document, anchor, text.strip()
        q.explanation, q.active = (explanation or "").strip(), active
        q.save()
        # Choices are changed in place: attempts keep the ids of the choices they showed, so
        # an attempt in progress or a past one still reads and grades the same choices.
        existing = list(q.choices.order_by("position", "pk")) if old is not None else []
        surplus = existing[len(choices):]
        if surplus and AttemptQuestion.objects.filter(question=q).exists():
            raise ValidationError("Câu hỏi đã được dùng trong lượt thi nên không bớt phương án "
                                  "được; hãy tạo câu hỏi mới và thôi dùng câu hỏi này.")
        for i, (t, ok) in enumerate(choices):
            if i < len(existing):
                c = existing[i]
                c.text, c.correct, c.position = t, ok, i
                c.save(update_fields=["text", "correct", "position"])
            else:
                Choice.objects.create(question=q, text=t, correct=ok, position=i)
        Choice.objects.filter(pk__in=[c.pk for c in surplus]).delete()
        changes = {"text": [old and old["text"], q.text], "anchor": [old and old["anchor"],
                                                                     q.anchor],
                   "active": [old and old["active"], q.active], "choices": len(choices)}
        record(actor, "contest_question.create" if old is None else "contest_question.update",
               q, changes)
    return q


@dataclass
class ImportResult:
    created: int
    skipped: int


def import_questions(actor, specs: list[QuestionSpec], *, check_dept: bool = True
                     ) -> ImportResult:
    """Save the questions of a bank file in one transaction. A question whose document and
    wording (without diacritics, case, spacing) already exist is skipped, so importing the
    same file twice adds nothing. `check_dept=False` only for the demo loader."""
    from tdkt.legal.models import LegalDocument

    if check_dept:
        require_dept(actor)
    docs = {d.code: d for d in LegalDocument.objects.filter(
        code__in={s.document for s in specs})}
    missing = sorted({s.document for s in specs} - docs.keys())
    if missing:
        raise ValidationError(
            f"Văn bản chưa có trong thư viện pháp luật: {', '.join(missing)}.")
    existing = set(Question.objects.filter(document__in=docs.values())
                   .values_list("document__code", "search_text"))
    created = skipped = 0
    with transaction.atomic():
        for spec in specs:
            q = Question(document=docs[spec.document], anchor=spec.anchor, text=spec.text,
                         explanation=spec.explanation, created_by=actor)
            key = (spec.document, fold(f"{spec.text} {spec.explanation}"))
            if key in existing:
                skipped += 1
                continue
            existing.add(key)
            q.save()
            Choice.objects.bulk_create(
                Choice(question=q, text=t, correct=ok, position=i)
                for i, (t, ok) in enumerate(spec.choices))
            created += 1
        if created:
            record(actor, "contest_question.import_file", docs[specs[0].document],
                   {"created": created, "skipped": skipped})
    return ImportResult(created, skipped)


# --- contests and rounds --------------------------------------------------------------------

CONTEST_FIELDS = ("title", "rules", "questions_per_attempt", "time_limit_minutes",
                  "max_attempts", "tiebreak_question", "published")


def save_contest(actor, *, units=(), documents=(), contest: Contest | None = None,
                 **fields) -> Contest:
    require_dept(actor)
    if not (fields.get("title") or "").strip():
        raise ValidationError({"title": "Nhập tên cuộc thi."})
    for name, label in (("questions_per_attempt", "Số câu hỏi"),
                        ("time_limit_minutes", "Thời gian làm bài"),
                        ("max_attempts", "Số lượt thi")):
        if not fields.get(name) or int(fields[name]) < 1:
            raise ValidationError({name: f"{label} phải lớn hơn 0."})
    with transaction.atomic():
        if contest is None:
            c = Contest(created_by=actor)
            old = {}
        else:
            c = Contest.objects.select_for_update().get(pk=contest.pk)
            old = {k: getattr(c, k) for k in CONTEST_FIELDS}
        for k in CONTEST_FIELDS:
            if k in fields:
                setattr(c, k, fields[k])
        c.save()
        c.units.set(units)
        c.documents.set(documents)
        record(actor, "contest.update" if old else "contest.create", c,
               {k: [old.get(k), getattr(c, k)] for k in CONTEST_FIELDS
                if old.get(k) != getattr(c, k)} | {"units": [u.code for u in units]})
    return c


def add_round(actor, contest: Contest, *, opens_at, closes_at) -> Round:
    require_dept(actor)
    if not opens_at or not closes_at or closes_at <= opens_at:
        raise ValidationError("Thời điểm đóng vòng thi phải sau thời điểm mở.")
    with transaction.atomic():
        contest = Contest.objects.select_for_update().get(pk=contest.pk)
        rounds = list(contest.rounds.all())
        if any(r.opens_at < closes_at and opens_at < r.closes_at for r in rounds):
            raise ValidationError("Vòng thi trùng thời gian với một vòng đã có.")
        number = max((r.number for r in rounds), default=0) + 1
        rnd = Round.objects.create(contest=contest, number=number, opens_at=opens_at,
                                   closes_at=closes_at)
        record(actor, "contest.add_round", contest,
               {"round": [None, number], "opens_at": [None, opens_at],
                "closes_at": [None, closes_at]})
    return rnd


def may_take(contest: Contest, person) -> bool:
    """Whether `person` is among the contest's participants (whole sector, or under one of
    its units)."""
    paths = [u.path for u in contest.units.all()]
    return not paths or any(person.unit.path.startswith(p) for p in paths)


# --- taking a round ------------------------------------------------------------------------


def _entry_locked(rnd: Round, person) -> Entry:
    """The participant's entry, created on first use, locked for this transaction."""
    if not Entry.objects.filter(round=rnd, person=person).exists():
        try:
            with transaction.atomic():
                Entry.objects.create(round=rnd, person=person, unit_id=person.unit_id)
        except IntegrityError:  # created meanwhile by a parallel request
            pass
    return Entry.objects.select_for_update().get(round=rnd, person=person)


def _expire(actor, attempt: Attempt, now) -> Attempt:
    attempt.status = AttemptStatus.EXPIRED
    attempt.submitted_at = now
    attempt.save(update_fields=["status", "submitted_at"])
    record(actor, "contest_attempt.expire", attempt,
           {"status": [AttemptStatus.OPEN, AttemptStatus.EXPIRED],
            "deadline": attempt.deadline})
    return attempt


def _draw(contest: Contest, rng) -> list[int]:
    pool = Question.objects.filter(active=True)
    docs = list(contest.documents.values_list("pk", flat=True))
    if docs:
        pool = pool.filter(document__in=docs)
    ids = sorted(pool.values_list("pk", flat=True))
    return rng.sample(ids, min(contest.questions_per_attempt, len(ids)))


def start(user, rnd: Round, *, now=None, rng=None) -> tuple[Attempt, bool]:
    """Start an attempt, or resume the one in progress: (attempt, resumed). The server
    records the start; the deadline is the time limit, cut at the round's closing. A person
    never has two attempts in progress (the entry row is locked and a constraint holds it);
    the number of attempts is enforced under the same lock."""
    person = getattr(user, "person", None)
    if person is None:
        raise PermissionDenied(NOT_LINKED)
    contest = rnd.contest
    if not may_take(contest, person):
        raise PermissionDenied("Cuộc thi này không dành cho đơn vị của bạn.")
    now = now or timezone.now()
    rng = rng or random.SystemRandom()
    with transaction.atomic():
        entry = _entry_locked(rnd, person)
        current = entry.attempts.filter(status=AttemptStatus.OPEN).first()
        if current is not None:
            if now <= current.deadline + GRACE:
                return current, True
            _expire(user, current, now)
        if not rnd.is_open(now):
            raise ValidationError("Vòng thi chưa mở hoặc đã kết thúc.")
        if entry.attempts_used >= contest.max_attempts:
            raise ValidationError(
                f"Bạn đã dùng hết {contest.max_attempts} lượt thi của vòng này.")
        drawn = _draw(contest, rng)
        if not drawn:
            raise ValidationError("Ngân hàng câu hỏi chưa có câu hỏi nào cho cuộc thi này.")
        deadline = min(now + datetime.timedelta(minutes=contest.time_limit_minutes),
                       rnd.closes_at)
        attempt = Attempt.objects.create(
            entry=entry, person=person, number=entry.attempts_used + 1, started_at=now,
            deadline=deadline, total=len(drawn))
        choices: dict[int, list[int]] = {}
        for qid, cid in Choice.objects.filter(question__in=drawn).values_list(
                "question_id", "pk").order_by("question_id", "position", "pk"):
            choices.setdefault(qid, []).append(cid)
        items = []
        for position, qid in enumerate(drawn, start=1):
            order = list(choices.get(qid, []))
            rng.shuffle(order)
            items.append(AttemptQuestion(attempt=attempt, question_id=qid, position=position,
                                         order=order))
        AttemptQuestion.objects.bulk_create(items)
        entry.attempts_used += 1
        entry.save(update_fields=["attempts_used"])
        record(user, "contest_attempt.start", attempt,
               {"round": rnd.pk, "number": attempt.number, "questions": len(drawn),
                "deadline": deadline})
    return attempt, False


def grade(attempt: Attempt, answers: dict[int, list[int]]) -> int:
    """Mark each item: `answers` maps an item's position to the places (0-based, in the
    order shown) of the choices ticked. Right only when exactly the right choices are
    ticked. Returns the score (items right)."""
    items = list(attempt.items.all())
    right: dict[int, set[int]] = {}
    for qid, cid in Choice.objects.filter(
            question__in=[i.question_id for i in items], correct=True).values_list(
            "question_id", "pk"):
        right.setdefault(qid, set()).add(cid)
    score = 0
    for item in items:
        places = answers.get(item.position) or []
        chosen = {item.order[p] for p in places if isinstance(p, int) and
                  0 <= p < len(item.order)}
        item.selected = sorted(chosen)
        item.correct = chosen == right.get(item.question_id, set())
        score += item.correct
    AttemptQuestion.objects.bulk_update(items, ["selected", "correct"])
    return score


def submit(user, attempt: Attempt, answers: dict[int, list[int]], prediction=None, *,
           now=None) -> Attempt:
    """Grade an attempt on the server. After the deadline and its grace the answers are
    refused and the attempt is recorded as expired (it used one of the attempts). The time
    counted is from the recorded start to the submission, never beyond the limit."""
    now = now or timezone.now()
    if getattr(user, "person_id", None) != attempt.person_id:
        raise PermissionDenied("Đây không phải lượt thi của bạn.")
    with transaction.atomic():
        entry = Entry.objects.select_for_update().get(pk=attempt.entry_id)
        attempt = Attempt.objects.get(pk=attempt.pk)
        if attempt.status != AttemptStatus.OPEN:
            raise ValidationError("Lượt thi này đã kết thúc.")
        if now > attempt.deadline + GRACE:
            return _expire(user, attempt, now)
        score = grade(attempt, answers)
        end = min(now, attempt.deadline)
        attempt.status = AttemptStatus.SUBMITTED
        attempt.submitted_at = now
        attempt.score = score
        attempt.duration_ms = max(0, int((end - attempt.started_at).total_seconds() * 1000))
        attempt.prediction = prediction
        attempt.save(update_fields=["status", "submitted_at", "score", "duration_ms",
                                    "prediction"])
        better = (entry.best_score is None or score > entry.best_score or
                  (score == entry.best_score and attempt.duration_ms < entry.best_duration_ms))
        if better:
            entry.best_attempt = attempt
            entry.best_score, entry.best_duration_ms = score, attempt.duration_ms
            entry.prediction, entry.best_submitted_at = prediction, now
            entry.save(update_fields=["best_attempt", "best_score", "best_duration_ms",
                                      "prediction", "best_submitted_at"])
        record(user, "contest_attempt.submit", attempt,
               {"status": [AttemptStatus.OPEN, AttemptStatus.SUBMITTED],
                "score": [None, score], "duration_ms": [None, attempt.duration_ms],
                "best": better})
    return attempt


# --- prizes ---------------------------------------------------------------------------------

LEVEL_ORDER = [PrizeLevel.FIRST, PrizeLevel.SECOND, PrizeLevel.THIRD, PrizeLevel.CONSOLATION]


def award_prizes(actor, contest: Contest, rnd: Round | None, *, number: str, signed_on,
                 signer_title: str, signer_name: str, counts: dict[str, int],
                 collectives: int = 0, collective_by: str = "rate",
                 now=None) -> PrizeDecision:
    """Record the organisers' decision: individual prizes follow the round's ranking
    (score, then time, then the prediction's distance to the real number of participants);
    collective prizes follow the units' participation rate (`collective_by="rate"`) or their
    number of participants (`"count"`, as many contests count entrants), then the average
    score. Only once
    the round (or, for the whole contest, every round) has closed, once per round."""
    from . import selectors

    require_dept(actor)
    now = now or timezone.now()
    number = " ".join((number or "").split())
    if not number or not signed_on or not (signer_name or "").strip():
        raise ValidationError("Nhập số, ngày ký và người ký quyết định.")
    rounds = [rnd] if rnd else list(contest.rounds.all())
    if not rounds or any(not r.is_closed(now) for r in rounds):
        raise ValidationError("Chỉ trao giải khi vòng thi đã kết thúc.")
    with transaction.atomic():
        Contest.objects.select_for_update().get(pk=contest.pk)
        if PrizeDecision.objects.filter(contest=contest, round=rnd).exists():
            raise ValidationError("Vòng thi này đã có quyết định trao giải.")
        decision = PrizeDecision.objects.create(
            contest=contest, round=rnd, number=number, signed_on=signed_on,
            signer_title=" ".join(signer_title.split()), signer_name=" ".join(
                signer_name.split()), created_by=actor)
        prizes = []
        if rnd is not None:
            ranked = iter(selectors.ranking(rnd))
            rank = 0
            for level in LEVEL_ORDER:
                for _ in range(max(0, int(counts.get(level, 0) or 0))):
                    entry = next(ranked, None)
                    if entry is None:
                        break
                    rank += 1
                    prizes.append(Prize(
                        decision=decision, kind=PrizeKind.INDIVIDUAL, level=level, rank=rank,
                        person=entry.person, name=entry.person.full_name, unit=entry.unit,
                        score=entry.best_score, total=entry.best_attempt.total
                        if entry.best_attempt else None, duration_ms=entry.best_duration_ms))
        rows = [r for r in selectors.unit_table(contest, rnd) if r.participants]
        if collective_by == "count":
            rows.sort(key=lambda r: (-r.participants, -(r.average or 0), r.unit.path))
        for rank, row in enumerate(rows[:max(0, collectives)], start=1):
            prizes.append(Prize(
                decision=decision, kind=PrizeKind.COLLECTIVE, level=PrizeLevel.COLLECTIVE,
                rank=rank, name=row.unit.name, unit=row.unit, participants=row.participants,
                headcount=row.headcount))
        Prize.objects.bulk_create(prizes)
        record(actor, "contest_prize.award_prizes", contest,
               {"decision": [None, number], "round": rnd.number if rnd else None,
                "individual": sum(p.kind == PrizeKind.INDIVIDUAL for p in prizes),
                "collective": sum(p.kind == PrizeKind.COLLECTIVE for p in prizes)})
    return decision
