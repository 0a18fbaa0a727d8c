"""Parsing contract JSON into a Case: every malformed field is named."""

import pytest

from tdkt.rules import CaseError, parse_case

VALID = {
    "id": "c",
    "award": "lao_dong_tien_tien",
    "year": 2025,
    "subject": {"kind": "individual", "gender": "female", "joined_on": "2019-09-01"},
}


def error_for(**changes):
    data = {**VALID, **changes}
    with pytest.raises(CaseError) as error:
        parse_case(data)
    return error.value


def test_contract_example_parses_into_plain_values():
    case = parse_case(
        {
            **VALID,
            "as_of": "2026-01-15",
            "ratings": {"2024": "HTTNV", "2025": "HTXSNV"},
            "registered": [2024, 2025],
            "titles": [{"award": "lao_dong_tien_tien", "year": 2024}],
            "awards": [{"award": "bang_khen_bo_truong_bo_tu_phap", "year": 2021}],
            "initiatives": [{"year": 2025, "scope": "bo", "kind": "research"}],
            "disciplines": [{"form": "khien_trach", "decided_on": "2021-03-01", "ends_on": None}],
            "pending_proceedings": False,
            "attested": True,
            "expect": "ignored",
        }
    )
    assert case.ratings == {2024: "HTTNV", 2025: "HTXSNV"}
    assert case.awards[0].method == "regular"
    assert case.disciplines[0].ends_on is None
    assert case.consideration_date.isoformat() == "2026-01-15"


def test_default_date_of_consideration_is_31_january_next_year():
    assert parse_case(VALID).consideration_date.isoformat() == "2026-01-31"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"ratings": {"2024": "HTXS"}},
            "ratings.2024",
            '"HTXS" is not a rating (HTXSNV, HTTNV, HTNV, KHTNV)',
        ),
        ({"ratings": {"năm": "HTTNV"}}, "ratings.năm", '"năm" is not a year'),
        ({"award": "bang_khen"}, "award", '"bang_khen" is not a catalogue code'),
        ({"year": "2025"}, "year", '"2025" is not a year'),
        ({"as_of": "31/01/2026"}, "as_of", "is not a date (YYYY-MM-DD)"),
        ({"subject": {"kind": "team"}}, "subject.kind", '"team" is not a subject kind'),
        ({"subject": {"kind": "individual", "gender": "x"}}, "subject.gender", "is not a gender"),
        (
            {"awards": [{"award": "giay_khen", "year": 2020, "method": "hero"}]},
            "awards[0].method",
            "is not a method (regular, thematic, sudden, dedication, other)",
        ),
        (
            {"initiatives": [{"year": 2025, "scope": "tinh"}]},
            "initiatives[0].scope",
            "is not a scope",
        ),
        ({"disciplines": [{"form": "khien_trach"}]}, "disciplines[0].decided_on", "is required"),
        (
            {"disciplines": [{"form": "phat", "decided_on": "2020-01-01"}]},
            "disciplines[0].form",
            "is not a discipline form",
        ),
        (
            {"collective": {"members": 5, "lao_dong_tien_tien": 6}},
            "collective.lao_dong_tien_tien",
            "more than members",
        ),
        ({"collective": {"members": 0}}, "collective.members", "at least 1"),
        (
            {"posts": [{"post": "head", "from": "2020-01-01", "to": "2019-01-01"}]},
            "posts[0].to",
            "before from",
        ),
        ({"pending_proceedings": "no"}, "pending_proceedings", "is not true or false"),
        ({"registered": [2024, "2025"]}, "registered[1]", "is not a year"),
    ],
)
def test_malformed_field_is_named(changes, field, message):
    error = error_for(**changes)
    assert error.field == field
    assert message in error.message


def test_missing_subject_and_award_are_malformed():
    assert error_for(subject=None).field == "subject"
    data = dict(VALID)
    del data["award"]
    with pytest.raises(CaseError) as error:
        parse_case(data)
    assert error.value.field == "award"
