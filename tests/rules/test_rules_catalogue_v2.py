"""Catalogue v2 (issue 18): the awards Justice units propose that the first catalogue lacked —
the Prime Minister's certificate for collectives (Law art. 73(2)), the Labour Order's third class
for collectives and its second and first classes — each resting on the form below it with an
interval of years; the Labour Order's long-service route for unit heads (NĐ 152/2025 art. 21, 9)
with the one-third reduction for women (art. 4(7)); and the 2026 amendment's transition (dossiers
received before 01/10/2026 stay under the 2022 text unless the new rule is more favourable)."""

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from tdkt.rules import CaseError, Catalogue, Evaluator, load_builtin, parse_case

from .support import check, judge, judge_in

ROOT = Path(__file__).resolve().parents[2]
NEW = (
    "bang_khen_thu_tuong_tap_the",
    "huan_chuong_lao_dong_hang_ba_tap_the",
    "huan_chuong_lao_dong_hang_nhi",
    "huan_chuong_lao_dong_hang_nhi_tap_the",
    "huan_chuong_lao_dong_hang_nhat",
    "huan_chuong_lao_dong_hang_nhat_tap_the",
)
COLLECTIVE = {"kind": "collective"}
ROSTER = {"members": 10, "completed_tasks": 10, "lao_dong_tien_tien": 8,
          "chien_si_thi_dua_co_so": 1}
# (award, the form it rests on, the route's check)
LADDER = [
    ("bang_khen_thu_tuong_tap_the", "bang_khen_bo_truong_bo_tu_phap_tap_the",
     "bang_khen_thu_tuong_tap_the_route", COLLECTIVE),
    ("huan_chuong_lao_dong_hang_ba_tap_the", "bang_khen_thu_tuong_tap_the",
     "huan_chuong_route", COLLECTIVE),
    ("huan_chuong_lao_dong_hang_nhi", "huan_chuong_lao_dong_hang_ba", "huan_chuong_route", None),
    ("huan_chuong_lao_dong_hang_nhi_tap_the", "huan_chuong_lao_dong_hang_ba_tap_the",
     "huan_chuong_route", COLLECTIVE),
    ("huan_chuong_lao_dong_hang_nhat", "huan_chuong_lao_dong_hang_nhi", "huan_chuong_route", None),
    ("huan_chuong_lao_dong_hang_nhat_tap_the", "huan_chuong_lao_dong_hang_nhi_tap_the",
     "huan_chuong_route", COLLECTIVE),
]


def ladder_case(award, prior, subject, prior_year=2020, ratings=None, method="regular", **more):
    fields = {
        "ratings": ratings or {str(y): "HTTNV" for y in range(2016, 2026)},
        "awards": [{"award": prior, "year": prior_year, "method": method}],
        "attested": True,
        **more,
    }
    if subject:
        fields["collective"] = ROSTER
    return judge(award, subject=subject, **fields)


@pytest.mark.parametrize(("award", "prior", "route", "subject"), LADDER)
def test_each_new_form_rests_on_the_one_below_with_five_years_after_it(
    award, prior, route, subject
):
    # Prior form in 2020: 2021–2025 are five years → met from the record.
    enough = ladder_case(award, prior, subject, prior_year=2020)
    assert enough.verdict == "eligible", [c.to_dict() for c in enough.checks]
    assert check(enough, route).met is True
    # In 2021: only 2022–2025, one year short → the record route fails; the judged routes
    # (outstanding or sudden achievement) leave it to the council, never eligible.
    short = ladder_case(award, prior, subject, prior_year=2021)
    assert short.verdict == "needs_review"
    assert check(short, route).met is None
    assert "5 năm liên tục trở lên" in check(short, route).why
    # A run broken by a year rated HTNV starts again after it.
    broken = {str(y): "HTTNV" for y in range(2016, 2026)} | {"2022": "HTNV"}
    assert check(ladder_case(award, prior, subject, ratings=broken), route).met is None
    # A sudden (đột xuất) conferral of the form below is no basis (NĐ 152 Điều 4 khoản 3).
    assert check(ladder_case(award, prior, subject, method="sudden"), route).met is None
    # Without the form below at all, nothing from the record.
    assert check(ladder_case(award, "giay_khen", subject), route).met is None


@pytest.mark.parametrize(("award", "prior", "route", "subject"), LADDER)
def test_the_new_forms_are_unverified_and_say_so(award, prior, route, subject):
    result = ladder_case(award, prior, subject)
    assert check(result, route).basis == "unverified"
    assert any("chưa xác minh" in w for w in result.warnings)
    # Individual forms are not given to collectives and the other way round.
    wrong = {"kind": "individual", "gender": "male"} if subject else COLLECTIVE
    other = judge(award, subject=wrong, ratings={"2025": "HTTNV"}, attested=True,
                  **({} if subject else {"collective": ROSTER}))
    assert check(other, "subject_kind").met is False


def test_the_interval_is_a_configurable_value_of_the_version():
    data = load_builtin()[-1].to_dict()
    data.update(version="interval-3", effective_from="2027-01-01", effective_to=None)
    for award in data["awards"]:
        if award["code"] == "huan_chuong_lao_dong_hang_nhi":
            award["config"]["run_years"] = {"value": 3, "status": "chưa xác minh"}
    version = Catalogue.from_dict(data)
    ratings = {str(y): "HTTNV" for y in range(2016, 2026)}

    def route(prior_year):
        result = judge_in(version, "huan_chuong_lao_dong_hang_nhi", ratings=ratings,
                          awards=[{"award": "huan_chuong_lao_dong_hang_ba", "year": prior_year}],
                          attested=True)
        return check(result, "huan_chuong_route").met

    assert route(2022) is True  # 2023–2025: three years
    assert route(2023) is None  # two


def test_one_achievement_one_award_the_previous_class_counts_once():
    # Hạng Nhì in 2019 already rested on the hạng Ba of 2013; that hạng Ba cannot serve again.
    result = judge("huan_chuong_lao_dong_hang_nhi", attested=True,
                   ratings={str(y): "HTTNV" for y in range(2010, 2026)},
                   awards=[{"award": "huan_chuong_lao_dong_hang_ba", "year": 2013},
                           {"award": "huan_chuong_lao_dong_hang_nhi", "year": 2019}])
    assert check(result, "huan_chuong_route").met is None


# ---------------------------------------------------------------- long service (hạng Ba)


def long_service(gender, start="2018-03-01", end="2024-03-01", **more):
    subject = {"kind": "individual", **({"gender": gender} if gender else {})}
    result = judge(
        "huan_chuong_lao_dong_hang_ba", subject=subject, as_of="2026-01-31", attested=True,
        ratings={"2025": "HTTNV"}, posts=[{"post": "head", "from": start, "to": end}], **more
    )
    return result, check(result, "huan_chuong_route")


def test_long_service_six_years_for_men_exactly_and_a_day_short():
    result, route = long_service("male", "2018-03-01", "2024-03-01")
    assert route.met is True and result.verdict == "eligible"
    assert "nam từ 6 năm" in route.why
    _, route = long_service("male", "2018-03-02", "2024-03-01")
    assert route.met is None  # the other posts of the table are for the council


def test_long_service_one_third_less_for_women():
    # 6 years less one third is 4 years (NĐ 152/2025 Điều 4 khoản 7).
    result, route = long_service("female", "2020-03-01", "2024-03-01")
    assert route.met is True and result.verdict == "eligible"
    assert "nữ từ 4 năm" in route.why
    _, route = long_service("female", "2020-03-02", "2024-03-01")
    assert route.met is None
    # The same four years do not reach a man's threshold.
    _, route = long_service("male", "2020-03-01", "2024-03-01")
    assert route.met is None


def test_long_service_reduction_in_months_when_the_threshold_is_not_a_multiple_of_three():
    data = load_builtin()[-1].to_dict()
    data.update(version="tenure-5", effective_from="2027-01-01", effective_to=None)
    for award in data["awards"]:
        if award["code"] == "huan_chuong_lao_dong_hang_ba":
            award["config"]["long_service_tenure_head"] = {"value": 5, "status": "verified"}
    version = Catalogue.from_dict(data)

    def route(start):
        result = judge_in(version, "huan_chuong_lao_dong_hang_ba", year=2027, as_of="2028-01-31",
                          subject={"kind": "individual", "gender": "female"}, attested=True,
                          ratings={"2027": "HTTNV"},
                          posts=[{"post": "head", "from": start, "to": "2024-05-01"}])
        return check(result, "huan_chuong_route")

    # 5 years less one third = 3 years 4 months: 01/01/2021 → 01/05/2024 exactly.
    assert route("2021-01-01").met is True
    assert "nữ từ 3 năm 4 tháng" in route("2021-01-01").why
    assert route("2021-01-02").met is None


def test_long_service_counts_only_after_leaving_the_post_and_without_discipline_in_it():
    _, route = long_service("female", "2016-03-01", None)  # still the head
    assert route.met is None
    assert "chỉ xét khi nghỉ hưu hoặc thôi giữ chức vụ" in route.why
    _, route = long_service(
        "female", "2016-03-01", "2024-03-01",
        disciplines=[{"form": "khien_trach", "decided_on": "2019-05-01", "ends_on": "2020-05-01"}],
    )
    assert route.met is None
    assert "bị kỷ luật ngày 01/05/2019" in route.why


def test_long_service_without_gender_is_open_between_the_thresholds():
    _, route = long_service(None, "2019-03-01", "2024-03-01")  # five years: 4 ≤ 5 < 6
    assert route.met is None


def test_long_service_checks_are_marked_as_the_reading_of_an_unconfirmed_table():
    result, route = long_service("female", "2020-03-01", "2024-03-01")
    assert route.basis == "unverified"
    config = load_builtin()[-2].config("huan_chuong_lao_dong_hang_ba")
    assert config["long_service_tenure_head"].status == "chưa xác minh"
    assert config["women_tenure_reduction"].value == [1, 3]
    assert config["women_tenure_reduction"].status == "verified"
    assert "Điều 4, khoản 7" in config["women_tenure_reduction"].source


# ---------------------------------------------------------------- the fast path agrees


def test_sweep_path_gives_the_full_evaluation_verdicts_for_the_new_awards():
    rng = random.Random(18)
    ev = Evaluator()
    individual = ("huan_chuong_lao_dong_hang_ba", "huan_chuong_lao_dong_hang_nhi",
                  "huan_chuong_lao_dong_hang_nhat")
    collective = ("bang_khen_thu_tuong_tap_the", "huan_chuong_lao_dong_hang_ba_tap_the",
                  "huan_chuong_lao_dong_hang_nhi_tap_the",
                  "huan_chuong_lao_dong_hang_nhat_tap_the")
    seen = set()
    for i in range(400):
        is_collective = i % 2 == 1
        pool = (("bang_khen_bo_truong_bo_tu_phap_tap_the", *collective) if is_collective
                else ("bang_khen_thu_tuong", *individual))
        ratings = {str(y): rng.choice(["HTXSNV", "HTTNV", "HTTNV", "HTTNV", "HTNV", "KHTNV"])
                   for y in range(2014, 2026) if rng.random() > 0.03}
        awards = [{"award": rng.choice(pool), "year": rng.randint(2014, 2025),
                   "method": rng.choice(["regular", "regular", "sudden"])}
                  for _ in range(rng.randint(0, 3))]
        data = {"id": str(i), "award": pool[1], "year": 2025, "ratings": ratings,
                "awards": awards, "attested": rng.random() < 0.8,
                "subject": COLLECTIVE if is_collective
                else {"kind": "individual", "gender": rng.choice(["male", "female"])}}
        if is_collective:
            data["collective"] = ROSTER
        elif rng.random() < 0.3:
            start = f"{rng.randint(2012, 2022)}-{rng.randint(1, 12):02d}-01"
            end = rng.choice([None, "2024-06-30", "2025-12-31"])
            data["posts"] = [{"post": "head", "from": start, "to": end}]
        case = parse_case(data)
        codes = collective if is_collective else individual
        fast = ev.verdicts(case, codes)
        for code, verdict, _judged in fast:
            case.award = code
            assert ev.evaluate(case).verdict == verdict, (data, code)
            seen.add(verdict)
    assert seen == {"eligible", "needs_review", "ineligible"}


# ---------------------------------------------------------------- the 2026 amendment


def amended(version="test-amended", min_rating="HTXSNV"):
    """The built-in 2026 version with Lao động tiên tiến made stricter, as an amendment might."""
    data = load_builtin()[-1].to_dict()
    data["version"] = version
    for award in data["awards"]:
        if award["code"] == "lao_dong_tien_tien":
            for criterion in award["criteria"]:
                if criterion["rule"] == "rating_httnv":
                    criterion["min"] = min_rating
    return Evaluator([*load_builtin(), Catalogue.from_dict(data)])


def ldtt(received_on=None, as_of="2026-11-15", rating="HTTNV"):
    data = {"id": "d", "award": "lao_dong_tien_tien", "year": 2026, "as_of": as_of,
            "subject": {"kind": "individual"}, "ratings": {"2026": rating}, "attested": True}
    if received_on:
        data["received_on"] = received_on
    return parse_case(data)


def test_the_version_from_01_10_2026_stays_flagged():
    latest = load_builtin()[-1]
    assert latest.version == "builtin-2026-10-01"
    assert any("chưa được xác minh" in w for w in latest.warnings)
    transition = latest.documents["luat_06_2026_qh16"]["transition"]
    assert transition["received_before"] == "2026-10-01"
    assert transition["status"] == "chưa xác minh"


def test_received_before_the_amendment_same_verdict_under_both_needs_no_review():
    result = Evaluator().evaluate(ldtt("2026-09-20"))
    assert result.verdict == "eligible"
    assert result.rules_version == "builtin-2025-09-15"  # the 2022 text applies
    out = result.to_dict()
    assert out["transition"]["applies"] == "builtin-2025-09-15"
    assert out["transition"]["compared_with"] == "builtin-2026-10-01"
    assert out["transition"]["same_verdict"] is True
    assert [r["verdict"] for r in out["transition"]["results"]] == ["eligible", "eligible"]
    assert "cùng kết luận" in out["transition"]["why"]
    assert "transition_more_favourable" not in [c.rule for c in result.checks]


def test_received_before_the_amendment_different_verdicts_need_a_human_choice():
    result = amended().evaluate(ldtt("2026-09-20"))
    assert result.verdict == "needs_review"
    assert result.rules_version == "builtin-2025-09-15"
    (only,) = result.checks
    assert only.rule == "transition_more_favourable" and only.met is None
    assert only.basis == "unverified"  # the transition is known only from a lead
    assert "có lợi hơn" in only.why and "đủ điều kiện" in only.why
    out = result.to_dict()
    old, new = out["transition"]["results"]
    assert (old["rules_version"], old["verdict"]) == ("builtin-2025-09-15", "eligible")
    assert (new["rules_version"], new["verdict"]) == ("test-amended", "ineligible")
    assert out["transition"]["same_verdict"] is False
    assert any("có lợi hơn" in w for w in out["warnings"])


def test_received_on_or_after_the_amendment_is_judged_under_the_new_text_only():
    ev = amended()
    for received in ("2026-10-01", "2026-10-20", None):
        result = ev.evaluate(ldtt(received))
        assert result.verdict == "ineligible" and result.rules_version == "test-amended"
        assert result.transition is None and "transition" not in result.to_dict()


def test_considered_before_the_amendment_nothing_to_compare():
    result = amended().evaluate(ldtt("2026-06-01", as_of="2026-09-25"))
    assert result.verdict == "eligible" and result.transition is None


def test_sweep_path_follows_the_transition():
    ev = amended()
    case = ldtt("2026-09-20")
    assert ev.verdicts(case, ["lao_dong_tien_tien"]) == [("lao_dong_tien_tien", "needs_review",
                                                         False)]
    assert ev.open_checks(case, "lao_dong_tien_tien")[0]["rule"] == "transition_more_favourable"
    same = Evaluator()
    assert same.verdicts(case, ["lao_dong_tien_tien"])[0][1] == "eligible"


def test_received_on_is_a_date_in_the_contract():
    with pytest.raises(CaseError) as error:
        ldtt("20/09/2026")
    assert error.value.field == "received_on"


# ---------------------------------------------------------------- command line


def run(*args):
    return subprocess.run([sys.executable, "-m", "tdkt.rules", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_cli_catalogue_lists_the_new_codes_with_their_authority():
    done = run("catalogue", "--as-of", "2026-01-31")
    assert done.returncode == 0, done.stderr
    lines = {line.split("\t")[0]: line for line in done.stdout.splitlines() if "\t" in line}
    for code in NEW:
        assert code in lines, code
    assert "Thủ tướng Chính phủ" in lines["bang_khen_thu_tuong_tap_the"]
    for code in NEW[1:]:
        assert "Chủ tịch nước" in lines[code]


def test_cli_evaluate_shows_the_transition(tmp_path):
    path = tmp_path / "case.json"
    path.write_text(json.dumps({"id": "r", "award": "huan_chuong_lao_dong_hang_nhi",
                                "year": 2026, "as_of": "2026-11-15",
                                "received_on": "2026-09-01",
                                "subject": {"kind": "individual", "gender": "male"},
                                "ratings": {str(y): "HTTNV" for y in range(2019, 2027)},
                                "awards": [{"award": "huan_chuong_lao_dong_hang_ba",
                                            "year": 2020}],
                                "attested": True}))
    done = run("evaluate", path)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["verdict"] == "eligible"
    assert out["rules_version"] == "builtin-2025-09-15"
    assert out["transition"]["same_verdict"] is True
    assert all(c["basis"] in ("law", "interpretation", "unverified") for c in out["checks"])
