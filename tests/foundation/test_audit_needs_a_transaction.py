"""`audit.record()` refuses to run outside a transaction: an action written in autocommit
could survive the rollback of the change it describes (or describe a change never made)."""

import pytest
from django.db import transaction

from tdkt.audit.models import Action
from tdkt.audit.services import OutsideTransaction, record


@pytest.mark.django_db
def test_record_outside_a_transaction_is_refused_and_writes_nothing(cast):
    """The test case's own wrapping transaction does not count: the code under test opened
    none, so in production this would run in autocommit."""
    before = Action.objects.count()
    with pytest.raises(OutsideTransaction, match="transaction.atomic"):
        record(cast.admin, "people.person.update", cast.person_a, {"full_name": ["A", "B"]})
    assert Action.objects.count() == before


@pytest.mark.django_db
def test_record_inside_a_transaction_appends(cast):
    with transaction.atomic():
        action = record(cast.admin, "people.person.update", cast.person_a,
                        {"full_name": ["A", "B"]})
    assert Action.objects.get(pk=action.pk).verb == "people.person.update"
