"""Council secret ballot: quorum, one vote per member per item, thresholds at the exact
boundary with both denominators, and unattributable storage."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from tdkt.audit.models import Action
from tdkt.nominations import services
from tdkt.nominations.config import passes
from tdkt.nominations.models import AwardSetting, ItemResult, MeetingStatus, Status
from tests.nominations.helpers import AWARD, D

pytestmark = pytest.mark.django_db


def _set_rule(percent, denominator, code=AWARD):
    AwardSetting.objects.filter(code=code).update(
        vote_threshold_percent=percent, vote_denominator=denominator)


def _vote(meeting, votes):
    item = meeting.items.get()
    for user, agree in votes:
        services.cast_ballot(user, meeting, {item.pk: agree})
    return item


def test_pass_boundary_arithmetic():
    assert passes(4, 5, 80) and not passes(3, 5, 80)
    assert passes(9, 10, 90) and not passes(8, 10, 90)
    assert not passes(0, 0, 50)
    assert passes(2, 3, 66) and not passes(2, 3, 67)


@pytest.mark.parametrize("agree,expected", [(4, ItemResult.PASSED), (3, ItemResult.FAILED)])
def test_threshold_counted_on_all_members(flow, agree, expected):
    """80% of 5 members = 4 votes, although only 4 attend."""
    _set_rule(80, "all")
    nom = flow.appraised()
    members = flow.members()
    meeting = flow.meeting([nom], present=members[:4])
    votes = [(m, i < agree) for i, m in enumerate(members[:4])]
    _vote(meeting, votes)
    services.close_meeting(flow.dept, meeting)
    item = meeting.items.get()
    assert (item.result, item.base_count, item.threshold_percent) == (expected, 5, 80)
    nom.refresh_from_db()
    assert nom.status == (Status.APPROVED if expected == ItemResult.PASSED
                          else Status.NOT_APPROVED)


@pytest.mark.parametrize("agree,expected", [(3, ItemResult.PASSED), (2, ItemResult.FAILED)])
def test_threshold_counted_on_members_present(flow, agree, expected):
    """75% of the 4 present = 3 votes."""
    _set_rule(75, "present")
    nom = flow.appraised()
    members = flow.members()
    meeting = flow.meeting([nom], present=members[:4])
    _vote(meeting, [(m, i < agree) for i, m in enumerate(members[:4])])
    services.close_meeting(flow.dept, meeting)
    item = meeting.items.get()
    assert (item.result, item.base_count) == (expected, 4)


def test_verified_catalogue_threshold_wins_for_dates_it_covers(flow):
    """Before 1/7/2025 the catalogue (NĐ 98/2023) sets 90% of all members for the ministry
    CSTĐ; the department's setting fills the gap only after."""
    from tdkt.nominations.config import award_config

    _set_rule(50, "present", "chien_si_thi_dua_cap_bo")
    old = award_config("chien_si_thi_dua_cap_bo", D(2025, 3, 1))
    new = award_config("chien_si_thi_dua_cap_bo", D(2026, 3, 1))
    assert (old.threshold_percent, old.denominator) == (90, "all")
    assert "ngưỡng biểu quyết" not in old.unverified
    assert (new.threshold_percent, new.denominator) == (50, "present")
    assert "ngưỡng biểu quyết" in new.unverified


def test_quorum_is_required_to_open_voting(flow):
    nom = flow.appraised()
    members = flow.members()  # 5 members: 2/3 → 4 needed
    with pytest.raises(ValidationError, match="Không đủ số thành viên"):
        flow.meeting([nom], present=members[:3])


def test_each_member_votes_once_from_their_own_account(flow):
    nom = flow.appraised()
    members = flow.members()
    meeting = flow.meeting([nom], present=members[:4])
    item = meeting.items.get()
    services.cast_ballot(members[0], meeting, {item.pk: True})
    with pytest.raises(ValidationError, match="đã bỏ phiếu"):
        services.cast_ballot(members[0], meeting, {item.pk: False})
    with pytest.raises(PermissionDenied):
        services.cast_ballot(members[4], meeting, {item.pk: True})  # absent
    with pytest.raises(PermissionDenied):
        services.cast_ballot(flow.dept, meeting, {item.pk: True})  # not a member
    item.refresh_from_db()
    assert (item.agree, item.disagree, item.casts.count()) == (1, 0, 1)


def test_no_voting_outside_the_voting_window(flow):
    nom = flow.appraised()
    members = flow.members()
    meeting = flow.meeting([nom])
    services.close_meeting(flow.dept, meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CLOSED
    with pytest.raises(ValidationError, match="không trong thời gian"):
        services.cast_ballot(members[1], meeting, {meeting.items.get().pk: True})


def test_audit_log_records_that_a_ballot_was_cast_but_never_the_choice(flow):
    nom = flow.appraised()
    members = flow.members()
    meeting = flow.meeting([nom])
    _vote(meeting, [(members[0], True), (members[1], False)])
    casts = Action.objects.filter(verb="ballot.cast")
    assert casts.count() == 2
    for action in casts:
        assert action.changes == {"items": 1}


def _dump(tables):
    """Every row and column of the given tables, as the database returns them."""
    out = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            columns = [c[0] for c in cursor.description]
            out[table] = (columns, cursor.fetchall())
    return out


def _run_ballot(flow, choices):
    nom = flow.appraised()
    members = flow.members()
    meeting = flow.meeting([nom])
    item = meeting.items.get()
    for member, agree in zip(members, choices, strict=True):
        services.cast_ballot(member, meeting, {item.pk: agree})
    return meeting, item, members


BALLOT_TABLES = ("nominations_ballotcast", "nominations_agendaitem")


def test_database_dump_does_not_reveal_any_members_choice(flow):
    meeting, item, members = _run_ballot(flow, [True, False, True, True, False])
    dump = _dump(BALLOT_TABLES)
    cast_columns, cast_rows = dump["nominations_ballotcast"]
    # Who voted: (id, item, member) — no choice, no time.
    assert sorted(cast_columns) == ["id", "item_id", "member_id"]
    assert sorted(r[cast_columns.index("member_id")] for r in cast_rows) == sorted(
        m.pk for m in members)
    # What was chosen: only per-item totals, no member and no time.
    item_columns, item_rows = dump["nominations_agendaitem"]
    assert not any("member" in c or "user" in c or c.endswith("_at") or c.endswith("_on")
                   for c in item_columns)
    row = dict(zip(item_columns, item_rows[0], strict=True))
    assert (row["agree"], row["disagree"]) == (3, 2)
    # No other table of the app links a member to a choice either.
    with connection.cursor() as cursor:
        tables = [t for t in connection.introspection.table_names(cursor)
                  if t.startswith("nominations_")]
    for table in tables:
        columns, _ = _dump([table])[table]
        assert not {"choice", "agree_member", "vote", "ballot"} & set(columns), table


def test_two_ballots_with_swapped_choices_leave_identical_databases(flow, django_db_blocker):
    """The strongest form of 'cannot be attributed': if member 1 and member 2 swap their
    choices, every byte the database holds about the ballot is the same."""
    from django.db import transaction

    def snapshot(choices):
        sid = transaction.savepoint()
        meeting, item, members = _run_ballot(flow, choices)
        cast = _dump(BALLOT_TABLES)
        audit = list(Action.objects.filter(verb="ballot.cast").order_by("id").values_list(
            "actor_id", "changes"))
        meeting_id, item_id = meeting.pk, item.pk
        transaction.savepoint_rollback(sid)
        flow._members = None
        return cast, audit, meeting_id, item_id

    a = snapshot([True, False, True, True, True])
    b = snapshot([False, True, True, True, True])
    # Primary keys differ between the two runs (sequences are not rolled back);
    # normalise ids to their rank, then compare everything.
    def normalise(snap):
        cast, audit, meeting_id, item_id = snap
        cols, rows = cast["nominations_ballotcast"]
        ids = sorted(r[cols.index("member_id")] for r in rows)
        member_ranks = {m: i for i, m in enumerate(ids)}
        casts = sorted((member_ranks[r[cols.index("member_id")]],) for r in rows)
        icols, irows = cast["nominations_agendaitem"]
        items = [tuple(v for c, v in zip(icols, r, strict=True)
                       if c not in ("id", "meeting_id", "nomination_id")) for r in irows]
        audit_norm = [(member_ranks[actor], changes) for actor, changes in audit]
        return casts, items, audit_norm

    assert normalise(a) == normalise(b)


def test_tally_is_hidden_until_voting_closes(flow, client_for):
    from django.urls import reverse

    nom = flow.appraised()
    members = flow.members()
    meeting = flow.meeting([nom])
    _vote(meeting, [(members[0], True)])
    body = client_for(members[1]).get(reverse("nominations:meeting", args=[meeting.pk]))
    text = body.content.decode()
    assert "Phiếu biểu quyết kín của bạn" in text
    assert "Đạt" not in text and "1/5" not in text
    minutes = client_for(members[1]).get(reverse("nominations:minutes", args=[meeting.pk]))
    assert minutes.status_code == 302
