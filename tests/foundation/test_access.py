"""Role scopes: outside the scope → 404; read-only role writing → 403."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.documents import helpers as docs
from tests.movements import helpers as mv

pytestmark = pytest.mark.django_db


def test_officer_gets_404_for_a_person_of_another_department(cast, client_for):
    client = client_for(cast.officer_a)
    assert client.get(reverse("people:detail", args=[cast.person_b.pk])).status_code == 404
    assert client.get(reverse("people:detail", args=[cast.person_a.pk])).status_code == 200


def test_officer_sees_only_own_subtree_in_units(cast, client_for):
    client = client_for(cast.officer_a)
    assert client.get(reverse("organisation:unit", args=["STP-01-VP"])).status_code == 200
    assert client.get(reverse("organisation:unit", args=["STP-79"])).status_code == 404
    assert client.get(reverse("organisation:unit", args=["BTP"])).status_code == 404


def test_search_never_returns_people_outside_scope(cast, client_for):
    response = client_for(cast.officer_a).get(reverse("core:search"), {"q": "le van binh"})
    assert "Lê Văn Bình" not in response.content.decode()
    response = client_for(cast.officer_b).get(reverse("core:search"), {"q": "le van binh"})
    assert "Lê Văn Bình" in response.content.decode()


@pytest.mark.parametrize("who", ["head_a", "staff_a"])
def test_read_only_roles_get_403_when_writing(cast, client_for, who):
    user = getattr(cast, who)
    # a record the role reads: the unit's for the head, only their own for staff
    person = cast.person_a if who == "head_a" else user.person
    name = person.full_name
    client = client_for(user)
    url = reverse("people:edit", args=[person.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"full_name": "Ai Đó Khác"}).status_code == 403
    person.refresh_from_db()
    assert person.full_name == name


def test_officer_edits_a_person_in_scope_through_the_form(cast, client_for):
    url = reverse("people:edit", args=[cast.person_a.pk])
    response = client_for(cast.officer_a).post(
        url,
        {
            "full_name": "trần  thị   hồng",
            "gender": "female",
            "date_of_birth": "17/05/1985",
            "position": "Chuyên viên chính",
            "joined_sector_on": "01/09/2010",
        },
    )
    assert response.status_code == 302
    cast.person_a.refresh_from_db()
    assert cast.person_a.position == "Chuyên viên chính"


def test_invalid_edit_shows_vietnamese_errors_and_changes_nothing(cast, client_for):
    url = reverse("people:edit", args=[cast.person_a.pk])
    response = client_for(cast.officer_a).post(
        url, {"full_name": "Hồng", "gender": "female", "date_of_birth": "31/02/1985"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Nhập đầy đủ họ và tên." in body
    cast.person_a.refresh_from_db()
    assert cast.person_a.full_name == "Trần Thị Hồng"


def test_staff_does_not_see_colleagues_personal_data(cast, client_for):
    body = client_for(cast.staff_a).get(reverse("people:detail", args=[cast.person_a.pk])).content
    assert cast.person_a.id_number.encode() not in body
    body = client_for(cast.officer_a).get(reverse("people:detail", args=[cast.person_a.pk])).content
    assert cast.person_a.id_number.encode() in body


def test_audit_log_is_for_administrators_only(cast, client_for):
    assert client_for(cast.officer_a).get(reverse("audit:list")).status_code == 403
    assert client_for(cast.admin).get(reverse("audit:list")).status_code == 200


def test_anonymous_users_are_sent_to_login(client, cast):
    response = client.get(reverse("people:detail", args=[cast.person_a.pk]))
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


# --- the walk over every URL pattern -----------------------------------------------

# URL parameter name -> value naming an object in unit B (outside officer A's scope).
# A new URL parameter must be registered here (or its URL listed as public below).
OTHER_SCOPE_VALUES = {
    "person_pk": lambda cast: cast.person_b.pk,
    "unit_code": lambda cast: cast.unit_b.code,
    "user_pk": lambda cast: cast.officer_b.pk,
    "target_type": lambda cast: "people.person",
    "target_id": lambda cast: cast.person_b.pk,
    # history: record entries of person B / unit B, and an import job of officer B
    "kind": lambda cast: "xep-loai",
    "entry_pk": lambda cast: _history_entry_b(cast).pk,
    "unit_entry_pk": lambda cast: _history_unit_entry_b(cast).pk,
    "job_pk": lambda cast: _import_job_b(cast).pk,
    "assignment_pk": lambda cast: cast.officer_b.role_assignments.get().pk,
    "sweep_pk": lambda cast: _sweep_of_b(cast),
    # documents: unit B's decision, awardee, submission; a meeting (council only); officer
    # B's generation job; templates and blank layouts (administrators / department only)
    "doc_decision_pk": lambda cast: docs.other_scope(cast, "decision"),
    "doc_awardee_pk": lambda cast: docs.other_scope(cast, "awardee"),
    "doc_submission_pk": lambda cast: docs.other_scope(cast, "submission"),
    "doc_meeting_pk": lambda cast: docs.other_scope(cast, "meeting"),
    "gen_job_pk": lambda cast: docs.other_scope(cast, "job"),
    "template_pk": lambda cast: docs.other_scope(cast, "template"),
    "template_kind": lambda cast: "decision",
    "cert_kind": lambda cast: "bang-khen",
    # movements: objects of STP-79's own movement and cluster (tests/movements/helpers.py)
    "movement_pk": lambda cast: mv.other_movement(cast).pk,
    "registration_pk": lambda cast: mv.other_registration(cast).pk,
    "document_pk": lambda cast: mv.other_document(cast).pk,
    "proposal_pk": lambda cast: mv.other_proposal(cast).pk,
    # notifications (/thong-bao/<notification_pk>/da-doc/): a notice to unit B, made through
    # the one notification service (tests/movements/helpers.py)
    "notification_pk": lambda cast: mv.other_notification(cast).pk,
    "review_kind": lambda cast: "so-ket",
    "cluster_code": lambda cast: mv.OTHER_CLUSTER,
    "cluster_year": lambda cast: mv.OTHER_CLUSTER_YEAR,
    "criterion_pk": lambda cast: mv.other_criterion(cast).pk,
    # legal library: recording an amended wording of an article (department only)
    "code": lambda cast: "luat_06_2022",
    "article": lambda cast: "93",
    # legal read tracking: an assignment given to unit B only (tests/legal/reading_helpers.py)
    "reading_pk": lambda cast: _reading_of_b(cast).pk,
    # exemplars: a proposal concerning unit B (tests/exemplars/helpers.py)
    "exemplar_pk": lambda cast: _exemplar_b(cast).pk,
    # exemplars: unit B's adoption of a model of unit B, and its result file
    "adoption_pk": lambda cast: _adoption_b(cast).pk,
    "adoption_file_pk": lambda cast: _adoption_b(cast).files.get().pk,
    # an exemplar's evidence file or photo (unit B's exemplar; the view checks the pair)
    "item_pk": lambda cast: _exemplar_photo_b(cast).pk,
    "photo_pk": lambda cast: _exemplar_photo_b(cast).pk,
    "score_pk": lambda cast: mv.other_score(cast).pk,
    # inspections: STP-79's plan inspecting its own office (tests/inspections/helpers.py)
    **{
        f"{what}_pk": (lambda w: lambda cast: _inspections_object(cast, w).pk)(what)
        for what in ("plan", "inspection", "finding", "action", "evidence", "checklist",
                     "checklist_item")
    },
    # reports: a review call issued by STP-79 to its office, and that office's report
    "call_pk": lambda cast: _reports_object(cast).call_id,
    "report_pk": lambda cast: _reports_object(cast).pk,
    # nominations: objects of STP-79 (tests/nominations/helpers.py other_scope)
    **{
        f"{what}_pk": (lambda w: lambda cast: _nominations_object(cast, w))(what)
        for what in ("round", "submission", "nomination", "attachment", "decision", "awardee",
                     "meeting", "member", "period", "comment", "setting", "holiday",
                     "council")
    },
    # contests: a contest for STP-79 only, its round, person B's attempt, a prize of unit B
    # and its decision; a bank question (department only) (tests/contests/helpers.py)
    **{
        f"{key}_pk": (lambda w: lambda cast: _contests_object(cast, w).pk)(what)
        for key, what in (("contest", "contest"), ("contest_round", "round"),
                          ("contest_attempt", "attempt"), ("contest_prize", "prize"),
                          ("prize_decision", "decision"), ("bank_question", "question"))
    },
    # nominations: STP-79's own year-end round (tests/nominations/unit_round_helpers.py)
    "unit_round_pk": lambda cast: _unit_round_of_b(cast),
    # legal questions and answers: a question asked in STP-79, not published (the public
    # page answers 404 for it too; published ones are public by design)
    "question_pk": lambda cast: _question_of_b(cast),
}


def _question_of_b(cast):
    from tdkt.legal.models import Question

    return Question.objects.get_or_create(
        unit=cast.unit_b, title="Câu hỏi của STP-79",
        defaults={"asker": cast.officer_b, "body": "…"})[0].pk


def _contests_object(cast, what):
    from tests.contests.helpers import other_scope

    return other_scope(cast, what)


def _unit_round_of_b(cast):
    from tests.nominations.unit_round_helpers import other_unit_round

    return other_unit_round(cast)

def _sweep_of_b(cast):
    import datetime

    from tdkt.eligibility.models import Sweep

    return Sweep.objects.create(
        root=cast.unit_b, year=2025, as_of=datetime.date(2026, 1, 31), created_by=cast.officer_b
    ).pk


def _history_entry_b(cast):
    from tdkt.history.models import PersonRating

    return PersonRating.objects.get_or_create(
        person=cast.person_b, year=2024, defaults={"rating": "HTTNV"}
    )[0]


def _history_unit_entry_b(cast):
    from tdkt.history.models import UnitRating

    return UnitRating.objects.get_or_create(
        unit=cast.unit_b, year=2024, defaults={"rating": "HTTNV"}
    )[0]


def _import_job_b(cast):
    from tdkt.history.models import ImportJob

    return ImportJob.objects.get_or_create(created_by=cast.officer_b, file_name="b.xlsx")[0]


# Pages open to the public by design (honours board, verification…), with no scoped data.
PUBLIC_URL_NAMES: set[str] = {"nominations_public:period", "documents_public:verify",
                              "documents_public:lookup",
                              # The legal library: the same texts for every user and the public.
                              "legal:document", "legal_public:document",
                              "legal:article_versions", "legal_public:article_versions",
                              "core:healthz", "core:ping", "core:public_home",
                              # Published exemplar stories: public by design (unpublished: 404).
                              "exemplars_public:story",
                              # Photos of published stories (unpublished, unconsented: 404).
                              "exemplars_public:photo",
                              # A published contest's rounds and unit ranking (units only).
                              "contests_public:contest"}


def _reading_of_b(cast):
    from tests.legal.reading_helpers import other_scope

    return other_scope(cast)


def _exemplar_b(cast):
    from tests.exemplars.helpers import exemplar

    return exemplar(cast.unit_b)


def _adoption_b(cast):
    from tests.exemplars.helpers import adoption_of_b

    return adoption_of_b(cast)


def _exemplar_photo_b(cast):
    from tdkt.exemplars.models import Evidence

    return Evidence.objects.create(exemplar=_exemplar_b(cast), kind="photo", caption="Ảnh",
                                   file="dien-hinh/b/a.png", original_name="a.png", size=3)


def _inspections_object(cast, what):
    from tests.inspections.helpers import other_scope

    return other_scope(cast, what)


def _reports_object(cast):
    import datetime

    from tdkt.reports.models import ReviewCall, UnitReport

    report = UnitReport.objects.filter(call__issuer=cast.unit_b).first()
    if report is None:
        call = ReviewCall.objects.create(issuer=cast.unit_b, year=2025, kind="yearend",
                                         title="Tổng kết của STP-79",
                                         due_on=datetime.date(2025, 12, 15))
        office = cast.unit_b.get_children().order_by("path").first()
        report = UnitReport.objects.create(call=call, unit=office)
    return report


def _nominations_object(cast, what):
    from tests.nominations.helpers import other_scope

    return other_scope(cast, what)


def walk(resolver, prefix="", namespace=None):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            yield from walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, prefix + str(entry.pattern), entry


def parameterised_patterns():
    return [
        (name, entry)
        for name, _route, entry in walk(get_resolver())
        if entry.pattern.converters and name and not name.startswith("djdt")
    ]


def test_no_parameterised_url_answers_200_for_objects_of_another_scope(cast, client_for):
    client = client_for(cast.officer_a)
    checked = []
    for name, entry in parameterised_patterns():
        if name in PUBLIC_URL_NAMES:
            continue
        params = list(entry.pattern.converters)
        unknown = [p for p in params if p not in OTHER_SCOPE_VALUES]
        assert not unknown, f"{name}: register URL parameters {unknown} in OTHER_SCOPE_VALUES"
        url = reverse(name, kwargs={p: OTHER_SCOPE_VALUES[p](cast) for p in params})
        for method in ("get", "post"):
            status = getattr(client, method)(url).status_code
            assert status in (403, 404, 405), f"{method.upper()} {url} ({name}) answered {status}"
        checked.append(name)
    assert {"people:detail", "people:edit", "organisation:unit",
            "organisation:identity_edit"} <= set(checked)


# Staff privacy (issue 12 item 11): URL parameters naming a person's own records -> an object
# of staff A's colleague (person A, same Department of Justice). Staff reach only their own.
COLLEAGUE_VALUES = {
    "person_pk": lambda cast: cast.person_a.pk,
    "kind": lambda cast: "xep-loai",
    "entry_pk": lambda cast: _colleague_nomination(cast).person.ratings.get().pk,
    "nomination_pk": lambda cast: _colleague_nomination(cast).pk,
    "attachment_pk": lambda cast: _colleague_nomination(cast).attachments.get().pk,
}
PERSON_OWNED_PARAMS = {"person_pk", "entry_pk", "nomination_pk", "attachment_pk"}


def _colleague_nomination(cast):
    from django.core.files.base import ContentFile

    from tdkt.history.models import PersonRating
    from tdkt.nominations.models import Attachment, Nomination, Submission
    from tests.nominations.helpers import AWARD, make_round

    found = Nomination.objects.filter(person=cast.person_a).first()
    if found:
        return found
    PersonRating.objects.create(person=cast.person_a, year=2025, rating="HTXSNV")
    submission = Submission.objects.create(
        round=make_round("STP-01"), unit=cast.unit_a, title="Tờ trình của Sở Tư pháp Hà Nội")
    nomination = Nomination.objects.create(
        submission=submission, round=submission.round, proposing_unit=cast.unit_a, year=2025,
        award_code=AWARD, subject_kind="individual", person=cast.person_a,
        subject_name=cast.person_a.full_name, achievement="Thành tích xuất sắc năm 2025")
    Attachment.objects.create(nomination=nomination, kind="to_trinh", original_name="x.pdf",
                              file=ContentFile(b"%PDF-1.4\n% x\n", name="x.pdf"), size=14)
    return nomination


def test_staff_reach_no_url_of_a_colleagues_records(cast, client_for, settings, tmp_path):
    """Every URL naming a person's records answers 404 (or 405) to a staff member of the same
    unit for a colleague's: neither the page nor the record's existence is revealed."""
    settings.MEDIA_ROOT = tmp_path / "media"
    client = client_for(cast.staff_a)
    checked, leaks = [], []
    for name, entry in parameterised_patterns():
        params = set(entry.pattern.converters)
        if name in PUBLIC_URL_NAMES or not params & PERSON_OWNED_PARAMS:
            continue
        if not params <= COLLEAGUE_VALUES.keys():
            continue  # also names an object of the unit (a submission…): not a person's record
        url = reverse(name, kwargs={p: COLLEAGUE_VALUES[p](cast) for p in params})
        for method in ("get", "post"):
            status = getattr(client, method)(url).status_code
            if status not in (404, 405):
                leaks.append(f"{method.upper()} {url} ({name}) answered {status}")
        checked.append(name)
    assert not leaks, "\n".join(leaks)
    assert {"people:detail", "nominations:nomination", "nominations:attachment",
            "history:entry_edit", "eligibility:person_check"} <= set(checked)


def test_administrator_creates_an_account_and_scopes_it(cast, client_for):
    from tdkt.accounts.models import User
    from tdkt.audit.models import Action

    admin = client_for(cast.admin)
    response = admin.post(
        reverse("accounts:user_create"),
        {
            "username": "canbo.moi",
            "full_name": "Trần Thị Hồng",
            "password": "mat-khau-dai-2026",
            "id_number": cast.person_a.id_number,
        },
    )
    user = User.objects.get(username="canbo.moi")
    assert response.status_code == 302 and user.person == cast.person_a
    admin.post(
        reverse("accounts:user_detail", args=[user.pk]), {"role": "unit_officer", "unit": "stp-01"}
    )
    assert list(user.role_assignments.values_list("role", "unit__code")) == [
        ("unit_officer", "STP-01")
    ]
    assert set(Action.objects.filter(target_id=str(user.pk)).values_list("verb", flat=True)) == {
        "user.create",
        "user.assign_role",
    }


def test_only_administrators_manage_accounts(cast, client_for):
    for who in (cast.officer_a, cast.head_a, cast.staff_a):
        assert client_for(who).get(reverse("accounts:users")).status_code == 403
