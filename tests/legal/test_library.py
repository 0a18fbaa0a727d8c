"""Library pages, importer, citation links."""

import datetime
from io import BytesIO

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tdkt.accounts.models import Role
from tdkt.audit.models import Action
from tdkt.legal import demo, services
from tdkt.legal.links import citation_url
from tdkt.legal.models import ArticleVersion, LegalDocument, Provision
from tdkt.legal.parser import Node, ParseResult, parse
from tests.factories import make_user, quiet_seed_context

from .test_parser import REAL

META = {"code": "luat_06_2022", "number": "06/2022/QH15", "title": "Luật Thi đua, khen thưởng",
        "kind": "luat", "issuer": "Quốc hội", "signed_on": datetime.date(2022, 6, 15),
        "in_force_from": datetime.date(2024, 1, 1), "status": "con_hieu_luc",
        "source_url": "https://example.invalid/"}


@pytest.fixture
def dept(db):
    return make_user("dept_legal", Role.EMULATION_DEPT, "BTP")


def load_law(actor=None, articles=()):
    """The real excerpt, plus bare article headings (no wording) for `articles`."""
    result = parse(REAL.read_text(encoding="utf-8"))
    for number in articles:
        result.nodes.append(Node("dieu", number, anchor=f"dieu-{number}"))
    with transaction.atomic():
        return services.save_document(actor, dict(META), result)


def docx_bytes(lines):
    d = docx.Document()
    for line in lines:
        d.add_paragraph(line)
    buf = BytesIO()
    d.save(buf)
    return buf.getvalue()


def import_post(client, **extra):
    data = {k: v for k, v in META.items() if k not in ("signed_on", "in_force_from")}
    data.update({"signed_on": "15/06/2022", "in_force_from": "01/01/2024", "text": ""})
    data.update(extra)
    return client.post(reverse("legal:import"), data)


def test_list_search_without_diacritics_and_article_anchors(cast, client_for):
    load_law()
    client = client_for(cast.staff_a)
    body = client.get(reverse("legal:index")).content.decode()
    assert "06/2022/QH15" in body
    body = client.get(reverse("legal:index"), {"q": "huy bo hien vat"}).content.decode()
    assert "/phap-luat/luat_06_2022/#dieu-93" in body
    page = client.get(reverse("legal:document", args=["luat_06_2022"])).content.decode()
    for anchor in ("dieu-93", "dieu-93-khoan-1", "dieu-93-khoan-2-diem-d", "chuong-7"):
        assert f'id="{anchor}"' in page
    assert 'href="#dieu-93"' in page  # table of contents


def test_public_pages_read_without_login_and_private_ones_need_it(client, db):
    load_law()
    assert client.get(reverse("legal_public:index")).status_code == 200
    page = client.get(reverse("legal_public:document", args=["luat_06_2022"]))
    assert page.status_code == 200 and 'id="dieu-93-khoan-2"' in page.content.decode()
    assert "Nhập văn bản" not in client.get(reverse("legal_public:index")).content.decode()
    assert client.get(reverse("legal:index")).status_code == 302
    assert client.get(reverse("legal_public:document", args=["khong_co"])).status_code == 404


def test_wording_in_force_on_a_chosen_date(cast, client_for):
    doc = load_law()
    article = doc.provisions.get(anchor="dieu-93")
    ArticleVersion.objects.create(article=article, text="Nội dung A (thử).",
                                  valid_from=datetime.date(2024, 1, 1),
                                  valid_to=datetime.date(2026, 9, 30))
    ArticleVersion.objects.create(article=article, text="Nội dung B (thử).",
                                  valid_from=datetime.date(2026, 10, 1))
    url = reverse("legal:document", args=["luat_06_2022"])
    client = client_for(cast.staff_a)
    early = client.get(url, {"ngay": "01/06/2025"}).content.decode()
    late = client.get(url, {"ngay": "02/10/2026"}).content.decode()
    assert "Nội dung A (thử)." in early and "Nội dung B (thử)." not in early
    assert "Nội dung B (thử)." in late and "Nội dung A (thử)." not in late
    bad = client.get(url, {"ngay": "31/02/2026"}).content.decode()
    assert "Ngày không hợp lệ" in bad


def test_pages_run_a_constant_number_of_queries(cast, client_for):
    client = client_for(cast.staff_a)
    load_law(articles=["1"])

    def count(name, *args, **params):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(name, args=args), params).status_code == 200
        return len(ctx.captured_queries)

    before = (count("legal:index"), count("legal:index", q="thi dua"),
              count("legal:document", "luat_06_2022", ngay="01/01/2025"))
    for i in range(5):
        with transaction.atomic():
            services.save_document(None, {**META, "code": f"vb_{i}", "number": f"{i}/2024"},
                                   parse(REAL.read_text(encoding="utf-8")))
    doc = LegalDocument.objects.get(code="luat_06_2022")
    for n in range(2, 8):
        Provision.objects.create(document=doc, level="dieu", number=str(n), anchor=f"dieu-{n}",
                                 position=100 + n, search_text="thi dua")
    after = (count("legal:index"), count("legal:index", q="thi dua"),
             count("legal:document", "luat_06_2022", ngay="01/01/2025"))
    assert after == before


def test_department_imports_a_real_docx_with_preview_then_confirmation(cast, client_for, dept):
    client = client_for(dept)
    lines = REAL.read_text(encoding="utf-8").splitlines() + ["Nơi nhận:"]
    upload = SimpleUploadedFile("luat.docx", docx_bytes(lines))
    preview = import_post(client, file=upload)
    body = preview.content.decode()
    assert "Xem trước: 1 Điều" in body
    # The line it could not place is listed.
    assert "Nơi nhận:</li>" in body and "1 dòng không xếp được" in body
    assert not LegalDocument.objects.exists()
    # Confirming re-posts the text kept in the preview form.
    text = preview.context["form"].initial["text"]
    done = import_post(client, text=text, confirm="1")
    assert done.status_code == 302
    doc = LegalDocument.objects.get(code="luat_06_2022")
    assert doc.provisions.filter(level="diem").count() == 4
    assert Action.objects.filter(verb="legal.document_imported", target_id=str(doc.pk)).exists()
    again = import_post(client, text=text, confirm="1").content.decode()
    assert "Đã có văn bản mã" in again and LegalDocument.objects.count() == 1


@pytest.mark.parametrize("content,message", [
    (b"not a zip at all", "Tệp không phải tệp Word (.docx) hợp lệ."),
    (None, "Không tìm thấy Điều nào"),
])
def test_malformed_file_is_refused_clearly_and_nothing_is_saved(cast, client_for, dept, content,
                                                               message):
    if content is None:
        content = docx_bytes(["CÔNG VĂN", "Về việc báo cáo", "1. Nội dung thử"])
    response = import_post(client_for(dept), file=SimpleUploadedFile("x.docx", content),
                           confirm="1")
    assert message in response.content.decode()
    assert not LegalDocument.objects.exists() and not Provision.objects.exists()


def test_only_the_department_imports(cast, client_for):
    assert client_for(cast.officer_a).get(reverse("legal:import")).status_code == 403
    assert import_post(client_for(cast.officer_a), text="Điều 1. X").status_code == 403


def test_citation_url_only_for_articles_in_the_library(db):
    load_law()
    url = reverse("legal:document", args=["luat_06_2022"])
    assert citation_url("luat_06_2022", "93") == f"{url}#dieu-93"
    assert citation_url("luat_06_2022", "93", "2") == f"{url}#dieu-93-khoan-2"
    assert citation_url("luat_06_2022", "93", "9") == f"{url}#dieu-93"
    assert citation_url("luat_06_2022", "93", on=datetime.date(2025, 3, 1)) == (
        f"{url}?ngay=2025-03-01#dieu-93")
    assert citation_url("luat_06_2022", "23") is None
    assert citation_url("nd_152_2025", "4") is None


def test_eligibility_check_cites_articles_with_links_or_says_missing(cast, client_for, dept):
    from tests.eligibility.test_services import give_record

    load_law(articles=["23"])
    give_record(cast.person_a, {2025: "HTXSNV"}, {2025: ["lao_dong_tien_tien"]})
    body = client_for(dept).get(
        reverse("eligibility:person_check", args=[cast.person_a.pk]),
        {"award": "chien_si_thi_dua_co_so", "year": 2025},
    ).content.decode()
    assert 'href="/phap-luat/luat_06_2022/?ngay=' in body
    assert "#dieu-23" in body
    assert "chưa có trong thư viện" in body  # e.g. the decree's articles


def test_catalogue_page_links_citations(cast, client_for, dept):
    load_law(articles=["23"])
    body = client_for(dept).get(reverse("eligibility:catalogue")).content.decode()
    assert 'href="/phap-luat/luat_06_2022/#dieu-23' in body


def test_demo_loads_the_four_documents_and_states_what_is_missing(db):
    demo.seed(quiet_seed_context())
    demo.seed(quiet_seed_context())  # idempotent
    codes = set(LegalDocument.objects.values_list("code", flat=True))
    assert codes == {"luat_06_2022", "nd_152_2025", "nd_98_2023", "tt_11_2023_btp",
                     "tt_14_2025_btp"}
    decree = LegalDocument.objects.get(code="nd_152_2025")
    assert list(decree.replaces.values_list("code", flat=True)) == ["nd_98_2023"]
    assert decree.provisions.filter(anchor="dieu-59-khoan-2").exists()
    law = LegalDocument.objects.get(code="luat_06_2022")
    assert "Còn thiếu" in law.coverage and law.source_url.startswith("https://")
    assert law.provisions.filter(anchor="dieu-93-khoan-2-diem-a").exists()
    empty = ParseResult([], [], [])
    assert empty.articles() == []


def test_demo_library_holds_the_verbatim_articles_found(db, client):
    """The stored real text: each article found has its anchor, its clauses and points, and the
    page says where each part comes from."""

    demo.seed(quiet_seed_context())
    law = LegalDocument.objects.get(code="luat_06_2022")
    anchors = set(law.provisions.values_list("anchor", flat=True))
    for anchor in ("dieu-2", "dieu-3-khoan-3", "dieu-5-khoan-1-diem-a", "dieu-21", "dieu-22",
                   "dieu-24-khoan-1-diem-b",
                   "dieu-27-khoan-1-diem-dd", "dieu-54-khoan-2-diem-d", "dieu-59-khoan-2-diem-h",
                   "dieu-73-khoan-1-diem-b", "dieu-80-khoan-4", "dieu-83-khoan-2",
                   "dieu-93-khoan-2-diem-d"):
        assert anchor in anchors, anchor
    assert "dieu-23" not in anchors  # no verbatim source found: not stored, not invented
    point = law.provisions.get(anchor="dieu-24-khoan-1-diem-a")
    assert point.text == "Hoàn thành tốt nhiệm vụ trở lên;"
    decree = LegalDocument.objects.get(code="nd_152_2025")
    assert decree.provisions.filter(parent__anchor="dieu-4", level="khoan").count() == 7
    assert decree.provisions.get(anchor="dieu-51-khoan-1-diem-h").text.endswith(
        "4,5 lần mức lương cơ sở.")
    old = LegalDocument.objects.get(code="nd_98_2023").provisions.get(anchor="dieu-54")
    assert "“Chiến sĩ thi đua cơ sở” được tặng Bằng chứng nhận" in old.text
    medal = LegalDocument.objects.get(code="tt_14_2025_btp").provisions.get(anchor="dieu-2")
    assert "hộp đựng Kỷ niệm chương" in medal.text
    page = client.get(reverse("legal_public:document", args=["luat_06_2022"])).content.decode()
    for anchor in anchors:
        assert f'id="{anchor}"' in page
    gazette = "https://vi.wikisource.org/wiki/Trang:Cong_bao_Chinh_phu_571_572_nam_2022.pdf/56"
    assert f'href="{gazette}"' in page


# --- versions: an amending document changes an article; both wordings kept, dated ----------

AMENDED = "\n".join([
    "1. Khoản một đã sửa đổi (nội dung thử).",
    "2. Khoản hai mới (nội dung thử):",
    "a) điểm a mới (thử);",
    "b) điểm b mới (thử).",
])


def _amend(actor=None):
    law = load_law()
    amending = services.save_document(actor, {**META, "code": "luat_sua_doi_thu",
                                              "number": "99/2026/QH15",
                                              "title": "Luật sửa đổi (văn bản thử)",
                                              "in_force_from": datetime.date(2026, 10, 1)},
                                      ParseResult([], [], []))
    article = law.provisions.get(anchor="dieu-93")
    services.amend_article(actor, article, AMENDED, datetime.date(2026, 10, 1),
                           amended_by=amending, note="Sửa đổi thử")
    return law, article, amending


def test_amendment_keeps_both_wordings_with_their_dates_and_is_audited(db, dept):
    law, article, amending = _amend(dept)
    old, new = article.versions.order_by("valid_from")
    assert (old.valid_from, old.valid_to) == (datetime.date(2024, 1, 1),
                                              datetime.date(2026, 9, 30))
    assert old.text.startswith("1. Người nào có hành vi vi phạm pháp luật")
    assert "d) Có kết luận, quyết định, bản án" in old.text  # the stored points, numbered
    assert (new.valid_from, new.valid_to, new.amended_by) == (datetime.date(2026, 10, 1), None,
                                                              amending)
    assert Action.objects.filter(verb="legal.article_amended", target_id=str(law.pk)).exists()
    # Search finds the article by its new wording too.
    from tdkt.legal.selectors import search_articles
    assert list(search_articles("khoan hai moi")) == [article]


def test_amendment_refuses_empty_text_and_dates_out_of_order(db):
    law, article, _ = _amend()
    with pytest.raises(ValidationError):
        services.amend_article(None, article, "  ", datetime.date(2027, 1, 1))
    with pytest.raises(ValidationError):
        services.amend_article(None, article, "Nội dung thử khác.", datetime.date(2026, 5, 1))
    with pytest.raises(ValidationError):
        services.amend_article(None, law.provisions.get(anchor="dieu-93-khoan-1"), "X",
                               datetime.date(2027, 1, 1))
    assert article.versions.count() == 2


def test_document_page_shows_the_wording_in_force_on_the_chosen_date(db, client):
    _amend()
    url = reverse("legal_public:document", args=["luat_06_2022"])
    before = client.get(url, {"ngay": "2025-06-01"}).content.decode()
    after = client.get(url, {"ngay": "02/10/2026"}).content.decode()  # typed dd/mm/yyyy
    assert 'type="date"' in before and 'value="2025-06-01"' in before
    assert "Xem nội dung có hiệu lực tại ngày" in before
    assert "Người nào có hành vi vi phạm pháp luật" in before
    assert "Khoản hai mới (nội dung thử)" not in before
    assert "Khoản hai mới (nội dung thử)" in after
    assert "Người nào có hành vi vi phạm pháp luật" not in after
    # The new wording keeps its clause and point anchors; the old ones are not shown twice.
    for anchor in ("dieu-93-khoan-2", "dieu-93-khoan-2-diem-b"):
        assert after.count(f'id="{anchor}"') == 1
    assert 'id="dieu-93-khoan-2-diem-d"' not in after
    assert "99/2026/QH15" in after
    early = client.get(url, {"ngay": "2023-05-01"}).content.decode()
    assert "chưa có hiệu lực" in early


def test_comparison_page_puts_old_and_new_wording_side_by_side(db, client, cast, client_for):
    _amend()
    for c, name in ((client, "legal_public:article_versions"),
                    (client_for(cast.staff_a), "legal:article_versions")):
        body = c.get(reverse(name, args=["luat_06_2022", "93"])).content.decode()
        assert "Trước khi sửa đổi" in body and "Sau khi sửa đổi" in body
        assert "01/10/2026" in body and "30/09/2026" in body
        assert "<ins>" in body and "<del>" in body
        assert "Khoản hai mới" in body and "Người nào có hành vi" in body
        assert "/luat_sua_doi_thu/" in body  # the amending document is linked
    assert client.get(reverse("legal_public:article_versions",
                              args=["luat_06_2022", "5"])).status_code == 404
    page = client.get(reverse("legal_public:document", args=["luat_06_2022"])).content.decode()
    assert reverse("legal_public:article_versions", args=["luat_06_2022", "93"]) in page


def test_comparison_page_of_an_article_never_amended_shows_its_stored_text(db, client):
    load_law()
    body = client.get(reverse("legal_public:article_versions",
                              args=["luat_06_2022", "93"])).content.decode()
    assert "chưa ghi nhận lần sửa đổi nào" in body and "Người nào có hành vi" in body


def test_department_records_an_amendment_from_the_comparison_page(cast, client_for, dept):
    load_law()
    amending = services.save_document(dept, {**META, "code": "luat_sua_doi_thu",
                                             "number": "99/2026/QH15",
                                             "title": "Luật sửa đổi (văn bản thử)"},
                                      ParseResult([], [], []))
    url = reverse("legal:article_amend", args=["luat_06_2022", "93"])
    client = client_for(dept)
    page = client.get(reverse("legal:article_versions", args=["luat_06_2022", "93"]))
    assert url in page.content.decode()
    form = client.get(url).content.decode()
    assert 'type="date"' in form and "Người nào có hành vi vi phạm" in form  # current wording
    empty = client.post(url, {"text": " ", "valid_from": "2026-10-01"})
    assert empty.status_code == 200 and not ArticleVersion.objects.exists()
    done = client.post(url, {"text": AMENDED, "valid_from": "01/10/2026",
                             "amended_by": amending.pk, "note": "thử"})
    assert done.status_code == 302
    article = Provision.objects.get(anchor="dieu-93", document__code="luat_06_2022")
    assert article.versions.count() == 2
    assert list(amending.amends.values_list("code", flat=True)) == ["luat_06_2022"]
    again = client.post(url, {"text": "Nội dung thử khác.", "valid_from": "2026-01-01"})
    assert "Chưa lưu" in again.content.decode() and article.versions.count() == 2


def test_only_the_department_records_amendments(cast, client_for):
    from django.test import Client

    load_law()
    client = Client()
    url = reverse("legal:article_amend", args=["luat_06_2022", "93"])
    for user in (cast.staff_a, cast.officer_a, cast.head_a):
        c = client_for(user)
        assert c.get(url).status_code == 403
        assert c.post(url, {"text": "X", "valid_from": "2026-10-01"}).status_code == 403
        page = c.get(reverse("legal:article_versions", args=["luat_06_2022", "93"]))
        assert url not in page.content.decode()
    assert client.get(url).status_code == 302  # anonymous: to the login page
    assert client.post(url, {"text": "X", "valid_from": "2026-10-01"}).status_code in (302, 403)
    public = client.get(reverse("legal_public:article_versions", args=["luat_06_2022", "93"]))
    assert url not in public.content.decode()
    assert not ArticleVersion.objects.exists()
