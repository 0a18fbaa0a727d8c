"""The audit log is append-only at the database: raw SQL cannot rewrite or erase it."""

import pytest
from django.db import DatabaseError, connection, transaction

from tdkt.audit.models import Action
from tdkt.audit.services import record


def _action(cast):
    with transaction.atomic():
        return record(cast.admin, "people.person.update", cast.person_a,
                      {"full_name": ["Trần Thị Hồng", "Trần Thị Hồng Nhung"]})


@pytest.mark.django_db
def test_raw_sql_update_of_an_action_is_refused(cast):
    action = _action(cast)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_action SET verb = %s, note = %s WHERE id = %s",
            ["people.person.view", "đã sửa", action.pk],
        )
    stored = Action.objects.get(pk=action.pk)
    assert stored.verb == "people.person.update" and stored.note == ""


@pytest.mark.django_db
def test_raw_sql_delete_of_an_action_is_refused(cast):
    action = _action(cast)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_action WHERE id = %s", [action.pk])
    assert Action.objects.filter(pk=action.pk).exists()


@pytest.mark.django_db
def test_appending_still_works(cast):
    before = Action.objects.count()
    _action(cast)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM audit_action")
        assert cursor.fetchone()[0] == before + 1
