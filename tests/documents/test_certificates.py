"""Certificate PDFs (text with diacritics, page sizes, embedded fonts, QR), both modes;
the public verification page; layouts and their test print."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tdkt.documents import certificates as cert
from tdkt.documents.models import CODE_ALPHABET, CODE_LENGTH, Certificate

pytestmark = pytest.mark.django_db

PT_PER_MM = 72 / 25.4


def reader(content: bytes) -> PdfReader:
    assert content.startswith(b"%PDF")
    return PdfReader(io.BytesIO(content))


def page_mm(page) -> tuple[int, int]:
    box = page.mediabox
    return round(float(box.width) / PT_PER_MM), round(float(box.height) / PT_PER_MM)


def fonts_of(pdf: PdfReader) -> dict[str, bool]:
    """Font name -> embedded (has a FontFile stream)."""
    found = {}
    for page in pdf.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font.get("/BaseFont"))] = embedded
    return found


def image_names(pdf: PdfReader) -> set[str]:
    names = set()
    for page in pdf.pages:
        for name, x in (page["/Resources"].get("/XObject") or {}).items():
            if x.get_object().get("/Subtype") == "/Image":
                names.add(name)
    return names


def test_full_certificates_of_a_decision(decision, dept, client_for):
    dec, awardees = decision
    response = client_for(dept).get(reverse("documents:decision_certificates", args=[dec.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = reader(response.content)
    assert len(pdf.pages) == len(awardees)
    assert all(page_mm(p) == (420, 297) for p in pdf.pages)  # Bằng khen: A3 landscape
    first = pdf.pages[0].extract_text()
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "BỘ TRƯỞNG BỘ TƯ PHÁP", "TẶNG", "BẰNG KHEN", "Bà Trần Thị Hồng",
                     "Chuyên viên, Văn phòng Sở",
                     "Đã có thành tích xuất sắc trong thực hiện nhiệm vụ công tác năm 2025",
                     f"Số quyết định: 0{dec.number}, ngày 05 tháng 01 năm 2026",
                     "Số sổ vàng: 2026.001.0001", "Hà Nội, ngày 05 tháng 01 năm 2026",
                     "KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "Nguyễn Thanh Tịnh"):
        assert expected in first, expected
    collective = pdf.pages[3].extract_text()
    assert "Văn phòng Sở" in collective and "Ông" not in collective
    fonts = fonts_of(pdf)
    assert fonts and all(fonts.values()), fonts
    assert all("Times-New-Roman" in name for name in fonts), fonts  # the bundled faces
    assert len(image_names(pdf)) == len(awardees)  # one QR code each
    codes = list(Certificate.objects.filter(awardee__decision=dec).values_list("code",
                                                                               flat=True))
    assert len(codes) == len(set(codes)) == len(awardees)
    assert all(len(c) == CODE_LENGTH and set(c) <= set(CODE_ALPHABET) for c in codes)
    # codes are stable: a second print reuses them
    client_for(dept).get(reverse("documents:decision_certificates", args=[dec.pk]))
    assert Certificate.objects.filter(awardee__decision=dec).count() == len(awardees)


def test_giay_khen_is_a4_landscape_and_blank_mode_prints_only_fields(cast, client_for):
    from tdkt.documents.models import CertificateLayout
    from tests.documents.helpers import GK, make_decision

    dec, awardees = make_decision(issuer_code="STP-01", people=[cast.person_a], award=GK,
                                  issuer_title="Giám đốc Sở Tư pháp thành phố Hà Nội",
                                  signer_title="Giám đốc")
    url = reverse("documents:awardee_certificate", args=[awardees[0].pk])
    full = reader(client_for(cast.officer_a).get(url).content)
    assert page_mm(full.pages[0]) == (297, 210)
    text = full.pages[0].extract_text()
    assert "GIẤY KHEN" in text and "GIÁM ĐỐC SỞ TƯ PHÁP THÀNH PHỐ HÀ NỘI" in text
    assert "Hà Nội, ngày 05 tháng 01 năm 2026" in text and "KT." not in text
    CertificateLayout.objects.create(kind="giay_khen", fields={
        "recipient": {"x": 50, "y": 90, "w": 200, "size": 24}})
    blank = reader(client_for(cast.officer_a).get(url, {"che_do": "phoi"}).content)
    text = blank.pages[0].extract_text()
    assert "Bà Trần Thị Hồng" in text and "Số sổ vàng" in text
    for preprinted in ("CỘNG HÒA", "TẶNG", "GIẤY KHEN"):
        assert preprinted not in text
    assert all(fonts_of(blank).values())


def test_verification_page_shows_only_the_allowed_fields(decision, dept, client_for, client):
    dec, awardees = decision
    client_for(dept).get(reverse("documents:decision_certificates", args=[dec.pk]))
    client.logout()
    certificate = Certificate.objects.get(awardee=awardees[0])
    url = reverse("documents_public:verify", args=[certificate.code])
    assert url == f"/cong-khai/van-ban/xac-minh/{certificate.code}/"
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    person = awardees[0].person
    # issue 15: the person with position and agency, as the certificate shows them
    for shown in ("Trần Thị Hồng", "Bằng khen của Bộ trưởng Bộ Tư pháp", dec.number_display,
                  "05/01/2026", person.position):
        assert shown in page
    for hidden in (person.id_number, "17/05/1985", "1985",
                   "Hoàn thành xuất sắc nhiệm vụ năm 2025"):
        assert hidden not in page
    # lower case is accepted, revoked awards say so
    assert client.get(url.replace(certificate.code, certificate.code.lower())).status_code == 200
    awardees[0].revoked = True
    awardees[0].save()
    assert "đã bị hủy bỏ" in client.get(url).content.decode()


@pytest.mark.parametrize("code", ["AAAAAAAAAAAAAAAAAAAA", "khong-co-ma-nay", "1", "A" * 60])
def test_made_up_codes_are_refused(code, client, db):
    response = client.get(reverse("documents_public:verify", args=[code]))
    assert response.status_code == 404
    assert "không có trong hệ thống" in response.content.decode()


def test_qr_code_points_to_the_verification_page(decision, dept, client_for):
    dec, awardees = decision
    from tdkt.documents import contexts

    items = contexts.certificate_items(dec, awardees[:1], "https://tdkt.example")
    code = Certificate.objects.get(awardee=awardees[0]).code
    assert items[0].verify_url == f"https://tdkt.example/cong-khai/van-ban/xac-minh/{code}/"
    html = cert.certificates_html(items)
    assert re.search(r'<img class="qr" src="data:image/png;base64,', html)


def test_layout_settings_and_test_print(dept, client_for, cast):
    from tdkt.audit.models import Action
    from tdkt.documents.models import CertificateLayout

    client = client_for(dept)
    url = reverse("documents:layout", args=["bang-khen"])
    page = client.get(url)
    assert page.status_code == 200 and "Chưa căn chỉnh" in page.content.decode()
    data = {}
    for key, pos in cert.default_layout(cert.BANG_KHEN).items():
        for attr, value in pos.items():
            data[f"{key}__{attr}"] = value
    data["recipient__y"] = 400  # outside the sheet
    response = client.post(url, data)
    assert response.status_code == 200 and "Tối đa 297" in response.content.decode()
    data["recipient__y"] = 131.5
    assert client.post(url, data).status_code == 302
    layout = CertificateLayout.objects.get(kind="bang_khen")
    assert layout.fields["recipient"]["y"] == 131.5
    assert Action.objects.filter(verb="certificate_layout.save").exists()
    test = reader(client.get(reverse("documents:layout_test", args=["bang-khen"])).content)
    assert page_mm(test.pages[0]) == (420, 297)
    assert "Bà Nguyễn Thị Hường" in test.pages[0].extract_text()
    # only the department calibrates
    assert client_for(cast.officer_a).get(url).status_code == 403


def test_a_title_certificate_recognises_the_title_for_completing_the_tasks_well(cast):
    """Lao động tiên tiến is recognised ("CÔNG NHẬN DANH HIỆU"), not given like a Bằng khen,
    and its standard is completing the tasks well, not an outstanding achievement."""
    from tdkt.documents import contexts
    from tests.documents.helpers import make_decision

    decision, awardees = make_decision(issuer_code="STP-01", people=[cast.person_a],
                                       award="lao_dong_tien_tien",
                                       issuer_title="Giám đốc Sở Tư pháp thành phố Hà Nội")
    item = contexts.certificate_items(decision, awardees, "https://tdkt.example")[0]
    assert item.verb == "CÔNG NHẬN DANH HIỆU"
    assert item.achievement == "Đã hoàn thành tốt nhiệm vụ được giao năm 2025"
    assert item.place == "Hà Nội"
    bang_khen, people = make_decision(people=[cast.person_b])
    assert contexts.certificate_items(bang_khen, people, "https://x")[0].verb == "TẶNG"
