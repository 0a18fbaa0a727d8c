"""Every upload goes through tdkt.core.uploads: size before reading, extension and content
signature agree, PDFs parse, Office zips are sound (members, traversal, zip bombs)."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tdkt.core import uploads
from tdkt.core.uploads import validate_upload
from tests.core import samples

MB = 1024 * 1024


def check(name, content, kind="attachment"):
    validate_upload(SimpleUploadedFile(name, content), kind)


def refused(name, content, kind="attachment") -> str:
    with pytest.raises(ValidationError) as caught:
        check(name, content, kind)
    return " ".join(caught.value.messages)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def page_after(response, client):
    """The page a form post ends on (the callers redirect with a message or re-render)."""
    while response.status_code == 302:
        response = client.get(response["Location"])
    return response.content.decode()


# --- one view per caller: the Vietnamese error is shown and nothing is saved ---------------


@pytest.mark.django_db
def test_dossier_attachment_refuses_a_fake_pdf(cast, client_for):
    from tests.nominations.helpers import Flow

    nom = Flow(cast).nomination(attach=False)
    client = client_for(cast.officer_a)
    response = client.post(reverse("nominations:attach", args=[nom.pk]), {
        "kind": "to_trinh", "vote_result": "",
        "file": SimpleUploadedFile("to-trinh.pdf", samples.FAKE_PDF, "application/pdf"),
    })
    assert "Tệp không phải PDF hợp lệ" in page_after(response, client)
    assert nom.attachments.count() == 0


@pytest.mark.django_db
def test_movement_document_refuses_a_fake_pdf(cast, client_for):
    from tdkt.accounts.models import Role
    from tests.factories import make_user
    from tests.movements.helpers import make_movement

    dept = make_user("thuong_truc", Role.EMULATION_DEPT, "BTP")
    movement = make_movement(dept)
    client = client_for(dept)
    response = client.post(reverse("movements:document_upload", args=[movement.pk]), {
        "kind": "plan", "title": "Kế hoạch phát động",
        "file": SimpleUploadedFile("ke-hoach.pdf", samples.FAKE_PDF, "application/pdf"),
    })
    assert "Tệp không phải PDF hợp lệ" in page_after(response, client)
    assert movement.documents.count() == 0


@pytest.mark.django_db
def test_history_import_refuses_a_zip_bomb_workbook(cast, client_for, settings):
    from tdkt.history.models import ImportJob

    settings.MAX_UPLOAD_UNCOMPRESSED_BYTES = 2 * MB
    bomb = samples.zip_bomb(samples.xlsx_bytes(), "xl/media/image1.bin", 3 * MB)
    assert len(bomb) < 64 * 1024
    client = client_for(cast.officer_a)
    response = client.post(reverse("history:import_upload"),
                           {"workbook": SimpleUploadedFile("ho-so.xlsx", bomb)})
    body = page_after(response, client)
    assert "Tệp khi giải nén vượt quá 2 MB" in body
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_template_upload_refuses_a_traversal_member(cast, client_for):
    from tdkt.documents import word
    from tdkt.documents.models import DocumentTemplate

    template = word.default_template("decision").read_bytes()
    evil = samples.rezip(template, {"../../../../tmp/evil.sh": b"#!/bin/sh\nid\n"})
    client = client_for(cast.admin)
    response = client.post(reverse("documents:templates"), {
        "kind": "decision", "note": "",
        "file": SimpleUploadedFile("mau.docx", evil),
    })
    assert "đường dẫn không an toàn" in page_after(response, client)
    assert not DocumentTemplate.objects.exists()


# --- the module: forgeries refused ----------------------------------------------------------


def test_the_45_byte_fake_pdf_is_refused():
    assert len(samples.FAKE_PDF) == 45 and samples.FAKE_PDF.startswith(b"%PDF-1.4")
    for kind in ("attachment", "movement_file"):
        assert "Tệp không phải PDF hợp lệ" in refused("to-trinh.pdf", samples.FAKE_PDF, kind)


def test_a_truncated_real_pdf_is_refused():
    assert "Tệp không phải PDF hợp lệ" in refused("a.pdf", samples.pdf_bytes()[:-40])


def test_an_executable_renamed_pdf_is_refused():
    message = refused("quyet-dinh.pdf", samples.EXE)
    assert "Tệp không phải PDF hợp lệ" in message and "không đúng định dạng .pdf" in message
    assert "Chỉ nhận tệp" in refused("quyet-dinh.exe", samples.EXE)
    assert "Chỉ nhận tệp" in refused("quyet-dinh.pdf.exe", samples.pdf_bytes())


def test_extension_and_content_must_agree():
    assert "không đúng định dạng .docx" in refused("a.docx", samples.pdf_bytes())
    assert "không đúng định dạng .jpg" in refused("anh.jpg", samples.png_bytes())
    # A workbook renamed .docx is a zip, but not a Word document.
    assert "Thiếu thành phần word/document.xml" in refused("a.docx", samples.xlsx_bytes())
    assert "Thiếu thành phần xl/workbook.xml" in refused("a.xlsx", samples.docx_bytes(), "xlsx")


def test_a_password_protected_pdf_is_refused():
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("mat-khau")
    out = io.BytesIO()
    writer.write(out)
    assert "đặt mật khẩu" in refused("a.pdf", out.getvalue())


def test_a_zip_bomb_workbook_is_refused_at_the_default_limit():
    limit = uploads.DEFAULT_UNCOMPRESSED_BYTES
    bomb = samples.zip_bomb(samples.xlsx_bytes(), "xl/media/image1.bin", limit + MB)
    assert len(bomb) < MB  # under a megabyte on the wire
    message = refused("ho-so.xlsx", bomb, "xlsx")
    assert f"Tệp khi giải nén vượt quá {limit // MB} MB" in message


def test_a_bomb_that_lies_about_its_size_is_refused(settings):
    """Declared sizes bound zipfile's output; a member whose declared size is forged small
    fails its CRC instead of inflating."""
    settings.MAX_UPLOAD_UNCOMPRESSED_BYTES = 2 * MB
    bomb = samples.zip_bomb(samples.docx_bytes(), "word/media/x.bin", 4 * MB, zip64=False)
    bomb = samples.forge_declared_size(bomb, "word/media/x.bin", 1024)
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        assert archive.getinfo("word/media/x.bin").file_size == 1024
    assert "Tệp nén bị hỏng" in refused("a.docx", bomb, "docx_template")


def test_too_many_members_are_refused(settings):
    settings.MAX_UPLOAD_ZIP_MEMBERS = 50
    crowded = samples.rezip(samples.xlsx_bytes(), {f"xl/x/{i}.xml": b"<a/>" for i in range(60)})
    assert "quá nhiều thành phần" in refused("a.xlsx", crowded, "xlsx")


@pytest.mark.parametrize("member", [
    "../../../../etc/cron.d/evil", "/etc/passwd", "word/../../evil.xml", "C:/Windows/evil.dll",
    "word\\..\\..\\evil.xml",
])
def test_path_traversal_members_are_refused(member):
    evil = samples.rezip(samples.docx_bytes(), {member: b"x"})
    for kind in ("docx_template", "attachment", "movement_file"):
        assert "đường dẫn không an toàn" in refused("a.docx", evil, kind)


def test_macro_and_encrypted_members_are_refused():
    macro = samples.rezip(samples.xlsx_bytes(), {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"})
    assert "macro" in refused("a.xlsx", macro, "xlsx")
    flagged = bytearray(samples.docx_bytes())
    # Set the "encrypted" bit of every member in the central directory.
    at = flagged.find(b"PK\x01\x02")
    while at != -1:
        flagged[at + 8] |= 0x1
        at = flagged.find(b"PK\x01\x02", at + 4)
    assert "đặt mật khẩu" in refused("a.docx", bytes(flagged))


def test_a_corrupted_office_file_is_refused():
    content = bytearray(samples.docx_bytes())
    content[200:260] = b"\x00" * 60  # inside the first member's compressed data
    assert "Tệp nén bị hỏng" in refused("a.docx", bytes(content))
    assert "Tệp nén bị hỏng" in refused("a.xlsx", b"PK\x03\x04" + b"garbage" * 10, "xlsx")


def test_empty_files_are_refused():
    assert "Tệp rỗng" in refused("a.pdf", b"")


def test_a_forged_image_is_refused():
    assert "Tệp không phải ảnh PNG hợp lệ" in refused("a.png", b"\x89PNG\r\n\x1a\n" + b"x" * 40)
    assert "Tệp không phải ảnh JPEG hợp lệ" in refused("a.jpg", b"\xff\xd8\xff" + b"x" * 40)


# --- size is judged before a byte is read ---------------------------------------------------


class Unreadable:
    """An upload whose body must not be touched: every read raises."""

    def __init__(self, name, size):
        self.name, self.size = name, size

    def _touched(self, *args, **kwargs):
        raise AssertionError("the body was read")

    read = seek = chunks = open = tell = __iter__ = _touched


@pytest.mark.parametrize("kind,name,limit_mb", [
    ("attachment", "ho-so.pdf", 20), ("movement_file", "ke-hoach.docx", 20),
    ("xlsx", "ho-so.xlsx", 20), ("docx_template", "mau.docx", 5),
])
def test_oversize_is_refused_without_reading_the_body(kind, name, limit_mb, settings):
    settings.MAX_UPLOAD_BYTES = 20 * MB
    with pytest.raises(ValidationError) as caught:
        validate_upload(Unreadable(name, limit_mb * MB + 1), kind)
    assert f"vượt quá giới hạn {limit_mb} MB" in caught.value.messages[0]
    # A wrong extension is also refused before any read.
    with pytest.raises(ValidationError, match="Chỉ nhận tệp"):
        validate_upload(Unreadable("setup.exe", 10), kind)


def test_the_limit_follows_the_setting(settings):
    settings.MAX_UPLOAD_BYTES = 300
    assert "vượt quá giới hạn" in refused("a.pdf", samples.pdf_bytes())  # about 430 bytes
    settings.MAX_UPLOAD_BYTES = 1000
    check("a.pdf", samples.pdf_bytes())


# --- genuine files pass ---------------------------------------------------------------------


def test_real_files_are_accepted_and_left_rewound():
    cases = [
        ("to-trinh.pdf", samples.pdf_bytes(3), ("attachment", "movement_file")),
        ("bien-ban.docx", samples.docx_bytes(), ("attachment", "movement_file", "docx_template")),
        ("ho-so.xlsx", samples.xlsx_bytes(), ("attachment", "xlsx")),
        ("anh.png", samples.png_bytes(), ("attachment",)),
        ("anh.JPG", samples.jpeg_bytes(), ("attachment",)),
        ("cu.doc", uploads.OLE + b"\x00" * 504, ("attachment", "movement_file")),
        ("cu.xls", uploads.OLE + b"\x00" * 504, ("attachment",)),
    ]
    for name, content, kinds in cases:
        for kind in kinds:
            upload = SimpleUploadedFile(name, content)
            validate_upload(upload, kind)
            assert upload.read() == content, (name, kind)


def test_the_bundled_templates_pass_as_templates():
    from tdkt.documents import word
    from tdkt.documents.models import TemplateKind

    for kind in TemplateKind.values:
        uploads.validate_content(word.default_template(kind).read_bytes(), "mau.docx",
                                 "docx_template")


def test_each_caller_keeps_the_kinds_it_allowed():
    assert "Chỉ nhận tệp PDF hoặc Word" in refused("a.xlsx", samples.xlsx_bytes(),
                                                   "movement_file")
    assert "Chỉ nhận tệp Excel định dạng .xlsx" in refused("a.pdf", samples.pdf_bytes(), "xlsx")
    assert "Chỉ nhận tệp Word định dạng .docx" in refused("a.pdf", samples.pdf_bytes(),
                                                          "docx_template")
    assert "Chỉ nhận tệp Word định dạng .docx" in refused("a.png", samples.png_bytes(),
                                                          "docx_template")
    assert validate_upload(None, "movement_file") is None  # optional field left empty


# --- while the body streams in: nothing past the limit is kept ------------------------------


def parse_multipart(content: bytes, name="ho-so.pdf"):
    """Run Django's multipart parser with the project's upload handlers; return the file and
    how many bytes reached the memory/temporary-file handlers."""
    from django.core.files.uploadhandler import load_handler
    from django.http.multipartparser import MultiPartParser
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    body = encode_multipart(BOUNDARY, {"file": SimpleUploadedFile(name, content)})
    meta = {"CONTENT_TYPE": MULTIPART_CONTENT, "CONTENT_LENGTH": str(len(body))}
    from django.conf import settings

    handlers = [load_handler(path) for path in settings.FILE_UPLOAD_HANDLERS]
    kept = {"bytes": 0}
    for handler in handlers[1:]:
        original = handler.receive_data_chunk

        def counting(raw, start, original=original):
            kept["bytes"] += len(raw)
            return original(raw, start)

        handler.receive_data_chunk = counting
    _post, files = MultiPartParser(meta, io.BytesIO(body), handlers).parse()
    return files["file"], kept["bytes"]


def test_an_oversize_body_is_dropped_as_it_streams_in(settings):
    settings.MAX_UPLOAD_BYTES = 256 * 1024
    big = samples.pdf_bytes() + b"%" * (3 * MB)
    upload, kept = parse_multipart(big)
    assert isinstance(upload, uploads.OversizeUpload) and upload.size == len(big)
    assert kept <= settings.MAX_UPLOAD_BYTES  # the rest never reached memory or disk
    with pytest.raises(ValidationError, match=r"vượt quá giới hạn 0,2 MB \(tệp này 3 MB\)"):
        validate_upload(upload, "attachment")
    small = samples.pdf_bytes()
    upload, kept = parse_multipart(small)
    assert upload.read() == small and kept == len(small)
    validate_upload(upload, "attachment")


@pytest.mark.django_db
def test_an_oversize_attachment_is_refused_with_its_size(cast, client_for, settings):
    from tests.nominations.helpers import Flow

    settings.MAX_UPLOAD_BYTES = 1 * MB
    nom = Flow(cast).nomination(attach=False)
    client = client_for(cast.officer_a)
    response = client.post(reverse("nominations:attach", args=[nom.pk]), {
        "kind": "to_trinh", "vote_result": "",
        "file": SimpleUploadedFile("to-trinh.pdf", samples.pdf_bytes() + b"%" * (2 * MB)),
    })
    assert "Tệp quá lớn: vượt quá giới hạn 1 MB" in page_after(response, client)
    assert nom.attachments.count() == 0
