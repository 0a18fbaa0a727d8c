"""Which kinds of unit hold an emulation council and what each decides (issue 13 item 1):
the unit-kind rows of the authority matrix and `tdkt.rules.authority` (no Django)."""

from datetime import date

import pytest

from tdkt.rules import Catalogue, CatalogueError, load_builtin
from tdkt.rules.authority import (
    DECIDES,
    NOT_ALLOWED,
    PROPOSES,
    council_awards,
    unit_authority,
    unit_authority_on,
)

UNIT_LEVEL = {"lao_dong_tien_tien", "chien_si_thi_dua_co_so", "tap_the_lao_dong_tien_tien",
              "giay_khen"}
DAY = date(2026, 3, 1)


@pytest.mark.parametrize("kind", ["provincial_justice_dept", "provincial_enforcement_office",
                                  "directorate", "office", "public_service_unit"])
def test_units_with_legal_status_decide_the_unit_level_titles_and_propose_the_rest(kind):
    catalogue = [c for c in load_builtin() if c.in_force_on(DAY)][0]
    split = council_awards(catalogue, kind)
    assert set(split[DECIDES]) == UNIT_LEVEL
    assert set(split[PROPOSES]) == set(catalogue.awards) - UNIT_LEVEL


def test_sở_tư_pháp_decides_lđtt_under_law_article_80_verified():
    answer = unit_authority_on("provincial_justice_dept", "lao_dong_tien_tien", DAY)
    assert answer.decides and answer.outcome == DECIDES
    assert answer.source_vi == "Luật Thi đua, khen thưởng 2022, Điều 80, khoản 1"
    assert answer.basis == "law"
    assert answer.reason_vi.startswith("Giám đốc Sở Tư pháp quyết định tặng Lao động tiên tiến")


def test_a_minister_s_certificate_is_only_proposed_with_the_rule_and_its_source():
    answer = unit_authority_on("provincial_enforcement_office", "bang_khen_bo_truong_bo_tu_phap",
                               DAY)
    assert not answer.decides and answer.proposes_only and answer.may_consider
    assert "do Bộ trưởng Bộ Tư pháp quyết định" in answer.reason_vi
    assert "chỉ xét, đề nghị cấp trên" in answer.reason_vi
    assert "Điều 79" in answer.source_vi and "Điều 83, khoản 1" in answer.source_vi
    assert answer.message_vi.endswith(").")
    assert "căn cứ: Luật Thi đua, khen thưởng 2022" in answer.message_vi


def test_thads_tinh_legal_status_is_marked_unconfirmed():
    answer = unit_authority_on("provincial_enforcement_office", "giay_khen", DAY)
    assert answer.decides and answer.basis == "unverified"
    assert "chưa đối chiếu" in answer.source_vi


@pytest.mark.parametrize("kind", ["regional_enforcement_office", "internal_division",
                                  "department", "virtual_group", "directorate_division",
                                  "no_such_kind"])
def test_units_without_legal_status_hold_no_council(kind):
    answer = unit_authority_on(kind, "lao_dong_tien_tien", DAY)
    assert answer.outcome == NOT_ALLOWED and not answer.may_consider
    assert "không tổ chức Hội đồng Thi đua – Khen thưởng" in answer.reason_vi
    assert answer.source_vi == "Luật Thi đua, khen thưởng 2022, Điều 80"


def test_the_ministry_decides_its_minister_s_awards_and_proposes_state_awards():
    assert unit_authority_on("ministry", "bang_khen_bo_truong_bo_tu_phap", DAY).decides
    state = unit_authority_on("ministry", "bang_khen_thu_tuong", DAY)
    assert state.proposes_only and state.decider_vi == "Thủ tướng Chính phủ"


def test_the_matrix_is_dated_the_former_directorate_general_lost_its_council():
    before = unit_authority_on("directorate_general", "lao_dong_tien_tien", date(2024, 6, 1))
    after = unit_authority_on("directorate_general", "lao_dong_tien_tien", date(2025, 8, 1))
    assert before.decides and after.outcome == NOT_ALLOWED
    assert "01/3/2025" in after.reason_vi


def test_after_the_2026_amendment_law_06_2022_sources_are_marked_for_recheck():
    answer = unit_authority_on("provincial_justice_dept", "lao_dong_tien_tien",
                               date(2026, 12, 1))
    assert answer.decides and answer.basis == "unverified"


def test_unknown_award_is_not_allowed_with_a_reason():
    answer = unit_authority_on("provincial_justice_dept", "no_such_award", DAY)
    assert answer.outcome == NOT_ALLOWED and "không có trong danh mục" in answer.reason_vi


def test_a_version_stored_without_the_unit_kind_matrix_uses_the_built_in_one():
    data = [c for c in load_builtin() if c.in_force_on(DAY)][0].to_dict()
    del data["authority"]["unit_kinds"]
    old = Catalogue.from_dict(data)
    assert not old.has_unit_kind_matrix
    answer = unit_authority_on("provincial_justice_dept", "giay_khen", DAY, versions=[old])
    assert answer.decides
    assert unit_authority(old, "provincial_justice_dept", "giay_khen").outcome == NOT_ALLOWED


def test_a_unit_kind_that_decides_without_a_council_is_refused():
    data = load_builtin()[-1].to_dict()
    data["authority"]["unit_kinds"]["department"]["deciders"] = {
        "minister": {"head_vi": "Vụ trưởng", "source": []}}
    with pytest.raises(CatalogueError, match="unit_kinds.department.deciders"):
        Catalogue.from_dict(data)
    data["authority"]["unit_kinds"]["department"] = {
        "label_vi": "Vụ", "holds_council": True, "deciders": {"nobody": {"head_vi": "x"}}}
    with pytest.raises(CatalogueError, match="is not a decider"):
        Catalogue.from_dict(data)
