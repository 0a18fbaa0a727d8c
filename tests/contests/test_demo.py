"""The demo: a finished contest with results and prizes, an open round nhanvien.stp01 has
not taken, whatever the size of the bank."""

import random

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_demo_seeds_a_finished_and_an_open_contest(library):
    from django.core.management.base import OutputWrapper

    from tdkt.accounts.models import Role, User
    from tdkt.contests import demo, selectors
    from tdkt.contests.models import Contest, Entry, Prize
    from tdkt.core.management.commands.seed_demo import SeedContext
    from tests.factories import make_person, make_user

    make_user("thuongtruc", Role.EMULATION_DEPT, "BTP")
    for i in range(40):
        make_person("STP-01-VP" if i % 2 else "STP-79-VP", f"Người Thứ {i}")
    me = make_person("STP-01-HCBT", "Nhân Viên Demo")
    make_user("nhanvien.stp01", Role.STAFF, "STP-01", person=me)
    ctx = SeedContext(rng=random.Random(7), scale=0.1, seed=7,
                      stdout=OutputWrapper(open("/dev/null", "w")))
    demo.seed(ctx)
    finished, current = (Contest.objects.get(title=demo.FINISHED),
                         Contest.objects.get(title=demo.OPEN))
    now = timezone.now()
    assert all(r.is_closed(now) for r in finished.rounds.all())
    assert Prize.objects.filter(decision__contest=finished, kind="individual").exists()
    assert Prize.objects.filter(decision__contest=finished, kind="collective").exists()
    open_round = current.rounds.get(number=1)
    assert open_round.is_open(now)
    assert not Entry.objects.filter(person=me).exists()
    assert any(r.participants for r in selectors.unit_table(current, open_round))
    # the best attempt of each entry is its highest score, then shortest time
    for e in Entry.objects.filter(round__contest=finished).prefetch_related("attempts")[:50]:
        top = max(e.attempts.all(), key=lambda a: (a.score, -a.duration_ms))
        assert (e.best_score, e.best_duration_ms) == (top.score, top.duration_ms)
    user = User.objects.get(username="nhanvien.stp01")
    from tdkt.accounts.scoping import Scope
    from tdkt.contests import todo

    titles = [i.title for i in todo.items(user, Scope(user), timezone.localdate())]
    assert titles and titles[0].startswith(f"Cuộc thi đang mở: {demo.OPEN}, vòng 1, hạn ")
