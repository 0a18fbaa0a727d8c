"""A council's rules say where they come from (issue 13 item 3) and what it may decide
(item 1): thresholds from the council's regulation, a confirmed legal text, or "chưa quy
định"; the authority of a unit (Django side of tdkt.rules.authority)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from tdkt.nominations.councils import (
    FROM_CATALOGUE,
    FROM_COUNCIL,
    UNSET,
    authority_for,
    council_threshold,
    council_thresholds,
    current_council,
    holds_council,
    ministry_council,
    quorum_wording,
    require_decides,
)
from tdkt.nominations.models import Council, CouncilThreshold
from tdkt.organisation.models import Unit

D = datetime.date
pytestmark = pytest.mark.django_db


def _council(code="STP-01", **kw):
    unit = Unit.objects.get(code=code)
    return Council.objects.create(unit=unit, name=f"Hội đồng TĐKT {unit.name}",
                                  term_start=D(2025, 1, 1), **kw)


def test_the_council_s_own_rule_is_shown_with_its_regulation():
    council = _council()
    CouncilThreshold.objects.create(council=council, award_code="chien_si_thi_dua_co_so",
                                    percent=75, denominator="all",
                                    source="Quy chế hoạt động của Hội đồng (QĐ 12/QĐ-STP)")
    rule = council_threshold(council, "chien_si_thi_dua_co_so", D(2026, 3, 1))
    assert rule.status == FROM_COUNCIL and rule.percent == 75
    assert rule.wording_vi == ("75% tổng số thành viên Hội đồng, theo Quy chế hoạt động của "
                               "Hội đồng (QĐ 12/QĐ-STP)")
    assert "chưa xác minh" not in rule.sentence_vi


def test_a_confirmed_legal_value_is_shown_with_its_article():
    rule = council_threshold(_council(), "chien_si_thi_dua_co_so", D(2025, 3, 1))
    assert rule.status == FROM_CATALOGUE and rule.percent == 80 and rule.denominator == "all"
    assert rule.origin_vi == "theo Nghị định 98/2023/NĐ-CP, Điều 30, khoản 7"


def test_an_unregulated_threshold_says_chua_quy_dinh_never_a_developer_status():
    rule = council_threshold(_council(), "lao_dong_tien_tien", D(2026, 3, 1))
    assert rule.status == UNSET and not rule.regulated
    assert rule.origin_vi == "chưa quy định"
    assert rule.wording_vi.startswith("Chưa quy định (tạm áp dụng ")
    for text in (rule.wording_vi, rule.sentence_vi, rule.origin_vi):
        assert "xác minh" not in text and "verified" not in text


def test_thresholds_for_several_awards_take_one_query(django_assert_max_num_queries):
    council = _council()
    codes = ["lao_dong_tien_tien", "chien_si_thi_dua_co_so", "giay_khen"]
    council_thresholds(council, codes[:1], D(2026, 3, 1))  # warm the catalogue caches
    with django_assert_max_num_queries(3):
        rules = council_thresholds(council, codes, D(2026, 3, 1))
    assert set(rules) == set(codes)


def test_quorum_wording_names_its_source_or_says_not_regulated():
    assert quorum_wording(_council(quorum_source="Quy chế của Hội đồng")) == (
        "2/3 tổng số thành viên Hội đồng, theo Quy chế của Hội đồng")
    assert "chưa quy định" in quorum_wording(_council(code="STP-79"))


def test_authority_of_real_units():
    stp = Unit.objects.get(code="STP-01")
    thads = Unit.objects.get(code="THADS-79")
    day = D(2026, 3, 1)
    assert authority_for(stp, "lao_dong_tien_tien", day).decides
    assert authority_for(thads, "giay_khen", day).decides
    above = authority_for(stp, "bang_khen_bo_truong_bo_tu_phap", day)
    assert above.proposes_only
    with pytest.raises(ValidationError) as err:
        require_decides(stp, "bang_khen_bo_truong_bo_tu_phap", day)
    text = " ".join(err.value.messages)
    assert "không được quyết định" in text and "Bộ trưởng Bộ Tư pháp quyết định" in text
    assert "căn cứ: Luật Thi đua, khen thưởng 2022, Điều 79" in text


def test_units_without_legal_status_hold_no_council():
    division = Unit.objects.filter(kind="regional_enforcement_office").first()
    ok, reason = holds_council(division, D(2026, 3, 1))
    assert not ok and "không tổ chức Hội đồng" in reason and "Điều 80" in reason
    assert holds_council(Unit.objects.get(code="STP-01"), D(2026, 3, 1)) == (True, "")


def test_current_council_by_term_and_the_ministry_council_of_a_year():
    old = _council()
    old.term_end = D(2025, 12, 31)
    old.save()
    new = Council.objects.create(unit=old.unit, name="Nhiệm kỳ mới", term_start=D(2026, 1, 1))
    assert current_council(old.unit, D(2025, 6, 1)) == old
    assert current_council(old.unit, D(2026, 6, 1)) == new
    assert current_council(old.unit, D(2024, 6, 1)) is None
    ministry = ministry_council(2026)
    assert ministry.unit.code == "BTP" and ministry.term_start == D(2026, 1, 1)
    assert ministry_council(2026) == ministry
