"""Small factories shared by the suite."""

import datetime


def make_person(unit_code: str, full_name: str = "Nguyễn Văn An", **extra):
    from tdkt.organisation.models import Unit
    from tdkt.people.models import Person

    make_person.counter += 1
    defaults = {
        "gender": "male",
        "date_of_birth": datetime.date(1985, 5, 17),
        "id_number": f"{make_person.counter:012d}",
        "position": "Chuyên viên",
        "joined_sector_on": datetime.date(2010, 9, 1),
    }
    defaults.update(extra)
    return Person.objects.create(
        full_name=full_name, unit=Unit.objects.get(code=unit_code), **defaults
    )


make_person.counter = 100000000000


def make_user(username: str, role: str | None, unit_code: str | None, person=None):
    from tdkt.accounts.models import RoleAssignment, User
    from tdkt.organisation.models import Unit

    user = User.objects.create_user(username=username, password="pw-test-123", person=person)
    if role:
        RoleAssignment.objects.create(user=user, role=role, unit=Unit.objects.get(code=unit_code))
    return user


def seed_award_types():
    """The award catalogue rows a data migration writes; a transactional test's flush removes
    them, so transactional tests that need them call this."""
    import importlib

    from django.apps import apps

    importlib.import_module("tdkt.history.migrations.0002_seed_award_types").seed(apps, None)


def quiet_seed_context():
    """The context seed_demo hands each app's demo (tdkt.core seed_demo.SeedContext), with its
    progress lines kept out of the test output."""
    import io
    import random

    from tdkt.core.management.commands.seed_demo import SeedContext

    return SeedContext(rng=random.Random(2026), scale=0.1, seed=2026, stdout=io.StringIO())
