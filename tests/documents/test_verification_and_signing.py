"""Issue 15 items 5 and 6: one way to write a decision number; the public lookup of a
certificate by its printed code; decisions and certificates as signed PDFs (PAdES, pyHanko)
checked on the public verification page."""

import io
import re

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from tdkt.documents import certificates as cert
from tdkt.documents import signing, verification
from tdkt.documents.models import Certificate

pytestmark = pytest.mark.django_db

LOOKUP = "/cong-khai/van-ban/xac-minh/"


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"[ \t]+", " ", text)


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture(scope="session")
def demo_ca(tmp_path_factory):
    """The demo CA and Bộ Tư pháp's signing certificate, made by the management command."""
    target = tmp_path_factory.mktemp("signing")
    call_command("make_demo_signing_cert", dir=str(target), stdout=io.StringIO())
    return target / signing.DEMO_P12, target / signing.DEMO_CA


@pytest.fixture
def signed(settings, demo_ca):
    settings.TDKT_SIGNING_P12 = str(demo_ca[0])
    settings.TDKT_SIGNING_PASSPHRASE = signing.DEMO_PASSPHRASE
    settings.TDKT_SIGNING_TRUST_ROOTS = str(demo_ca[1])
    return demo_ca


@pytest.fixture
def unsigned(settings, demo_ca):
    settings.TDKT_SIGNING_P12 = ""
    settings.TDKT_SIGNING_TRUST_ROOTS = str(demo_ca[1])
    settings.DEBUG = False


def second_decision(cast):
    from tests.documents.helpers import make_decision

    return make_decision(people=[cast.person_a], sequence=2)


# --- (a) one way to write a decision number ----------------------------------------------------


def test_decision_number_is_written_the_same_on_screen_in_files_and_on_the_public_page(
        cast, dept, client_for, client, unsigned):
    decision, awardees = second_decision(cast)
    assert decision.number == "2/QĐ-BTP" and decision.number_display == "02/QĐ-BTP"
    officer = client_for(dept)
    screens = [
        officer.get(reverse("documents:decision", args=[decision.pk])),
        officer.get(reverse("nominations:decision", args=[decision.pk])),
    ]
    for response in screens:
        page = response.content.decode()
        assert "02/QĐ-BTP" in page and ">2/QĐ-BTP" not in page and " 2/QĐ-BTP" not in page
    docx_content = officer.get(reverse("documents:decision_docx", args=[decision.pk])).content
    assert "Số: 02/QĐ-BTP" in docx_text(docx_content)
    assert "Số: 02/QĐ-BTP" in pdf_text(
        officer.get(reverse("documents:decision_pdf", args=[decision.pk])).content)
    certificate_pdf = officer.get(reverse("documents:awardee_certificate",
                                          args=[awardees[0].pk])).content
    assert "Số quyết định: 02/QĐ-BTP" in pdf_text(certificate_pdf)
    client.logout()
    code = Certificate.objects.get(awardee=awardees[0]).code
    public = client.get(reverse("documents_public:verify", args=[code])).content.decode()
    assert "02/QĐ-BTP" in public and ">2/QĐ-BTP" not in public


# --- (b) public lookup by the printed code -----------------------------------------------------


def test_certificate_prints_its_code_readably_and_the_recipients_agency(
        decision, dept, client_for, unsigned):
    from tdkt.organisation.models import Unit

    dec, awardees = decision
    content = client_for(dept).get(reverse("documents:awardee_certificate",
                                           args=[awardees[0].pk])).content
    text = pdf_text(content)
    code = Certificate.objects.get(awardee=awardees[0]).code
    printed = cert.printed_code(code)
    assert re.fullmatch(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){4}", printed)
    assert printed in text.replace("\n", "")
    assert "xac-minh/" in text
    agency = Unit.objects.get(code="STP-01").name
    assert agency in text.replace("\n", " ")
    # the collective names the agency it belongs to
    collective = [a for a in awardees if a.subject_kind == "collective"][0]
    text = pdf_text(client_for(dept).get(reverse("documents:awardee_certificate",
                                                 args=[collective.pk])).content)
    assert agency in text.replace("\n", " ")


def test_test_print_labels_fields_in_vietnamese(dept, client_for):
    content = client_for(dept).get(reverse("documents:layout_test", args=["giay-khen"])).content
    text = pdf_text(content)
    for english in ("recipient", "place_date", "signer_title", "qr\n", "achievement"):
        assert english not in text
    for label in ("Mã QR xác minh", "Địa danh, ngày tháng", "Thành tích"):
        assert label in text


def test_anyone_looks_a_certificate_up_by_the_typed_code(decision, dept, client_for, client,
                                                         unsigned):
    from tdkt.organisation.models import Unit

    dec, awardees = decision
    client_for(dept).get(reverse("documents:decision_certificates", args=[dec.pk]))
    client.logout()
    assert reverse("documents_public:lookup") == LOOKUP
    form = client.get(LOOKUP)
    assert form.status_code == 200 and 'name="ma"' in form.content.decode()
    code = Certificate.objects.get(awardee=awardees[0]).code
    typed = cert.printed_code(code).lower()  # as an officer types it from the paper
    response = client.get(LOOKUP, {"ma": f" {typed} "})
    assert response.status_code == 200
    page = response.content.decode()
    person = awardees[0].person
    for shown in ("Bà Trần Thị Hồng", person.position, Unit.objects.get(code="STP-01").name,
                  "Bằng khen của Bộ trưởng Bộ Tư pháp", dec.number_display, "05/01/2026"):
        assert shown in page, shown
    for hidden in (person.id_number, "17/05/1985", "Hoàn thành xuất sắc nhiệm vụ năm 2025"):
        assert hidden not in page
    # the revocation is shown
    from tdkt.nominations.models import Awardee

    Awardee.objects.filter(pk=awardees[0].pk).update(
        revoked=True, revoked_on="2026-03-01", revocation_reference="Quyết định số 15/QĐ-BTP")
    page = client.get(LOOKUP, {"ma": code}).content.decode()
    assert "đã bị hủy bỏ ngày 01/03/2026 theo Quyết định số 15/QĐ-BTP" in page


@pytest.mark.parametrize("typed", ["AAAA-AAAA-AAAA-AAAA-AAAA", "khong co", "1", "A" * 64])
def test_unknown_codes_answer_not_found_and_reveal_nothing(typed, decision, client):
    response = client.get(LOOKUP, {"ma": typed})
    assert response.status_code == 404
    page = response.content.decode()
    assert "Không tìm thấy" in page
    for name in ("Trần Thị Hồng", "Bằng khen của Bộ trưởng", "QĐ-BTP"):
        assert name not in page


def test_lookups_are_rate_limited_per_client_address(client, db, monkeypatch):
    monkeypatch.setattr(verification, "LOOKUPS_PER_WINDOW", 3)
    codes = ["AAAAAAAAAAAAAAAAAAA" + c for c in "BCDE"]
    answers = [client.get(LOOKUP, {"ma": c}, REMOTE_ADDR="203.0.113.5").status_code
               for c in codes]
    assert answers == [404, 404, 404, 429]
    assert "quá nhiều lần" in client.get(LOOKUP, {"ma": codes[0]},
                                         REMOTE_ADDR="203.0.113.5").content.decode()
    qr = client.get(reverse("documents_public:verify", args=[codes[0]]),
                    REMOTE_ADDR="203.0.113.5")
    assert qr.status_code == 429
    # another address is not held back; the empty form itself is not counted
    assert client.get(LOOKUP, {"ma": codes[0]}, REMOTE_ADDR="203.0.113.6").status_code == 404
    assert client.get(LOOKUP, REMOTE_ADDR="203.0.113.5").status_code == 200


# --- (c) signed PDFs ---------------------------------------------------------------------------


def _pyhanko_status(content: bytes, ca_file):
    from asn1crypto import pem, x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    _, _, der = pem.unarmor(ca_file.read_bytes())
    context = ValidationContext(trust_roots=[x509.Certificate.load(der)])
    signatures = PdfFileReader(io.BytesIO(content), strict=False).embedded_signatures
    assert len(signatures) == 1
    return validate_pdf_signature(signatures[0], context)


def _upload(client, content: bytes, name="quyet-dinh.pdf"):
    return client.post(LOOKUP, {"tep": SimpleUploadedFile(name, content, "application/pdf")})


def test_signed_decision_pdf_validates_against_the_demo_ca_and_a_modified_copy_fails(
        decision, dept, client_for, client, signed):
    dec, _ = decision
    content = client_for(dept).get(reverse("documents:decision_pdf", args=[dec.pk])).content
    text = pdf_text(content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Điều 1." in text
    assert "DANH SÁCH" in text and "Trần Thị Hồng" in text
    status = _pyhanko_status(content, signed[1])
    assert status.bottom_line and status.intact and status.valid and status.trusted
    assert status.signing_cert.subject.native["common_name"] == "Bộ Tư pháp"
    # one byte changed inside the signed range
    tampered = bytearray(content)
    start = tampered.index(b"stream", len(tampered) // 4) + 20
    tampered[start] ^= 0x01
    assert not _pyhanko_status(bytes(tampered), signed[1]).intact
    # the public page, anonymously
    client.logout()
    page = _upload(client, content).content.decode()
    assert "Chữ ký số hợp lệ: ký bởi Bộ Tư pháp" in page
    assert f"Khớp với Quyết định số {dec.number_display} ngày 05/01/2026" in page
    page = _upload(client, bytes(tampered)).content.decode()
    assert "Chữ ký số không hợp lệ" in page and "đã bị thay đổi sau khi ký" in page


def test_pdf_signed_by_an_untrusted_certificate_is_refused(decision, settings, tmp_path,
                                                           dept, client_for, client, signed):
    dec, _ = decision
    other_p12, _ = signing.make_demo_ca(tmp_path / "khac")
    settings.TDKT_SIGNING_P12 = str(other_p12)
    content = client_for(dept).get(reverse("documents:decision_pdf", args=[dec.pk])).content
    settings.TDKT_SIGNING_P12 = str(signed[0])
    client.logout()
    page = _upload(client, content).content.decode()
    assert "Chữ ký số không hợp lệ" in page and "không thuộc cơ quan tin cậy" in page


def test_signed_certificates_match_the_register_and_show_revocation(
        decision, dept, client_for, client, signed):
    from tdkt.nominations.models import Awardee

    dec, awardees = decision
    content = client_for(dept).get(reverse("documents:decision_certificates",
                                           args=[dec.pk])).content
    assert _pyhanko_status(content, signed[1]).bottom_line
    client.logout()
    page = _upload(client, content, "bang-khen.pdf").content.decode()
    assert "Chữ ký số hợp lệ" in page and "Khớp với sổ theo dõi khen thưởng (4 bằng khen" in page
    Awardee.objects.filter(pk=awardees[1].pk).update(revoked=True, revoked_on="2026-03-01")
    page = _upload(client, content, "bang-khen.pdf").content.decode()
    assert "đã bị hủy bỏ ngày 01/03/2026" in page


def test_without_a_certificate_pdfs_stay_available_unsigned_and_are_reported_so(
        decision, dept, client_for, client, unsigned):
    dec, _ = decision
    response = client_for(dept).get(reverse("documents:decision_pdf", args=[dec.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"/ByteRange" not in response.content
    client.logout()
    page = _upload(client, response.content).content.decode()
    assert "Tệp không có chữ ký số" in page
    assert f"Khớp với Quyết định số {dec.number_display}" in page  # still in the register


def test_upload_goes_through_the_upload_checks(client, db):
    response = _upload(client, b"MZ\x90\x00 not a pdf at all", "quyet-dinh.pdf")
    assert response.status_code == 400
    assert "Tệp không phải PDF hợp lệ" in response.content.decode()
    response = _upload(client, b"%PDF-1.7", "bang-khen.docx")
    assert "Chỉ nhận tệp PDF" in response.content.decode()


def test_bulk_job_signs_each_certificate_part_and_adds_the_signed_decision(
        decision, dept, client_for, signed, django_capture_on_commit_callbacks):
    import zipfile

    from tdkt.documents.models import GenerationJob

    dec, _ = decision
    with django_capture_on_commit_callbacks(execute=True):
        client_for(dept).post(reverse("documents:decision_job", args=[dec.pk]),
                              {"kind": "certificates", "mode": "full"})
    job = GenerationJob.objects.get()
    archive = zipfile.ZipFile(io.BytesIO(client_for(dept).get(
        reverse("documents:job_download", args=[job.pk])).content))
    pdfs = [n for n in archive.namelist() if n.endswith(".pdf")]
    assert len(pdfs) == 3 and "Quyet dinh 01-QĐ-BTP.pdf" in pdfs
    for name in pdfs:
        content = archive.read(name)
        assert _pyhanko_status(content, signed[1]).bottom_line, name
        assert verification.verify_pdf(content).all_valid, name


# --- each issuing body signs with its own certificate (issue 15) ------------------------------


@pytest.fixture
def signing_dir(settings, demo_ca):
    """The certificates directory: the Ministry's and the demo units' own PKCS#12 files."""
    directory = demo_ca[0].parent
    settings.TDKT_SIGNING_P12 = ""
    settings.TDKT_SIGNING_DIR = str(directory)
    (directory / "BTP.p12").write_bytes(demo_ca[0].read_bytes())
    settings.TDKT_SIGNING_PASSPHRASE = signing.DEMO_PASSPHRASE
    settings.TDKT_SIGNING_TRUST_ROOTS = str(demo_ca[1])
    return directory


def _unit_decision(cast):
    from tests.documents.helpers import make_decision

    decision, _ = make_decision(issuer_code="STP-01", people=[cast.person_a],
                                issuer_title="Giám đốc Sở Tư pháp")
    return decision


def test_a_unit_decision_is_signed_by_the_unit_not_the_ministry(cast, dept, client_for, client,
                                                                signing_dir):
    decision = _unit_decision(cast)
    content = client_for(dept).get(reverse("documents:decision_pdf", args=[decision.pk])).content
    status = _pyhanko_status(content, signing_dir / signing.DEMO_CA)
    assert status.bottom_line
    assert status.signing_cert.subject.native["common_name"] == "Sở Tư pháp thành phố Hà Nội"
    client.logout()
    page = _upload(client, content).content.decode()
    assert "Chữ ký số hợp lệ: ký bởi Sở Tư pháp thành phố Hà Nội" in page


def test_a_unit_without_its_own_certificate_gets_unsigned_pdfs_never_the_ministrys(
        cast, dept, client_for, signing_dir):
    (signing_dir / "STP-01.p12").rename(signing_dir / "STP-01.p12.off")
    try:
        decision = _unit_decision(cast)
        response = client_for(dept).get(reverse("documents:decision_pdf", args=[decision.pk]))
        assert b"/ByteRange" not in response.content
        page = client_for(dept).get(reverse("documents:decision", args=[decision.pk]))
        assert "chưa có chứng thư số trong hệ thống" in page.content.decode()
    finally:
        (signing_dir / "STP-01.p12.off").rename(signing_dir / "STP-01.p12")


def test_a_unit_decision_signed_with_the_ministrys_certificate_is_refused(
        cast, dept, client_for, client, signing_dir, monkeypatch):
    """The attacker holds a valid, trusted certificate — the Ministry's — and signs a copy of a
    Sở's decision with it: the signature is intact and trusted, but not the issuer's."""
    decision = _unit_decision(cast)
    real = signing.sign
    monkeypatch.setattr(signing, "sign", lambda pdf, **kw: real(pdf, **{**kw, "unit_code": "BTP"}))
    forged = client_for(dept).get(reverse("documents:decision_pdf", args=[decision.pk])).content
    monkeypatch.setattr(signing, "sign", real)
    assert _pyhanko_status(forged, signing_dir / signing.DEMO_CA).trusted
    client.logout()
    page = _upload(client, forged).content.decode()
    assert "Chữ ký số không hợp lệ" in page
    assert "không phải chứng thư số của cơ quan ban hành" in page
