"""Objects of unit B (STP-79) for the access walk (tests/foundation/test_access.py): a
contest for STP-79 only, its round, an attempt of person B, a prize decision with a prize for
unit B, and a bank question (department only)."""

import datetime
from types import SimpleNamespace

from django.utils import timezone


def _dept():
    from tdkt.accounts.models import Role, User
    from tests.factories import make_user

    return (User.objects.filter(username="contest_dept").first()
            or make_user("contest_dept", Role.EMULATION_DEPT, "BTP"))


def _question():
    from tdkt.contests import services
    from tdkt.contests.models import Question
    from tdkt.legal.models import LegalDocument

    found = Question.objects.first()
    if found:
        return found
    doc, _ = LegalDocument.objects.get_or_create(
        code="luat_06_2022", defaults={"number": "06/2022/QH15", "kind": "luat",
                                       "title": "Luật Thi đua, khen thưởng"})
    return services.save_question(_dept(), document=doc, anchor="dieu-93", text="Câu hỏi?",
                                  explanation="", choices=[("Đúng", True), ("Sai", False)])


def other_scope(cast, what):
    from tdkt.contests import services
    from tdkt.contests.models import Contest, Prize, PrizeDecision

    _question()
    contest = Contest.objects.filter(units=cast.unit_b).first()
    if contest is None:
        dept = _dept()
        contest = services.save_contest(dept, units=[cast.unit_b], title="Cuộc thi của STP-79",
                                        questions_per_attempt=5, time_limit_minutes=10,
                                        max_attempts=2, published=False)
        now = timezone.now()
        rnd = services.add_round(dept, contest, opens_at=now - datetime.timedelta(days=1),
                                 closes_at=now + datetime.timedelta(days=1))
        who = SimpleNamespace(person=cast.person_b, person_id=cast.person_b.pk,
                              is_authenticated=False)
        attempt, _ = services.start(who, rnd)
        services.submit(who, attempt, {})
        decision = PrizeDecision.objects.create(
            contest=contest, round=rnd, number="1/QĐ-BTC", signed_on=now.date(),
            signer_title="TRƯỞNG BAN", signer_name="Nguyễn Văn A")
        Prize.objects.create(decision=decision, kind="individual", level="nhat", rank=1,
                             person=cast.person_b, name=cast.person_b.full_name,
                             unit=cast.person_b.unit, score=0, total=1, duration_ms=1000)
    rnd = contest.rounds.get()
    return {
        "contest": contest, "round": rnd, "attempt": rnd.entries.get().attempts.get(),
        "decision": contest.decisions.get(), "prize": Prize.objects.get(
            decision__contest=contest),
        "question": _question(),
    }[what]
