"""The authority matrix (issue 18 item 3): who decides each award, through whom it is proposed,
on which article; versioned with the catalogue."""

from datetime import date

import pytest

from tdkt.rules import Catalogue, CatalogueError, Evaluator, load_builtin
from tdkt.rules.catalogue import DECIDERS

from .test_rules_cli import run

UNIT_LEVEL = {"lao_dong_tien_tien", "chien_si_thi_dua_co_so", "tap_the_lao_dong_tien_tien",
              "giay_khen"}


@pytest.fixture(scope="module")
def current():
    return Evaluator().version_for(date(2026, 1, 31))


def test_every_award_of_every_built_in_version_has_a_decider_and_a_chain():
    for catalogue in load_builtin():
        for code in catalogue.awards:
            authority = catalogue.authority(code)
            assert authority is not None, (catalogue.version, code)
            assert authority.decider in DECIDERS and authority.source
            assert authority.proposers[0].code == "unit_council"  # proposals start at the unit
            assert authority.proposal_source.startswith("Luật Thi đua, khen thưởng 2022, Điều 83")


def test_a_unit_head_decides_only_the_unit_level_titles_under_law_article_80(current):
    assert set(current.awards_decided_by("unit_head_with_legal_status")) == UNIT_LEVEL
    for code in UNIT_LEVEL:
        authority = current.authority(code)
        assert authority.source == "Luật Thi đua, khen thưởng 2022, Điều 80, khoản 1"
        assert authority.basis == "law"
    # So a unit cannot decide a Minister's certificate (the unit-councils issue relies on it).
    assert "bang_khen_bo_truong_bo_tu_phap" not in current.awards_decided_by(
        "unit_head_with_legal_status"
    )
    assert current.authority("bang_khen_bo_truong_bo_tu_phap").decider == "minister"


def test_state_level_forms_go_up_through_the_minister_and_the_government_committee(current):
    pm = current.authority("bang_khen_thu_tuong")
    assert pm.decider == "prime_minister"
    assert [p.code for p in pm.proposers] == [
        "unit_council", "unit_head", "ministry_council", "minister",
        "government_emulation_committee",
    ]
    order = current.authority("huan_chuong_lao_dong_hang_ba")
    assert order.decider == "president" and order.proposers[-1].code == "prime_minister"
    assert order.chain_vi.endswith("Thủ tướng Chính phủ → Chủ tịch nước")
    assert set(current.awards_decided_by("president")) == {
        "huan_chuong_lao_dong_hang_ba", "huan_chuong_lao_dong_hang_ba_tap_the",
        "huan_chuong_lao_dong_hang_nhi", "huan_chuong_lao_dong_hang_nhi_tap_the",
        "huan_chuong_lao_dong_hang_nhat", "huan_chuong_lao_dong_hang_nhat_tap_the",
    }
    assert set(current.awards_decided_by("prime_minister")) == {
        "chien_si_thi_dua_toan_quoc", "co_thi_dua_chinh_phu", "bang_khen_thu_tuong",
        "bang_khen_thu_tuong_tap_the",
    }


def test_inferred_articles_are_unverified_and_a_circular_naming_the_minister_is_law(current):
    assert current.authority("chien_si_thi_dua_cap_bo").basis == "unverified"  # art. 79 inferred
    medal = current.authority("ky_niem_chuong_vi_su_nghiep_tu_phap")
    assert medal.basis == "law" and medal.source == "Thông tư 14/2025/TT-BTP"
    # Before TT 14/2025 was in force the medal falls back on the inferred article.
    old = Evaluator().version_for(date(2025, 8, 1))
    assert old.authority("ky_niem_chuong_vi_su_nghiep_tu_phap").basis == "unverified"
    # NĐ 98/2023 art. 3 named the Prime Minister's forms while it was in force.
    before = Evaluator().version_for(date(2025, 3, 1))
    assert before.authority("bang_khen_thu_tuong").basis == "law"
    assert "Nghị định 98/2023/NĐ-CP, Điều 3" in before.authority("bang_khen_thu_tuong").source


def test_after_the_2026_amendment_law_2022_authority_awaits_a_recheck():
    later = Evaluator().version_for(date(2026, 10, 1))
    assert later.authority("giay_khen").basis == "unverified"


def test_versions_without_a_matrix_or_a_row_answer_none_and_bad_rows_are_refused(current):
    data = current.to_dict()
    del data["authority"]
    bare = Catalogue.from_dict(data)
    assert bare.authority("giay_khen") is None and bare.awards_decided_by("minister") == []
    with pytest.raises(KeyError):
        current.authority("huy_chuong")
    with pytest.raises(ValueError):
        current.awards_decided_by("mayor")
    data = current.to_dict()
    data["authority"]["awards"]["giay_khen"] = {"chain": "council_of_elders"}
    with pytest.raises(CatalogueError, match="authority.awards.giay_khen.chain"):
        Catalogue.from_dict(data)
    data = current.to_dict()
    data["authority"]["awards"]["huy_chuong"] = {"chain": "unit"}
    with pytest.raises(CatalogueError, match="huy_chuong"):
        Catalogue.from_dict(data)


def test_the_matrix_is_versioned_data_an_administrator_can_change(current):
    data = current.to_dict()
    data["version"] = "phan-cap-ttldxs"
    data["authority"]["awards"]["tap_the_lao_dong_xuat_sac"] = {"chain": "unit"}
    changed = Catalogue.from_dict(data)
    assert "tap_the_lao_dong_xuat_sac" in changed.awards_decided_by("unit_head_with_legal_status")
    assert current.authority("tap_the_lao_dong_xuat_sac").decider == "minister"


def test_cli_catalogue_lists_each_award_with_its_authority():
    done = run("catalogue", "--as-of", "2026-01-31")
    assert done.returncode == 0
    lines = {line.split("\t")[0]: line for line in done.stdout.splitlines() if "\t" in line}
    assert "quyết định: Thủ trưởng đơn vị có tư cách pháp nhân thuộc Bộ" in lines["giay_khen"]
    assert "Điều 80, khoản 1" in lines["giay_khen"]
    assert "quyết định: Chủ tịch nước (president" in lines["huan_chuong_lao_dong_hang_ba"]
    assert "Ban Thi đua – Khen thưởng Trung ương" in lines["bang_khen_thu_tuong"]
    assert "cstd_cap_bo_initiative_in_run = true (mặc định" in done.stdout
