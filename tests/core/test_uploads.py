"""Every upload goes through tdkt.core.uploads: size before reading, extension and content
signature agree, PDFs parse, Office zips are sound (members, traversal, zip bombs)."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.core import samples

MB = 1024 * 1024


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.HISTORY_IMPORT_DIR = tmp_path / "imports"


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
