"""Catalogue v2: `basis` on every check, interpretation parameters, warnings (issue 18 item 1)."""

import random
from datetime import date

import pytest

from tdkt.rules import Catalogue, CatalogueError, Evaluator, judge, load_builtin, parse_case
from tdkt.rules.catalogue import BASES, set_readings
from tdkt.rules.engine import judge_verdicts

from .snapshot import load
from .support import check
from .synthetic import INDIVIDUAL_AWARDS, person

READINGS = (
    "cstd_co_so_initiative_in_year",
    "cstd_cap_bo_third_title_in_year",
    "cstd_cap_bo_initiative_in_run",
)
IN_FORCE = date(2026, 1, 31)  # the default date of consideration of year 2025


def version(**values) -> Catalogue:
    """The built-in version in force for 2025, with readings set as the department would."""
    base = Evaluator().version_for(IN_FORCE)
    data = set_readings(base.to_dict(), values, "Phòng Thi đua (thử)", date(2026, 3, 1))
    data["version"] = "doc-" + "-".join(f"{k}-{v}" for k, v in sorted(values.items()))
    return Catalogue.from_dict(data)


def run(catalogue, award, **fields):
    data = {"id": "t", "award": award, "year": 2025, "attested": True, **fields}
    data.setdefault("subject", {"kind": "individual", "gender": "male"})
    return judge(parse_case(data), catalogue)


HTTNV = {str(y): "HTTNV" for y in range(2019, 2026)}


def cstd(*years):
    return [{"award": "chien_si_thi_dua_co_so", "year": y} for y in years]


# ------------------------------------------------------------------ the parameters themselves


def test_every_version_carries_the_three_readings_at_their_defaults():
    for catalogue in load_builtin():
        assert tuple(catalogue.readings) == READINGS
        for reading in catalogue.readings.values():
            assert reading.value is True and reading.default is True and reading.is_default
            assert reading.set_by == "Mặc định của hệ thống"
            assert reading.source.startswith("Luật Thi đua, khen thưởng 2022, Điều 2")
            assert reading.text and reading.when_true and reading.when_false


def test_setting_a_reading_records_who_and_when_and_survives_a_round_trip():
    flipped = version(cstd_co_so_initiative_in_year=False)
    reading = flipped.reading("cstd_co_so_initiative_in_year")
    assert reading.value is False and not reading.is_default
    assert reading.set_by == "Phòng Thi đua (thử)" and reading.set_on == date(2026, 3, 1)
    assert reading.current == reading.when_false
    assert flipped.reading("cstd_cap_bo_initiative_in_run").set_by == "Mặc định của hệ thống"
    again = Catalogue.from_dict(flipped.to_dict())
    assert again.reading("cstd_co_so_initiative_in_year").value is False


def test_unknown_or_non_boolean_readings_are_refused():
    data = Evaluator().version_for(IN_FORCE).to_dict()
    with pytest.raises(CatalogueError, match="nope"):
        set_readings(data, {"nope": False}, "x")
    with pytest.raises(CatalogueError, match="true or false"):
        set_readings(data, {"cstd_cap_bo_initiative_in_run": "no"}, "x")
    criteria = data["awards"][1]["criteria"][1]["items"][1]
    criteria["window"] = {"reading": "missing", "yes": "same_year", "no": "since_own_last"}
    with pytest.raises(CatalogueError, match="missing"):
        Catalogue.from_dict(data)


# --------------------------------------------- each parameter flipped changes a crafted verdict

def test_cstd_co_so_initiative_of_an_earlier_year_counts_only_when_the_reading_allows_it():
    fields = {
        "ratings": {"2024": "HTTNV", "2025": "HTTNV"},
        "initiatives": [{"year": 2024, "scope": "co_so", "kind": "initiative"}],
    }
    default = run(version(), "chien_si_thi_dua_co_so", **fields)
    flipped = run(version(cstd_co_so_initiative_in_year=False), "chien_si_thi_dua_co_so", **fields)
    assert default.verdict == "ineligible" and flipped.verdict == "eligible"
    for result in (default, flipped):
        route = check(result, "excellent_or_initiative")
        assert route.basis == "interpretation"
        assert route.readings == ("cstd_co_so_initiative_in_year",)
        assert any("sáng kiến, đề tài phải thuộc năm xét" in w for w in result.warnings)
    # The earlier initiative already served the title of 2024: one achievement, one award.
    used = run(
        version(cstd_co_so_initiative_in_year=False),
        "chien_si_thi_dua_co_so",
        titles=cstd(2024),
        **fields,
    )
    assert used.verdict == "ineligible"
    # Back to the default: the same year only again.
    back = Catalogue.from_dict(
        set_readings(
            version(cstd_co_so_initiative_in_year=False).to_dict(),
            {"cstd_co_so_initiative_in_year": True},
            "Phòng Thi đua (thử)",
        )
    )
    assert run(back, "chien_si_thi_dua_co_so", **fields).verdict == "ineligible"


def test_cstd_cap_bo_third_title_before_the_year_counts_only_when_the_reading_allows_it():
    fields = {
        "ratings": HTTNV,
        "titles": cstd(2022, 2023, 2024),
        "initiatives": [{"year": 2023, "scope": "bo", "kind": "initiative"}],
    }
    default = run(version(), "chien_si_thi_dua_cap_bo", **fields)
    flipped = run(version(cstd_cap_bo_third_title_in_year=False), "chien_si_thi_dua_cap_bo",
                  **fields)
    assert default.verdict == "ineligible" and flipped.verdict == "eligible"
    run_check = check(default, "cstd_co_so_3_consecutive")
    assert run_check.met is False and run_check.basis == "interpretation"
    assert any("lần Chiến sĩ thi đua cơ sở thứ ba phải ở năm xét" in w for w in default.warnings)
    assert "lần cuối ở năm 2025 hoặc trước đó: có các năm 2022" in check(
        flipped, "cstd_co_so_3_consecutive"
    ).why
    # A gap inside the three years still breaks the run under either reading.
    broken = {**fields, "titles": cstd(2021, 2022, 2024)}
    assert run(version(cstd_cap_bo_third_title_in_year=False), "chien_si_thi_dua_cap_bo",
               **broken).verdict == "ineligible"


def test_cstd_cap_bo_initiative_before_the_three_years_counts_only_when_the_reading_allows_it():
    fields = {
        "ratings": HTTNV,
        "titles": cstd(2023, 2024, 2025),
        "initiatives": [{"year": 2021, "scope": "bo", "kind": "research"}],
    }
    default = run(version(), "chien_si_thi_dua_cap_bo", **fields)
    flipped = run(version(cstd_cap_bo_initiative_in_run=False), "chien_si_thi_dua_cap_bo",
                  **fields)
    assert default.verdict == "ineligible" and flipped.verdict == "eligible"
    assert check(default, "initiative_bo").met is False
    assert check(flipped, "initiative_bo").basis == "interpretation"
    assert any("thuộc thời gian 03 lần" in w for w in flipped.warnings)
    # Not an initiative that came before the last Chiến sĩ thi đua cấp Bộ.
    earlier = {**fields, "titles": [*cstd(2023, 2024, 2025),
                                    {"award": "chien_si_thi_dua_cap_bo", "year": 2022}]}
    assert run(version(cstd_cap_bo_initiative_in_run=False), "chien_si_thi_dua_cap_bo",
               **earlier).verdict == "ineligible"


def test_labels_follow_the_reading():
    default = version().award("chien_si_thi_dua_cap_bo").criteria[0].label
    flipped = version(cstd_cap_bo_third_title_in_year=False)
    assert default.endswith("lần cuối ở năm xét")
    assert flipped.award("chien_si_thi_dua_cap_bo").criteria[0].label.endswith("hoặc trước đó")


def test_sweep_path_agrees_with_the_full_evaluation_under_flipped_readings():
    flipped = version(**{key: False for key in READINGS})
    rng = random.Random(18)
    for pid in range(600):
        case = person(rng, 2025, IN_FORCE, pid)
        fast = judge_verdicts(case, flipped, INDIVIDUAL_AWARDS)
        for code, verdict, _ in fast:
            case.award = code
            assert judge(case, flipped).verdict == verdict, (pid, code)


# ---------------------------------------------------------------------- basis and warnings


def test_every_check_has_a_basis_consistent_with_its_status():
    evaluator = Evaluator()
    seen = set()
    for entry in load()[::3]:
        case = parse_case(entry["case"])
        for code in entry["results"]:
            case.award = code
            for c in evaluator.evaluate(case).checks:
                assert c.basis in BASES
                assert (c.basis == "unverified") == (c.status == "chưa xác minh"), c
                assert (c.basis == "interpretation") <= bool(c.readings), c
                seen.add(c.basis)
                d = c.to_dict()
                assert d["basis"] == c.basis
    assert seen == set(BASES)


def test_the_defaults_move_no_verdict_of_the_snapshot():
    """Every stored result of the equivalence snapshot (judged before catalogue v2) keeps its
    verdict under the built-in versions and under an explicit copy with the defaults set."""
    evaluator = Evaluator()
    explicit = version(**{key: True for key in READINGS})
    for entry in load():
        case = parse_case(entry["case"])
        for code, stored in entry["results"].items():
            case.award = code
            assert evaluator.evaluate(case).verdict == stored["verdict"]
            if stored["rules_version"] == "builtin-2025-09-15":
                assert judge(case, explicit).verdict == stored["verdict"]


def test_a_met_route_resting_on_the_law_carries_no_interpretation_warning():
    result = run(version(), "chien_si_thi_dua_co_so", ratings={"2025": "HTXSNV"})
    assert result.verdict == "eligible"
    assert check(result, "excellent_or_initiative").basis == "law"
    assert not result.warnings


def test_ineligible_on_a_law_check_rests_on_no_reading():
    fields = {
        "ratings": {**HTTNV, "2025": "KHTNV"},
        "titles": cstd(2022, 2023, 2024),
    }
    result = run(version(), "chien_si_thi_dua_cap_bo", **fields)
    assert result.verdict == "ineligible" and check(result, "rating_floor").basis == "law"
    assert not any("cách hiểu" in w for w in result.warnings)


def test_unverified_requirements_are_named_in_plain_words():
    result = run(version(), "lao_dong_tien_tien", ratings={"2025": "HTTNV"}, registered=[2025])
    assert result.verdict == "eligible"
    assert check(result, "registered").basis == "unverified"
    assert "Kết luận dựa trên quy định chưa xác minh: Đăng ký thi đua." in result.warnings
    assert result.to_dict()["warnings"] == list(result.warnings)
