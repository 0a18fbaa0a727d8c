"""Every citation opens its article (issue 19 item 3): due lists, the unit round's candidates,
dossier checklists, council thresholds, minutes, decisions' legal bases and inspection
checklists link their sources to the library, in the wording in force on the page's date;
citations not in the library say so; the library is read once per page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tdkt.eligibility.models import Sweep, SweepEntry
from tdkt.legal.links import MISSING, library, link_sources
from tests.factories import make_person

from .test_library import load_law

pytestmark = pytest.mark.django_db
D = datetime.date


def test_document_numbers_in_free_text_link_to_their_document_or_article(db):
    load_law(articles=["90"])
    lib = library()
    html = link_sources(
        "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;\n"
        "Căn cứ Nghị định số 28/2024/NĐ-CP ngày 06/3/2024;\n"
        "Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 93 khoản 2; "
        "Thông tư 01/2024/TT-BNV, Điều 3 khoản 3 <b>", lib, D(2025, 3, 1))
    assert '<a href="/phap-luat/luat_06_2022/?ngay=2025-03-01">06/2022/QH15</a> ngày' in html
    assert f"28/2024/NĐ-CP <small class=\"muted\">({MISSING})</small>" in html
    assert ('<a href="/phap-luat/luat_06_2022/?ngay=2025-03-01#dieu-93-khoan-2">'
            "06/2022/QH15, Điều 93 khoản 2</a>") in html
    assert f"01/2024/TT-BNV, Điều 3 khoản 3 <small class=\"muted\">({MISSING})</small>" in html
    assert "06/3/2024" in html and "&lt;b&gt;" in html and "<b>" not in html


def test_catalogue_cites_without_an_article_link_their_document(db):
    load_law()
    html = link_sources("Luật Thi đua, khen thưởng 2022 (các Điều về tiêu chuẩn); "
                        "Quyết định 638/QĐ-BNV (2025)", library())
    assert '<a href="/phap-luat/luat_06_2022/">Luật Thi đua, khen thưởng 2022</a>' in html
    assert f"Quyết định 638/QĐ-BNV (2025) <small class=\"muted\">({MISSING})</small>" in html


def _sweep(unit, people, source):
    sweep = Sweep.objects.create(root=unit, year=2025, as_of=D(2026, 1, 31), status="done",
                                 finished_at=timezone.now(), rules_version="t")
    SweepEntry.objects.bulk_create(
        SweepEntry(sweep=sweep, person=p, unit=p.unit, award="chien_si_thi_dua_co_so",
                   category="confirm",
                   checks=[{"rule": "r", "met": None, "why": f"Cần xác nhận {i}",
                            "source": source, "status": "verified"}])
        for i, p in enumerate(people))
    return sweep


def test_due_list_reasons_cite_the_library_at_the_sweep_date_with_flat_queries(
        cast, client_for, django_assert_max_num_queries):
    load_law()
    source = "Luật Thi đua, khen thưởng 2022, Điều 93, khoản 2; Nghị định 152/2025/NĐ-CP, Điều 4"
    client = client_for(cast.officer_a)
    url = reverse("eligibility:due_list")
    _sweep(cast.unit_a, [cast.person_a], source)
    body = client.get(url, {"nam": 2025}).content.decode()
    assert body.count('href="/phap-luat/luat_06_2022/?ngay=2026-01-31#dieu-93-khoan-2"') == 1
    assert f"Nghị định 152/2025/NĐ-CP, Điều 4 <small class=\"muted\">({MISSING})" in body
    with django_assert_max_num_queries(60) as ctx:
        client.get(url, {"nam": 2025})
    few = len(ctx)  # now: the query log is a bounded deque that later queries rotate
    Sweep.objects.all().delete()
    from django.core.cache import cache

    cache.clear()
    people = [make_person("STP-01-VP", f"Ngô Văn Dẫn {i:02d}") for i in range(40)]
    _sweep(cast.unit_a, people, source)
    client.get(url, {"nam": 2025})  # fills the due list's cache, as the first visit did
    with django_assert_max_num_queries(few):
        body = client.get(url, {"nam": 2025}).content.decode()
    assert body.count("#dieu-93-khoan-2") == 40


def test_dossier_checklist_and_snapshot_cite_their_articles(cast, client_for):
    from tests.foundation.test_access import _colleague_nomination

    load_law(articles=["84"])
    nomination = _colleague_nomination(cast)
    nomination.eligibility_snapshot = {
        "as_of": "2026-01-31", "verdict": "eligible", "rules_version": "t",
        "checks": [{"rule": "r", "met": True, "why": "Đủ", "status": "verified",
                    "source": "Luật Thi đua, khen thưởng 2022, Điều 93, khoản 1"}]}
    nomination.save(update_fields=["eligibility_snapshot"])
    body = client_for(cast.officer_a).get(
        reverse("nominations:nomination", args=[nomination.pk])).content.decode()
    assert 'Theo <a href="/phap-luat/luat_06_2022/#dieu-84">' in body
    assert 'href="/phap-luat/luat_06_2022/?ngay=2026-01-31#dieu-93-khoan-1"' in body


def test_decision_legal_bases_link_their_documents(cast, client_for):
    from tdkt.nominations.models import Decision

    load_law()
    decision = Decision.objects.create(
        issuer=cast.unit_a, issuer_code="STP", year=2026, sequence=1, number="1/QĐ-STP",
        signed_on=D(2026, 1, 5), signer_name="Giám đốc", signer_title="Giám đốc Sở",
        title="Khen thưởng",
        legal_bases="Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm "
                    "2022;\nCăn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025;")
    body = client_for(cast.officer_a).get(
        reverse("nominations:decision", args=[decision.pk])).content.decode()
    assert '<a href="/phap-luat/luat_06_2022/?ngay=2026-01-05">06/2022/QH15</a>' in body
    assert f"152/2025/NĐ-CP <small class=\"muted\">({MISSING})</small>" in body
    assert "2022;<br>Căn cứ" in body


def test_council_thresholds_and_authority_cite_the_law(cast, client_for):
    from tdkt.nominations.models import Council

    load_law(articles=["80"])
    council = Council.objects.create(unit=cast.unit_a, name="Hội đồng TĐKT Sở Tư pháp Hà Nội",
                                     term_start=D(2025, 1, 1))
    body = client_for(cast.officer_a).get(
        reverse("nominations:council_detail", args=[council.pk])).content.decode()
    assert 'href="/phap-luat/luat_06_2022/#dieu-80' in body


def test_inspection_checklist_cites_its_legal_basis(cast, client_for):
    from tdkt.inspections.models import ChecklistItem, ChecklistTemplate

    load_law()
    template = ChecklistTemplate.objects.create(name="Bộ tiêu chí thử")
    ChecklistItem.objects.create(template=template, order=1, code="T1", text="Nội dung",
                                 legal_basis="Luật Thi đua, khen thưởng số 06/2022/QH15, "
                                             "Điều 93 khoản 1", kind="score", max_points=1)
    body = client_for(cast.admin).get(
        reverse("inspections:template", args=[template.pk])).content.decode()
    assert 'href="/phap-luat/luat_06_2022/#dieu-93-khoan-1"' in body
