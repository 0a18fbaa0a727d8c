"""Staff privacy (issue 12 item 11): a staff member (Role.STAFF) reaches their own person
record, history, nominations, attachments and eligibility checks — never a colleague's, even
in the same unit; the unit head reads the unit's; officers as before.

Cast: staff_a (STP-01) is Phạm Minh Đức of STP-01-HCBT; person_a (Trần Thị Hồng, STP-01-VP)
is a colleague in the same Department of Justice."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from tests.nominations.helpers import Flow

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% ho so thi dua\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _attach(nomination, name):
    from tdkt.nominations.models import Attachment

    return Attachment.objects.create(
        nomination=nomination, kind="to_trinh", file=ContentFile(PDF, name=name),
        original_name=name, size=len(PDF),
    )


def _sweep_of_unit_a(cast, people):
    from tdkt.eligibility.models import Sweep, SweepEntry, SweepStatus

    sweep = Sweep.objects.create(
        root=cast.unit_a, year=2025, as_of=datetime.date(2026, 1, 31),
        status=SweepStatus.DONE, finished_at=datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC),
    )
    for person in people:
        SweepEntry.objects.create(sweep=sweep, person=person, unit=person.unit,
                                  award="chien_si_thi_dua_co_so", category="eligible")
    return sweep


@pytest.fixture
def dossiers(cast):
    """One submission of STP-01 holding a nomination of the colleague and one of the staff
    member, each with an attachment; both have history (ratings) from make_eligible."""
    flow = Flow(cast)
    submission = flow.submission()
    own_person = cast.staff_a.person
    theirs = flow.nomination(person=cast.person_a, submission=submission, attach=False)
    own = flow.nomination(person=own_person, submission=submission, attach=False)
    _sweep_of_unit_a(cast, [cast.person_a, own_person])
    return {
        "theirs": theirs, "theirs_att": _attach(theirs, "to-trinh-dong-nghiep.pdf"),
        "theirs_entry": cast.person_a.ratings.first(),
        "own": own, "own_att": _attach(own, "to-trinh-cua-toi.pdf"),
        "own_entry": own_person.ratings.first(),
    }


def _urls(person, nomination, attachment, entry):
    return {
        "person page": reverse("people:detail", args=[person.pk]),
        "dossier": reverse("nominations:nomination", args=[nomination.pk]),
        "attachment": reverse("nominations:attachment", args=[attachment.pk]),
        "awards record": reverse("nominations:person", args=[person.pk]),
        "eligibility check": reverse("eligibility:person_check", args=[person.pk])
        + "?award=chien_si_thi_dua_co_so&year=2025",
    }


def test_staff_cannot_open_a_colleagues_records(cast, client_for, dossiers):
    client = client_for(cast.staff_a)
    urls = _urls(cast.person_a, dossiers["theirs"], dossiers["theirs_att"],
                 dossiers["theirs_entry"])
    answers = {what: client.get(url).status_code for what, url in urls.items()}
    assert answers == dict.fromkeys(urls, 404)
    # the history entry's edit page: 404 (not 403, which would confirm the entry exists)
    entry = reverse("history:entry_edit", args=["xep-loai", dossiers["theirs_entry"].pk])
    assert client.get(entry).status_code == 404


def test_staff_opens_their_own_records(cast, client_for, dossiers):
    client = client_for(cast.staff_a)
    urls = _urls(cast.staff_a.person, dossiers["own"], dossiers["own_att"],
                 dossiers["own_entry"])
    answers = {what: client.get(url).status_code for what, url in urls.items()}
    assert answers == dict.fromkeys(urls, 200)
    response = client.get(urls["attachment"])
    assert b"".join(response.streaming_content) == PDF
    # still read-only on their own record
    entry = reverse("history:entry_edit", args=["xep-loai", dossiers["own_entry"].pk])
    assert client.get(entry).status_code == 403


@pytest.mark.parametrize("who", ["head_a", "officer_a"])
def test_unit_head_and_officer_open_the_units_records(cast, client_for, dossiers, who):
    client = client_for(getattr(cast, who))
    urls = _urls(cast.person_a, dossiers["theirs"], dossiers["theirs_att"],
                 dossiers["theirs_entry"])
    answers = {what: client.get(url).status_code for what, url in urls.items()}
    assert answers == dict.fromkeys(urls, 200)


def test_lists_show_staff_only_their_own_people_and_dossiers(cast, client_for, dossiers):
    client = client_for(cast.staff_a)
    colleague, me = cast.person_a.full_name, cast.staff_a.person.full_name
    index = client.get(reverse("nominations:index")).content.decode()
    assert me in index and colleague not in index
    due = client.get(reverse("eligibility:due_list"), {"nam": 2025}).content.decode()
    assert me in due and colleague not in due
    found = client.get(reverse("core:search"), {"q": "tran thi hong"}).content.decode()
    assert colleague not in found
    # the head still sees the unit's dossiers and due list
    head = client_for(cast.head_a)
    assert colleague in head.get(reverse("nominations:index")).content.decode()
    assert colleague in head.get(reverse("eligibility:due_list"), {"nam": 2025}).content.decode()


def test_staff_keeps_the_pages_of_the_unit(cast, client_for, dossiers):
    """The unit tree, its page (the staff directory, linking only to one's own record), the
    unit's submission and the movements stay open to staff."""
    client = client_for(cast.staff_a)
    for url in (
        reverse("organisation:tree"),
        reverse("organisation:unit", args=["STP-01-VP"]),
        reverse("nominations:submission", args=[dossiers["theirs"].submission_id]),
        reverse("movements:index"),
        reverse("core:home"),
    ):
        assert client.get(url).status_code == 200, url
    # the unit's submission lists the staff member's own dossier, not a colleague's
    submission = client.get(
        reverse("nominations:submission", args=[dossiers["theirs"].submission_id])).content.decode()
    assert cast.staff_a.person.full_name in submission
    assert cast.person_a.full_name not in submission
    page = client.get(reverse("organisation:unit", args=["STP-01-VP"])).content.decode()
    assert cast.person_a.full_name in page
    assert reverse("people:detail", args=[cast.person_a.pk]) not in page
    own_unit = client.get(reverse("organisation:unit", args=["STP-01-HCBT"])).content.decode()
    assert reverse("people:detail", args=[cast.staff_a.person.pk]) in own_unit


def test_staff_without_a_person_record_sees_no_person(cast, client_for, dossiers):
    from tdkt.accounts.models import Role
    from tests.factories import make_user

    client = client_for(make_user("staff_no_person", Role.STAFF, "STP-01"))
    assert client.get(reverse("people:detail", args=[cast.person_a.pk])).status_code == 404
    assert client.get(
        reverse("nominations:attachment", args=[dossiers["theirs_att"].pk])).status_code == 404


def test_staff_who_is_also_officer_of_a_sub_unit_sees_that_sub_unit(cast, client_for, dossiers):
    """Grants add up: a staff member of STP-01 who is also the officer of STP-01-VP reads
    STP-01-VP's people, but still only their own elsewhere in STP-01."""
    from tdkt.accounts.models import Role, RoleAssignment
    from tdkt.organisation.models import Unit
    from tests.factories import make_person

    RoleAssignment.objects.create(user=cast.staff_a, role=Role.UNIT_OFFICER,
                                  unit=Unit.objects.get(code="STP-01-VP"))
    elsewhere = make_person("STP-01-HCBT", "Đỗ Thị Lan")
    client = client_for(cast.staff_a)
    assert client.get(reverse("people:detail", args=[cast.person_a.pk])).status_code == 200
    assert client.get(reverse("people:detail", args=[elsewhere.pk])).status_code == 404
