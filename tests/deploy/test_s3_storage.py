"""Files through S3-compatible object storage (django-storages), as several servers share it:
an Excel import uploaded, validated and confirmed, and a nomination's attachment uploaded,
downloaded and deleted, with nothing written to the local media folder. The S3 server is
moto's, started on this machine for the module."""

import socket

import pytest
from django.urls import reverse

moto_server = pytest.importorskip("moto.server")
boto3 = pytest.importorskip("boto3")

from tdkt.history.models import ImportJob, PersonRating  # noqa: E402
from tdkt.nominations.models import Attachment, Nomination  # noqa: E402
from tdkt.storage import s3_storage  # noqa: E402
from tests.history.helpers import PEOPLE_HEADER, book, person  # noqa: E402
from tests.nominations.helpers import PDF, Flow, make_eligible, pdf  # noqa: E402

BUCKET = "tdkt-tep"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "tdkt-test", "AWS_SECRET_ACCESS_KEY": "tdkt-test-secret",
               "AWS_DEFAULT_REGION": "us-east-1"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=free_port())
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch, tmp_path):
    for key, value in CREDENTIALS.items():
        monkeypatch.setenv(key, value)
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    storage = s3_storage({"TDKT_S3_BUCKET": BUCKET, "TDKT_S3_ENDPOINT_URL": s3_endpoint,
                          "TDKT_S3_PREFIX": "tdkt"})
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    settings.MEDIA_ROOT = tmp_path / "media"  # must stay empty: files go to the bucket

    class Bucket:
        def keys(self) -> list[str]:
            listed = client.list_objects_v2(Bucket=BUCKET)
            return sorted(item["Key"] for item in listed.get("Contents", []))

        def read(self, key: str) -> bytes:
            return client.get_object(Bucket=BUCKET, Key=key)["Body"].read()

    yield Bucket()
    for key in Bucket().keys():
        client.delete_object(Bucket=BUCKET, Key=key)
    client.delete_bucket(Bucket=BUCKET)
    assert not (tmp_path / "media").exists()


def test_storage_is_s3_when_configured(bucket):
    from django.core.files.storage import storages

    assert type(storages["default"]).__name__ == "S3Storage"


@pytest.mark.django_db
def test_excel_import_upload_and_confirm_through_object_storage(cast, client_for, bucket):
    client = client_for(cast.officer_a)
    data = book({"Nhân sự": [PEOPLE_HEADER, person("001085000001")],
                 "Xếp loại": [["Số định danh", "Năm", "Xếp loại"],
                              ["001085000001", 2024, "HTXSNV"]]}).getvalue()
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(reverse("history:import_upload"),
                           {"workbook": SimpleUploadedFile("ho-so.xlsx", data)})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == "ready", job.errors
    # The upload waits for its confirmation in the bucket, where any worker can read it.
    assert bucket.keys() == [f"tdkt/{job.stored_path}"]
    assert job.stored_path.startswith("imports/")
    assert bucket.read(f"tdkt/{job.stored_path}") == data

    client.post(reverse("history:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "done"
    assert PersonRating.objects.get(person__id_number="001085000001").rating == "HTXSNV"
    assert bucket.keys() == []  # the personal data is deleted once applied


@pytest.mark.django_db
def test_nomination_attachment_upload_download_delete_through_object_storage(
    cast, client_for, bucket
):
    flow = Flow(cast)
    make_eligible(cast.person_a)
    nom = flow.nomination(attach=False)
    officer = client_for(cast.officer_a)
    officer.post(reverse("nominations:attach", args=[nom.pk]),
                 {"kind": "to_trinh", "file": pdf("to-trinh.pdf"), "vote_result": ""})
    att = Attachment.objects.get(nomination=nom)
    keys = bucket.keys()
    assert keys == [f"tdkt/{att.file.name}"]
    assert bucket.read(keys[0]) == PDF

    download = officer.get(reverse("nominations:attachment", args=[att.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "to-trinh.pdf" in download["Content-Disposition"]

    officer.post(reverse("nominations:attachment_delete", args=[att.pk]))
    assert not Attachment.objects.filter(pk=att.pk).exists()
    assert bucket.keys() == []  # the object goes with its row
    assert Nomination.objects.filter(pk=nom.pk).exists()
