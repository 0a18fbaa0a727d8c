import pytest

from tests.factories import quiet_seed_context


@pytest.fixture
def library(db):
    """Law 06/2022/QH15 in the legal library, as the demo loads it (Điều 93)."""
    from tdkt.legal import demo
    from tdkt.legal.models import LegalDocument

    if not LegalDocument.objects.filter(code="luat_06_2022").exists():
        demo.seed(quiet_seed_context())
    return LegalDocument.objects.get(code="luat_06_2022")


@pytest.fixture
def dept_user(db):
    from tdkt.accounts.models import Role
    from tests.factories import make_user

    return make_user("thuongtruc_t", Role.EMULATION_DEPT, "BTP")


@pytest.fixture
def bank(library, dept_user):
    """The shipped bank file loaded into the database."""
    from tdkt.contests import bank as bank_file
    from tdkt.contests import services

    services.import_questions(dept_user, bank_file.read_default())
    from tdkt.contests.models import Question

    return list(Question.objects.all())


@pytest.fixture
def contest(bank, dept_user):
    """A sector-wide contest whose first round is open now: 4 questions, 10 minutes, two
    attempts."""
    import datetime

    from django.utils import timezone

    from tdkt.contests import services

    c = services.save_contest(dept_user, title="Tìm hiểu Luật Thi đua, khen thưởng",
                              rules="Thể lệ", questions_per_attempt=4, time_limit_minutes=10,
                              max_attempts=2, tiebreak_question="Dự đoán số người tham gia?",
                              published=True)
    now = timezone.now()
    services.add_round(dept_user, c, opens_at=now - datetime.timedelta(days=1),
                       closes_at=now + datetime.timedelta(days=6))
    return c


@pytest.fixture
def open_round(contest):
    return contest.rounds.get(number=1)


def answer_key(attempt, right=True):
    """{position: [places]} ticking exactly the right choices (or exactly the wrong ones)."""
    from tdkt.contests.models import Choice

    correct = set(Choice.objects.filter(correct=True).values_list("pk", flat=True))
    return {item.position: [i for i, cid in enumerate(item.order) if (cid in correct) == right]
            for item in attempt.items.all()}


class Clock:
    def __init__(self, at):
        self.at = at

    def now(self):
        return self.at

    def shift(self, delta):
        self.at += delta


@pytest.fixture
def clock(monkeypatch):
    """Frozen time for the server (django.utils.timezone.now); `clock.shift(timedelta)`."""
    from django.utils import timezone

    c = Clock(timezone.now())
    monkeypatch.setattr(timezone, "now", c.now)
    return c
