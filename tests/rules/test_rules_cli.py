"""`python -m tdkt.rules` exactly as the contract specifies."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = Path(__file__).parent / "examples"


def run(*args, cwd=ROOT):
    return subprocess.run(
        [sys.executable, "-m", "tdkt.rules", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def lines(done):
    return [json.loads(line) for line in done.stdout.splitlines()]


def write(path, cases):
    path.write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")
    return path


CASE = {
    "award": "lao_dong_tien_tien",
    "year": 2025,
    "subject": {"kind": "individual"},
    "ratings": {"2025": "HTTNV"},
    "attested": True,
}


def test_folder_is_read_in_name_order_and_every_case_written_as_json_lines():
    done = run("evaluate", EXAMPLES)
    assert done.returncode == 0, done.stderr
    results = lines(done)
    expected = [
        case["id"]
        for path in sorted(EXAMPLES.glob("*.json"))
        for case in json.loads(path.read_text(encoding="utf-8"))
    ]
    assert [r["id"] for r in results] == expected
    assert all(
        set(r) >= {"id", "award", "year", "verdict", "rules_version", "checks"} for r in results
    )
    by_id = {r["id"]: r["verdict"] for r in results}
    assert by_id["ex-04b"] == "ineligible" and by_id["ex-01c"] == "needs_review"


def test_files_keep_the_order_given_and_a_single_object_is_one_case(tmp_path):
    single = write(tmp_path / "z.json", {**CASE, "id": "single"})
    many = write(tmp_path / "a.json", [{**CASE, "id": "one"}, {**CASE, "id": "two"}])
    done = run("evaluate", single, many)
    assert done.returncode == 0
    assert [r["id"] for r in lines(done)] == ["single", "one", "two"]


def test_exit_zero_whatever_the_verdicts(tmp_path):
    cases = [{**CASE, "id": "bad", "ratings": {"2025": "KHTNV"}}]
    done = run("evaluate", write(tmp_path / "c.json", cases))
    assert done.returncode == 0
    assert lines(done)[0]["verdict"] == "ineligible"


def test_malformed_rating_names_file_case_and_field_and_exits_2(tmp_path):
    cases = [
        {**CASE, "id": "case-06"},
        {**CASE, "id": "case-07", "ratings": {"2024": "HTXS", "2025": "HTTNV"}},
        {**CASE, "id": "case-08"},
    ]
    path = write(tmp_path / "a.json", cases)
    done = run("evaluate", Path("a.json"), cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip() == (
        'a.json [case-07]: ratings.2024: "HTXS" is not a rating (HTXSNV, HTTNV, HTNV, KHTNV)'
    )
    assert [r["id"] for r in lines(done)] == ["case-06"]  # earlier cases already written
    assert path.exists()


def test_unknown_award_code_is_malformed(tmp_path):
    done = run("evaluate", write(tmp_path / "b.json", [{**CASE, "id": "x", "award": "huy_chuong"}]))
    assert done.returncode == 2
    assert '[x]: award: "huy_chuong" is not a catalogue code' in done.stderr
    assert done.stdout == ""


def test_case_without_id_is_named_by_its_position(tmp_path):
    done = run("evaluate", write(tmp_path / "c.json", [CASE, {**CASE, "year": "2025"}]))
    assert done.returncode == 2
    assert done.stderr.strip().endswith('c.json [#2]: year: "2025" is not a year')


def test_invalid_json_and_missing_path_exit_2(tmp_path):
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    assert run("evaluate", tmp_path / "broken.json").returncode == 2
    missing = run("evaluate", tmp_path / "nope.json")
    assert missing.returncode == 2 and "nope.json" in missing.stderr


def test_as_of_defaults_to_31_january_of_next_year(tmp_path):
    done = run("evaluate", write(tmp_path / "d.json", [{**CASE, "id": "d", "year": 2024}]))
    result = lines(done)[0]
    assert result["as_of"] == "2025-01-31"
    assert result["rules_version"] == "builtin-2024-02-12"


def test_catalogue_lists_codes_names_version_and_dates():
    done = run("catalogue", "--as-of", "2025-08-01")
    assert done.returncode == 0
    out = done.stdout
    assert "builtin-2025-07-01" in out and "01/07/2025" in out and "14/09/2025" in out
    assert "lao_dong_tien_tien\tLao động tiên tiến" in out
    assert "ky_niem_chuong_vi_su_nghiep_tu_phap" in out
    assert out.count("(đang áp dụng)") == 1


def test_catalogue_after_the_2026_amendment_warns_it_is_unverified():
    done = run("catalogue", "--as-of", "2026-10-01")
    assert "builtin-2026-10-01" in done.stdout
    assert "chưa được xác minh" in done.stdout


def test_catalogue_json_is_a_loadable_version():
    from tdkt.rules import Catalogue

    done = run("catalogue", "--as-of", "2024-06-01", "--json")
    version = Catalogue.from_dict(json.loads(done.stdout))
    assert version.version == "builtin-2024-02-12"
    assert len(version.awards) == 20  # 14, and 6 added with catalogue v2


def test_evaluate_gives_a_basis_on_every_check_and_warnings_where_a_reading_decides(tmp_path):
    cases = [
        {**CASE, "id": "ldtt"},
        {
            "id": "cap-bo", "award": "chien_si_thi_dua_cap_bo", "year": 2025,
            "subject": {"kind": "individual"}, "attested": True,
            "ratings": {str(y): "HTTNV" for y in range(2021, 2026)},
            "titles": [{"award": "chien_si_thi_dua_co_so", "year": y} for y in (2023, 2024, 2025)],
            "initiatives": [{"year": 2024, "scope": "bo", "kind": "initiative"}],
        },
    ]
    done = run("evaluate", write(tmp_path / "c.json", cases))
    assert done.returncode == 0, done.stderr
    ldtt, cap_bo = lines(done)
    for result in (ldtt, cap_bo):
        assert all(c["basis"] in ("law", "interpretation", "unverified") for c in result["checks"])
    assert ldtt["verdict"] == "eligible" and ldtt["warnings"] == []
    assert cap_bo["verdict"] == "eligible"
    by_rule = {c["rule"]: c for c in cap_bo["checks"]}
    assert by_rule["initiative_bo"]["basis"] == "interpretation"
    assert by_rule["initiative_bo"]["interpretations"] == ["cstd_cap_bo_initiative_in_run"]
    assert any("cách hiểu “Chiến sĩ thi đua cấp Bộ: sáng kiến" in w for w in cap_bo["warnings"])
