"""The attacker has the database. Five council members vote on three nominations (15 choices),
each ballot committed in its own transaction, as in production. The attacker then reads every
row version PostgreSQL still holds — live rows and dead ones, page by page with `pageinspect`
— joins the transaction ids (`xmin`/`xmax`) with the audit log's `ballot.cast` rows and the
voted-marker rows, and tries to recover what each member chose.

`attack()` knows nothing of the design: it walks every table of the schema. Pointed at the
previous design (`old_design_cast`, kept here only as the attacker's reference: a marker row and
the item's agree/disagree counter updated in the voter's own transaction) it recovers all 15
choices; against the sealed ballots it recovers none, while voting is open and after the tally.

PostgreSQL only: the attack reads PostgreSQL's heap pages (the CI runs the suite on PostgreSQL
too, where this test runs and must pass).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db import connection, transaction

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="reads PostgreSQL heap pages (pageinspect); the CI runs it there"),
    pytest.mark.django_db(transaction=True),
]

PASSPHRASE = "Hội đồng họp ngày 15/01, phiếu kín!"
# member index -> choice per agenda item; no item is unanimous, so the totals alone name no one.
CHOICES = [
    (True, False, True),
    (False, True, True),
    (True, True, False),
    (True, False, False),
    (False, True, True),
]


# --- the attacker ----------------------------------------------------------------------------


@dataclass
class Version:
    table: str
    ctid: tuple[int, int]
    xmin: int
    xmax: int
    next_ctid: tuple[int, int]
    length: int
    infomask: int
    values: dict

    @property
    def locked_only(self) -> bool:
        """xmax only locked the row (SELECT … FOR UPDATE, a foreign key's KEY SHARE): the
        row was neither updated nor deleted (htup_details.h HEAP_XMAX_IS_LOCKED_ONLY)."""
        lock_only, excl_lock, is_multi, keyshr = 0x0080, 0x0040, 0x1000, 0x0010
        return bool(self.infomask & lock_only) or (
            self.infomask & (is_multi | excl_lock | keyshr)) == excl_lock


def _ctid(text: str) -> tuple[int, int]:
    block, item = text.strip("()").split(",")
    return int(block), int(item)


def _decode(raw: bytes | None, typlen: int, typname: str):
    if raw is None:
        return None
    raw = bytes(raw)
    if typname == "bool":
        return bool(raw[0])
    if typlen in (2, 4, 8) and typname in ("int2", "int4", "int8"):
        return int.from_bytes(raw, "little", signed=True)
    return raw  # anything else: the raw bytes (text with its varlena header, bytea, uuid…)


def row_versions(cursor) -> list[Version]:
    """Every tuple version (live and dead) of every table in the schema, from the raw pages."""
    cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
    cursor.execute(
        "SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind = 'r' AND n.nspname = current_schema()")
    tables = cursor.fetchall()
    cursor.execute("SELECT current_setting('block_size')::int")
    block_size = cursor.fetchone()[0]
    versions = []
    for oid, table in tables:
        cursor.execute(
            "SELECT a.attname, t.typlen, t.typname, a.attisdropped FROM pg_attribute a "
            "JOIN pg_type t ON t.oid = a.atttypid WHERE a.attrelid = %s AND a.attnum > 0 "
            "ORDER BY a.attnum", [oid])
        columns = cursor.fetchall()
        cursor.execute("SELECT pg_relation_size(%s)", [oid])
        for block in range(cursor.fetchone()[0] // block_size):
            cursor.execute(
                "SELECT lp, t_xmin::text, t_xmax::text, t_ctid::text, lp_len, t_infomask, "
                "t_attrs "
                "FROM heap_page_item_attrs(get_raw_page(%s, %s), %s::regclass) "
                "WHERE lp_flags = 1", [table, block, oid])
            for lp, xmin, xmax, next_ctid, length, infomask, attrs in cursor.fetchall():
                # A tuple older than a later-added column holds fewer attributes.
                values = {name: _decode(raw, typlen, typname)
                          for (name, typlen, typname, dropped), raw
                          in zip(columns, attrs or [], strict=False) if not dropped}
                versions.append(Version(table, (block, lp), int(xmin), int(xmax),
                                        _ctid(next_ctid), length, infomask, values))
    return versions


def voters_by_transaction(versions) -> dict[int, int]:
    """Transaction id -> member: the audit log's `ballot.cast` rows name their actor, and any
    voted-marker row (a table with a `member_id`) names its member, with the xid that wrote it."""
    voters = {}
    for v in versions:
        if v.table == "audit_action" and v.values.get("verb", b"").endswith(b"ballot.cast"):
            voters[v.xmin] = v.values["actor_id"]
        elif "member_id" in v.values and v.values["member_id"] is not None:
            voters.setdefault(v.xmin, v.values["member_id"])
    return voters


def attack(cursor) -> dict[tuple[int, int], bool]:
    """(member id, row id) -> the choice the attacker could read from the row versions."""
    versions = row_versions(cursor)
    voters = voters_by_transaction(versions)
    by_place = {(v.table, v.ctid): v for v in versions}
    recovered = {}
    for old in versions:
        # An UPDATE made by a voter's transaction: the old version's xmax is the voter's xid
        # and its ctid points at the new version. Compare the two.
        member = voters.get(old.xmax)
        new = by_place.get((old.table, old.next_ctid))
        if member is None or new is None or new is old or new.xmin != old.xmax:
            continue
        for column in ("agree", "disagree", "yes", "no", "agree_count"):
            before, after = old.values.get(column), new.values.get(column)
            if isinstance(before, int) and isinstance(after, int) and after == before + 1:
                recovered[(member, new.values.get("id"))] = column in ("agree", "yes",
                                                                         "agree_count")
    for v in versions:
        # An INSERT by a voter's transaction that keeps the choice beside the row.
        member = voters.get(v.xmin)
        if member is None:
            continue
        for column in ("agree", "choice", "vote", "approve"):
            if isinstance(v.values.get(column), bool):
                key = v.values.get("item_id") or v.values.get("id")
                recovered[(member, key)] = v.values[column]
    return recovered


# --- the ballot under attack -----------------------------------------------------------------


def old_design_cast(user, meeting, choices: dict[int, bool]) -> None:
    """The previous design, for the attacker's reference: a (item, member) marker and the
    item's aggregate counter incremented in the voter's transaction, audit row beside them."""
    from tdkt.audit.services import record
    from tdkt.nominations.models import AgendaItem, Meeting

    with transaction.atomic(), connection.cursor() as cursor:
        Meeting.objects.select_for_update().get(pk=meeting.pk)
        for item_id in sorted(choices):
            cursor.execute("INSERT INTO old_design_ballotcast (item_id, member_id) "
                           "VALUES (%s, %s)", [item_id, user.pk])
            field = "agree" if choices[item_id] else "disagree"
            AgendaItem.objects.filter(pk=item_id).update(
                **{field: getattr(AgendaItem.objects.get(pk=item_id), field) + 1})
        record(user, "ballot.cast", meeting, {"items": len(choices)})


@pytest.fixture
def sector(transactional_db):
    from tdkt.organisation.loader import load_organisation
    from tests.factories import seed_award_types
    from tests.nominations.helpers import ensure_reference_data

    load_organisation()
    seed_award_types()
    ensure_reference_data()
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS old_design_ballotcast "
                       "(id bigserial PRIMARY KEY, item_id bigint, member_id bigint)")
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS old_design_ballotcast")


@pytest.fixture
def ballot(sector, request):
    """An open ballot on three nominations before five present members."""
    from tests.nominations.helpers import Flow

    flow = Flow(request.getfixturevalue("cast"))
    noms = [flow.appraised()]
    for name in ("Nguyễn Văn An", "Lê Thị Bích"):
        from tests.factories import make_person
        noms.append(flow.appraised(person=make_person("STP-01-VP", name)))
    members = flow.members()
    meeting = flow.meeting(noms, passphrase=PASSPHRASE)
    items = list(meeting.items.order_by("position").values_list("pk", flat=True))
    return flow, meeting, items, members


def _expected(items, members):
    return {(m.pk, item): CHOICES[i][j] for i, m in enumerate(members)
            for j, item in enumerate(items)}


def _attack():
    with connection.cursor() as cursor:
        return attack(cursor)


def test_the_attack_recovers_every_choice_from_the_old_design(ballot):
    flow, meeting, items, members = ballot
    for member, choices in zip(members, CHOICES, strict=True):
        old_design_cast(member, meeting, dict(zip(items, choices, strict=True)))
    recovered = _attack()
    print(f"\nold design: recovered {len(recovered)}/15 choices: {sorted(recovered.items())}")
    assert recovered == _expected(items, members)


def _cast_all(meeting, items, members):
    from tdkt.nominations import services

    for member, choices in zip(members, CHOICES, strict=True):
        services.cast_ballot(member, meeting, dict(zip(items, choices, strict=True)))


def test_the_attack_recovers_nothing_from_sealed_ballots(ballot):
    from tdkt.nominations import services
    from tdkt.nominations.models import AgendaItem, SealedBallot

    flow, meeting, items, members = ballot
    _cast_all(meeting, items, members)

    # While voting is open.
    versions = row_versions(connection.cursor())
    voters = voters_by_transaction(versions)
    assert set(voters.values()) == {m.pk for m in members}  # who voted is known, by design
    written = {v.table for v in versions if v.xmin in voters}
    assert written == {"audit_action", "nominations_ballotmarker",
                       "nominations_sealedballot"}, written
    sealed = [v for v in versions if v.table == "nominations_sealedballot"]
    assert len(sealed) == 5 and len({v.length for v in sealed}) == 1  # same size, any choice
    # No row updated or deleted by a voter: the only xmax a voter leaves is a lock (the
    # meeting row's FOR UPDATE, the foreign keys' KEY SHARE on the user and meeting rows).
    touched = [v for v in versions if v.xmax in voters]
    assert all(v.locked_only and v.next_ctid == v.ctid for v in touched), touched
    recovered = _attack()
    print(f"\nsealed ballots, voting open: recovered {len(recovered)}/15 choices")
    assert recovered == {}

    # After the tally: totals only, written by the chair; the sealed rows are deleted.
    services.close_meeting(flow.dept, meeting, passphrase=PASSPHRASE, confirm_missing=True)
    assert not SealedBallot.objects.exists()
    totals = {i.pk: (i.agree, i.disagree) for i in AgendaItem.objects.filter(pk__in=items)}
    assert totals == {item: (sum(c[j] for c in CHOICES), sum(not c[j] for c in CHOICES))
                      for j, item in enumerate(items)}
    recovered = _attack()
    print(f"sealed ballots, after the tally: recovered {len(recovered)}/15 choices")
    assert recovered == {}


def test_with_the_chairs_passphrase_a_copy_taken_before_the_tally_links_ballots(ballot):
    """The residual risk the threat model names (docs/decisions/secret-ballot.md): someone who
    holds both the chair's passphrase and the database's row versions from before the sealed
    rows were vacuumed can open each sealed row and read its writer's xmin."""
    from tdkt.nominations.sealing import open_sheet, private_key

    flow, meeting, items, members = ballot
    _cast_all(meeting, items, members)
    versions = row_versions(connection.cursor())
    voters = voters_by_transaction(versions)
    meeting.refresh_from_db()
    key = private_key(PASSPHRASE, meeting.ballot_kdf)
    with connection.cursor() as cursor:
        cursor.execute("SELECT xmin::text, sealed FROM nominations_sealedballot")
        rows = cursor.fetchall()
    linked = {}
    for xmin, sealed in rows:
        for item, choice in open_sheet(key, meeting, bytes(sealed), sorted(items)).items():
            linked[(voters[int(xmin)], item)] = choice
    assert linked == _expected(items, members)
