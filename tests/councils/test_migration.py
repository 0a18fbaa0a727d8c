"""Migration 0007: the council seats and meetings kept per year before councils per unit move
into one council of the Ministry (BTP) per year present, term = that calendar year."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("nominations", "0006_councils_per_unit")]
AFTER = [("nominations", "0008_council_required")]


@pytest.mark.django_db(transaction=True)
def test_year_seats_and_meetings_become_ministry_councils():
    from tdkt.organisation.loader import load_organisation

    load_organisation()
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    User = old.get_model("accounts", "User")
    Member = old.get_model("nominations", "CouncilMember")
    Meeting = old.get_model("nominations", "Meeting")
    users = [User.objects.create(username=f"m{i}", password="x") for i in range(3)]
    Member.objects.create(year=2025, user=users[0], position="chair")
    Member.objects.create(year=2025, user=users[1], position="member")
    Member.objects.create(year=2026, user=users[0], position="chair")
    Meeting.objects.create(year=2025, title="Họp 2025", held_on=datetime.date(2025, 12, 20))
    Meeting.objects.create(year=2024, title="Họp 2024", held_on=datetime.date(2024, 12, 20))

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Council = new.get_model("nominations", "Council")
    councils = {c.term_start.year: c for c in Council.objects.all()}
    assert sorted(councils) == [2024, 2025, 2026]
    for year, council in councils.items():
        assert council.unit.code == "BTP"
        assert (council.term_start, council.term_end) == (
            datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    Member = new.get_model("nominations", "CouncilMember")
    assert Member.objects.filter(council=councils[2025]).count() == 2
    assert Member.objects.filter(council=councils[2026]).count() == 1
    Meeting = new.get_model("nominations", "Meeting")
    assert Meeting.objects.get(title="Họp 2024").council_id == councils[2024].pk

    # and back
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    Member = executor.loader.project_state(BEFORE).apps.get_model("nominations", "CouncilMember")
    assert sorted(Member.objects.values_list("year", flat=True)) == [2025, 2025, 2026]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
