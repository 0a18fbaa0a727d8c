"""Council secret ballot: quorum, one sealed sheet per member, thresholds at the exact boundary
with both denominators, the tally only when the chair closes with the passphrase, closing
safely with missing votes, and storage that holds no member's choice.

The PostgreSQL attack on row versions is in test_ballot_secrecy_pg.py."""

import threading
import unicodedata

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from tdkt.audit.models import Action
from tdkt.nominations import services
from tdkt.nominations.config import passes
from tdkt.nominations.models import (
    AwardSetting,
    BallotMarker,
    ItemResult,
    MeetingStatus,
    SealedBallot,
    Status,
)
from tests.nominations.helpers import AWARD, PASSPHRASE, D

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
    flow.close(meeting)
    item = meeting.items.get()
    assert (item.result, item.base_count, item.threshold_percent) == (expected, 5, 80)
    assert (item.agree, item.disagree) == (agree, 4 - agree)
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
    flow.close(meeting)
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


# --- opening: the chair's passphrase -------------------------------------------------------


def _prepared(flow, noms=None):
    noms = noms or [flow.appraised()]
    members = flow.members()
    meeting = services.create_meeting(flow.dept, year=2026, title="Phiên họp",
                                      held_on=D(2026, 1, 15))
    services.add_agenda_items(flow.dept, meeting, noms)
    services.set_attendance(flow.dept, meeting, [u.pk for u in members])
    return meeting


def test_opening_needs_a_passphrase_typed_twice_alike(flow):
    meeting = _prepared(flow)
    with pytest.raises(ValidationError, match="ít nhất 12 ký tự"):
        services.open_voting(flow.dept, meeting, passphrase="ngắn quá")
    with pytest.raises(ValidationError, match="không khớp"):
        services.open_voting(flow.dept, meeting, passphrase=PASSPHRASE,
                             passphrase_again=PASSPHRASE + "!")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PREPARING and not meeting.ballot_public_key
    services.open_voting(flow.dept, meeting, passphrase=PASSPHRASE, passphrase_again=PASSPHRASE)
    meeting.refresh_from_db()
    # Only the public key and the KDF parameters are kept; never the passphrase.
    assert len(meeting.ballot_public_key) == 64
    assert set(meeting.ballot_kdf) == {"alg", "salt", "iterations", "lanes", "memory_cost"}
    assert PASSPHRASE not in str(list(Action.objects.values_list("changes", "note")))


def test_the_same_words_from_another_input_method_open_the_tally(flow):
    """NFD diacritics (some Vietnamese keyboards) and surrounding spaces give the same key."""
    nom = flow.appraised()
    members = flow.members()
    meeting = flow.meeting([nom], passphrase="Hội đồng Sở Tư pháp họp")
    _vote(meeting, [(m, True) for m in members])
    flow.close(meeting, passphrase="  " + unicodedata.normalize("NFD", "Hội đồng Sở Tư pháp họp"))
    assert meeting.items.get().result == ItemResult.PASSED


# --- voting --------------------------------------------------------------------------------


def test_each_member_votes_once_from_their_own_account(flow):
    nom = flow.appraised()
    members = flow.members()
    meeting = flow.meeting([nom], present=members[:4])
    item = meeting.items.get()
    services.cast_ballot(members[0], meeting, {item.pk: True})
    with pytest.raises(ValidationError, match="đã bỏ phiếu"):
        services.cast_ballot(members[0], meeting, {item.pk: False})  # no change, no second
    with pytest.raises(PermissionDenied):
        services.cast_ballot(members[4], meeting, {item.pk: True})  # absent
    with pytest.raises(PermissionDenied):
        services.cast_ballot(flow.dept, meeting, {item.pk: True})  # not a member
    assert BallotMarker.objects.filter(meeting=meeting).count() == 1
    assert SealedBallot.objects.filter(meeting=meeting).count() == 1
    item.refresh_from_db()
    assert (item.agree, item.disagree) == (0, 0)  # nothing counted before the tally


def test_the_marker_is_unique_in_the_database(flow):
    nom = flow.appraised()
    members = flow.members()
    meeting = flow.meeting([nom])
    BallotMarker.objects.create(meeting=meeting, member=members[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        BallotMarker.objects.create(meeting=meeting, member=members[0])


def test_a_sheet_covers_every_item_of_the_agenda(flow, cast):
    from tests.factories import make_person

    noms = [flow.appraised(), flow.appraised(person=make_person("STP-01-VP", "Lê Văn Hòa"))]
    members = flow.members()
    meeting = flow.meeting(noms)
    first, second = meeting.items.order_by("position")
    with pytest.raises(ValidationError, match="1/2 nội dung chưa chọn"):
        services.cast_ballot(members[0], meeting, {first.pk: True})
    with pytest.raises(ValidationError, match="không thuộc chương trình"):
        services.cast_ballot(members[0], meeting, {first.pk: True, second.pk: True, 999999: True})
    assert not BallotMarker.objects.exists() and not SealedBallot.objects.exists()
    assert services.cast_ballot(members[0], meeting, {first.pk: True, second.pk: False}) == 2


def test_no_voting_outside_the_voting_window(flow):
    nom = flow.appraised()
    members = flow.members()
    meeting = flow.meeting([nom])
    flow.close(meeting)
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
        assert action.changes == {"items": 1} and action.note == ""


# --- closing: the tally, once ----------------------------------------------------------------


def test_totals_are_written_only_at_the_tally_and_the_sheets_are_deleted(flow):
    nom = flow.appraised()
    members = flow.members()
    meeting = flow.meeting([nom])
    item = _vote(meeting, [(m, agree) for m, agree in
                           zip(members, [True, False, True, True, False], strict=True)])
    item.refresh_from_db()
    assert (item.agree, item.disagree) == (0, 0)
    assert flow.close(meeting) == 5
    item.refresh_from_db()
    meeting.refresh_from_db()
    assert (item.agree, item.disagree, meeting.ballots_counted) == (3, 2, 5)
    assert not SealedBallot.objects.filter(meeting=meeting).exists()
    assert BallotMarker.objects.filter(meeting=meeting).count() == 5  # who voted stays
    close = Action.objects.get(verb="meeting.close")
    assert close.changes["ballots"] == 5 and close.changes["not_voted"] == []


def test_a_wrong_passphrase_changes_nothing(flow):
    nom = flow.appraised()
    members = flow.members()
    meeting = flow.meeting([nom])
    _vote(meeting, [(m, True) for m in members])
    with pytest.raises(ValidationError, match="Cụm mật khẩu kiểm phiếu không đúng"):
        flow.close(meeting, passphrase="Phiếu kín của Hội đồng 2025")
    meeting.refresh_from_db()
    nom.refresh_from_db()
    assert meeting.status == MeetingStatus.VOTING and nom.status == Status.AT_COUNCIL
    assert SealedBallot.objects.filter(meeting=meeting).count() == 5
    assert meeting.items.get().agree == 0
    assert not Action.objects.filter(verb="meeting.close").exists()
    flow.close(meeting)
    assert meeting.items.get().agree == 5


def test_closing_with_missing_votes_needs_a_confirmation_naming_them(flow):
    _set_rule(80, "all")
    nom = flow.appraised()
    members = flow.members()
    meeting = flow.meeting([nom], present=members[:4])
    _vote(meeting, [(members[0], True), (members[1], True)])
    progress = services.voting_progress(meeting)
    assert (progress["voted"], progress["present"]) == (2, 4)
    assert {u.pk for u in progress["missing"]} == {members[2].pk, members[3].pk}
    with pytest.raises(ValidationError) as exc:
        flow.close(meeting, confirm_missing=False)
    text = " ".join(exc.value.messages)
    assert str(members[2]) in text and str(members[3]) in text and "không đồng ý" in text
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.VOTING
    [rule] = services.ballots.missing_votes_rules(meeting, list(meeting.items.all()))
    assert "80%" in rule and "tổng số 5 thành viên" in rule and "không đồng ý" in rule
    flow.close(meeting, confirm_missing=True)
    item = meeting.items.get()
    assert (item.agree, item.disagree, item.base_count, item.result) == (
        2, 0, 5, ItemResult.FAILED)
    assert Action.objects.get(verb="meeting.close").changes["not_voted"] == sorted(
        [members[2].pk, members[3].pk])


def test_a_sheet_smuggled_in_is_refused_and_nothing_changes(flow):
    """Sheets must match the markers one for one: a copied sealed row stops the tally."""
    nom = flow.appraised()
    members = flow.members()
    meeting = flow.meeting([nom])
    _vote(meeting, [(m, True) for m in members[:2]])
    copy = SealedBallot.objects.filter(meeting=meeting).first()
    SealedBallot.objects.create(meeting=meeting, sealed=bytes(copy.sealed))
    with pytest.raises(ValidationError, match="không khớp số thành viên đã bỏ phiếu"):
        flow.close(meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.VOTING


def test_a_sheet_for_another_meeting_does_not_open(flow):
    nom = flow.appraised()
    members = flow.members()
    meeting = flow.meeting([nom])
    _vote(meeting, [(members[0], True)])
    sealed = SealedBallot.objects.get(meeting=meeting)
    from tdkt.nominations.sealing import seal_sheet

    sealed.sealed = seal_sheet(meeting.ballot_public_key, meeting.pk + 1,
                                [meeting.items.get().pk], {meeting.items.get().pk: True})
    sealed.save()
    with pytest.raises(ValidationError, match="không mở được"):
        flow.close(meeting)


def test_restarting_discards_every_sheet_under_a_new_passphrase(flow):
    nom = flow.appraised()
    members = flow.members()
    meeting = flow.meeting([nom])
    _vote(meeting, [(m, True) for m in members[:3]])
    with pytest.raises(ValidationError, match="lý do"):
        services.restart_voting(flow.dept, meeting, passphrase="Cụm mật khẩu mới 2026",
                                passphrase_again="Cụm mật khẩu mới 2026", reason="")
    assert services.restart_voting(flow.dept, meeting, passphrase="Cụm mật khẩu mới 2026",
                                   passphrase_again="Cụm mật khẩu mới 2026",
                                   reason="Chủ tịch quên cụm mật khẩu") == 3
    assert not SealedBallot.objects.exists() and not BallotMarker.objects.exists()
    _vote(meeting, [(m, False) for m in members])
    with pytest.raises(ValidationError, match="không đúng"):
        flow.close(meeting)  # the old passphrase no longer opens anything
    flow.close(meeting, passphrase="Cụm mật khẩu mới 2026")
    assert meeting.items.get().disagree == 5


# --- what the database holds -------------------------------------------------------------------


def _dump(tables):
    """Every row and column of the given tables, as the database returns them."""
    out = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            columns = [c[0] for c in cursor.description]
            out[table] = (columns, cursor.fetchall())
    return out


BALLOT_TABLES = ("nominations_ballotmarker", "nominations_sealedballot",
                 "nominations_agendaitem")


def _run_ballot(flow, choices):
    nom = flow.appraised()
    members = flow.members()
    meeting = flow.meeting([nom])
    item = meeting.items.get()
    for member, agree in zip(members, choices, strict=True):
        services.cast_ballot(member, meeting, {item.pk: agree})
    return meeting, item, members


def test_database_holds_no_members_choice_while_voting(flow):
    meeting, item, members = _run_ballot(flow, [True, False, True, True, False])
    dump = _dump(BALLOT_TABLES)
    marker_columns, marker_rows = dump["nominations_ballotmarker"]
    assert sorted(marker_columns) == ["id", "meeting_id", "member_id"]  # who, not what
    sealed_columns, sealed_rows = dump["nominations_sealedballot"]
    assert sorted(sealed_columns) == ["id", "meeting_id", "sealed"]  # no voter, no time
    assert len({len(bytes(r[sealed_columns.index("sealed")])) for r in sealed_rows}) == 1
    item_columns, item_rows = dump["nominations_agendaitem"]
    row = dict(zip(item_columns, item_rows[0], strict=True))
    assert (row["agree"], row["disagree"]) == (0, 0)
    with connection.cursor() as cursor:
        tables = [t for t in connection.introspection.table_names(cursor)
                  if t.startswith("nominations_")]
    for table in tables:
        columns, _ = _dump([table])[table]
        assert not {"choice", "agree_member", "vote"} & set(columns), table


def test_two_ballots_with_swapped_choices_leave_the_same_readable_data(flow):
    """If member 1 and member 2 swap their choices, everything readable the database holds about
    the ballot is the same; the sealed sheets differ only as random ciphertexts do."""

    def snapshot(choices):
        sid = transaction.savepoint()
        meeting, item, members = _run_ballot(flow, choices)
        dump = _dump(BALLOT_TABLES)
        audit = list(Action.objects.filter(verb="ballot.cast").order_by("id").values_list(
            "actor_id", "changes"))
        transaction.savepoint_rollback(sid)
        flow._members = None
        ranks = {m.pk: i for i, m in enumerate(members)}
        cols, rows = dump["nominations_ballotmarker"]
        markers = sorted(ranks[r[cols.index("member_id")]] for r in rows)
        scols, srows = dump["nominations_sealedballot"]
        sizes = sorted(len(bytes(r[scols.index("sealed")])) for r in srows)
        icols, irows = dump["nominations_agendaitem"]
        items = [tuple(v for c, v in zip(icols, r, strict=True)
                       if c not in ("id", "meeting_id", "nomination_id")) for r in irows]
        return markers, sizes, items, [(ranks[a], c) for a, c in audit]

    assert snapshot([True, False, True, True, True]) == snapshot(
        [False, True, True, True, True])


# --- screens ---------------------------------------------------------------------------------


def test_tally_is_hidden_until_voting_closes(flow, client_for):
    nom = flow.appraised()
    members = flow.members()
    meeting = flow.meeting([nom])
    _vote(meeting, [(members[0], True)])
    body = client_for(members[1]).get(reverse("nominations:vote", args=[meeting.pk]))
    text = body.content.decode()
    assert "Phiếu biểu quyết kín" in text and "Gửi phiếu" in text
    assert "Đạt" not in text and "1/5" not in text
    voted = client_for(members[0]).get(reverse("nominations:vote", args=[meeting.pk]))
    assert "Bạn đã bỏ phiếu ở phiên họp này" in voted.content.decode()
    minutes = client_for(members[1]).get(reverse("nominations:minutes", args=[meeting.pk]))
    assert minutes.status_code == 302


def test_voting_through_the_sheet_page(flow, client_for):
    nom = flow.appraised()
    members = flow.members()
    meeting = flow.meeting([nom])
    item = meeting.items.get()
    url = reverse("nominations:vote", args=[meeting.pk])
    r = client_for(members[0]).post(url, {f"phieu_{item.pk}": "dong_y"})
    assert r.status_code == 302
    again = client_for(members[0]).post(url, {f"phieu_{item.pk}": "khong"}, follow=True)
    assert "phiếu đã bỏ không thay đổi được" in again.content.decode()
    assert SealedBallot.objects.filter(meeting=meeting).count() == 1


def test_close_screen_counts_votes_names_the_missing_and_needs_confirmation(flow, client_for):
    _set_rule(50, "present")
    nom = flow.appraised()
    members = flow.members()
    meeting = flow.meeting([nom], present=members[:4])
    _vote(meeting, [(m, True) for m in members[:3]])
    dept = client_for(flow.dept)
    url = reverse("nominations:ballot_close", args=[meeting.pk])
    text = dept.get(url).content.decode()
    assert "Đã bỏ phiếu: 3/4 thành viên có mặt" in text
    assert str(members[3]) in text and "được tính là không đồng ý" in text
    assert "4 thành viên có mặt" in text  # the denominator of this award's rule
    r = dept.post(url, {"cum_mat_khau": PASSPHRASE})
    assert r.status_code == 400 and str(members[3]) in r.content.decode()
    r = dept.post(url, {"cum_mat_khau": "sai mật khẩu rồi", "xac_nhan": "1"})
    assert r.status_code == 400 and "không đúng" in r.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.VOTING
    r = dept.post(url, {"cum_mat_khau": PASSPHRASE, "xac_nhan": "1"})
    assert r.status_code == 302 and r["Location"] == reverse("nominations:minutes",
                                                           args=[meeting.pk])
    item = meeting.items.get()
    assert (item.agree, item.base_count, item.result) == (3, 4, ItemResult.PASSED)


def test_members_cannot_open_or_close_the_ballot(flow, client_for):
    nom = flow.appraised()
    members = flow.members()
    meeting = flow.meeting([nom])
    member = client_for(members[0])
    assert member.get(reverse("nominations:ballot_close", args=[meeting.pk])).status_code == 403
    assert member.post(reverse("nominations:ballot_close", args=[meeting.pk]),
                       {"cum_mat_khau": PASSPHRASE, "xac_nhan": "1"}).status_code == 403


def test_open_screen_refuses_mismatched_passphrases(flow, client_for):
    meeting = _prepared(flow)
    url = reverse("nominations:ballot_open", args=[meeting.pk])
    dept = client_for(flow.dept)
    assert "Cụm mật khẩu kiểm phiếu" in dept.get(url).content.decode()
    r = dept.post(url, {"cum_mat_khau": PASSPHRASE, "nhap_lai": PASSPHRASE + "x"})
    assert r.status_code == 400 and "không khớp" in r.content.decode()
    r = dept.post(url, {"cum_mat_khau": PASSPHRASE, "nhap_lai": PASSPHRASE})
    assert r.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.VOTING


# --- concurrency (PostgreSQL: row locks and the unique marker) ---------------------------------


@pytest.mark.skipif(connection.vendor == "sqlite",
                    reason="the in-memory SQLite test database has no row locks; "
                           "run on PostgreSQL (the file database serialises writers)")
@pytest.mark.django_db(transaction=True)
def test_a_double_submit_at_the_same_instant_counts_once(request):
    from tdkt.organisation.loader import load_organisation
    from tests.factories import seed_award_types
    from tests.nominations.helpers import Flow, ensure_reference_data

    load_organisation()  # a transactional test's flush removes them
    seed_award_types()
    ensure_reference_data()
    flow = Flow(request.getfixturevalue("cast"))
    nom = flow.appraised()
    members = flow.members()
    meeting = flow.meeting([nom])
    item = meeting.items.get()
    barrier = threading.Barrier(4)
    outcomes = []

    def submit(agree):
        try:
            barrier.wait()
            services.cast_ballot(members[0], meeting, {item.pk: agree})
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(i % 2 == 0,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused", "refused", "refused"]
    assert BallotMarker.objects.filter(meeting=meeting).count() == 1
    assert SealedBallot.objects.filter(meeting=meeting).count() == 1


def test_restart_from_the_close_screen_needs_a_reason_and_a_new_passphrase(flow, client_for):
    nom = flow.appraised()
    members = flow.members()
    meeting = flow.meeting([nom])
    _vote(meeting, [(members[0], True)])
    dept = client_for(flow.dept)
    url = reverse("nominations:ballot_restart", args=[meeting.pk])
    new = "Cụm mật khẩu mới của Chủ tịch"
    r = dept.post(url, {"cum_mat_khau": new, "nhap_lai": new, "ly_do": ""}, follow=True)
    assert "lý do" in r.content.decode() and SealedBallot.objects.count() == 1
    r = dept.post(url, {"cum_mat_khau": new, "nhap_lai": new, "ly_do": "Chủ tịch quên"})
    assert r.status_code == 302 and not SealedBallot.objects.exists()
    restart = Action.objects.get(verb="ballot.restart")
    assert restart.note == "Chủ tịch quên" and new not in str(restart.changes)


def test_close_attempts_are_rate_limited(flow, client_for):
    nom = flow.appraised()
    flow.members()
    meeting = flow.meeting([nom])
    dept = client_for(flow.dept)
    url = reverse("nominations:ballot_close", args=[meeting.pk])
    codes = [dept.post(url, {"cum_mat_khau": f"đoán thử lần {i:02d}", "xac_nhan": "1"})
             .status_code for i in range(11)]
    assert codes == [400] * 10 + [429]
    assert dept.post(url, {"cum_mat_khau": PASSPHRASE, "xac_nhan": "1"}).status_code == 429
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.VOTING


def test_minutes_say_how_many_ballots_were_handed_out_and_returned(flow, client_for):
    nom = flow.appraised()
    members = flow.members()
    meeting = flow.meeting([nom], present=members[:4])
    _vote(meeting, [(m, True) for m in members[:3]])
    flow.close(meeting)
    body = client_for(flow.dept).get(reverse("nominations:minutes", args=[meeting.pk]))
    text = body.content.decode()
    assert "Số phiếu phát ra: 4; số phiếu thu về: 3" in text
    assert "không bỏ phiếu được tính là không đồng ý" in text
