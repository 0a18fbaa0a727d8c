"""After "Xác nhận nhập" the import page stops offering the button and polls until the apply
ends; a second confirmation (double click, second tab, replayed request) is refused by the
server and the apply runs once (issue 16 item 3)."""

from types import SimpleNamespace

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from tdkt.audit.models import Action
from tdkt.history import tasks
from tdkt.history.models import ImportJob
from tests.history.test_import_crash_recovery import _applied_counts, _ready_job, import_dir  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_confirmed_import_polls_until_done_and_a_second_confirmation_is_refused(
    cast, client_for, import_dir, monkeypatch  # noqa: F811
):
    client = client_for(cast.officer_a)
    job = _ready_job(client)
    queued, apply_import = [], tasks.apply_import
    # The worker is not running yet: the apply stays queued (recorded here).
    monkeypatch.setattr(tasks, "apply_import", SimpleNamespace(enqueue=queued.append))
    url = reverse("history:import_confirm", args=[job.pk])
    page_url = reverse("history:import_job", args=[job.pk])

    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == page_url
    job.refresh_from_db()
    assert job.status == "confirmed" and queued == [job.pk]
    page = client.get(page_url).content.decode()
    assert 'hx-trigger="every 2s"' in page and "trang này tự cập nhật" in page
    assert "Xác nhận nhập</button>" not in page  # no button to press twice
    assert "Đã xác nhận, đang chờ ghi" in page

    second = client.post(url)  # the same request again: refused, nothing queued
    assert [str(m) for m in get_messages(second.wsgi_request)][-1].startswith(
        "Lần nhập này đã được xác nhận")
    assert queued == [job.pk]
    assert Action.objects.filter(verb="history.import.confirm", target_id=str(job.pk)).count() == 1

    apply_import.call(job.pk)  # the worker takes it…
    apply_import.call(job.pk)  # …and a duplicate delivery applies nothing again
    assert _applied_counts() == (3, 6)
    assert Action.objects.filter(verb="history.import", target_id=str(job.pk)).count() == 1
    done = client.get(page_url, headers={"HX-Request": "true"}).content.decode()
    assert "every 2s" not in done and "Kết quả nhập" in done and "Đã nhập xong" in done


def test_only_the_uploader_confirms(cast, client_for, import_dir):  # noqa: F811
    from tdkt.accounts.models import Role
    from tests.factories import make_user

    job = _ready_job(client_for(cast.officer_a))
    other = make_user("officer_a2", Role.UNIT_OFFICER, "STP-01")
    response = client_for(other).post(reverse("history:import_confirm", args=[job.pk]))
    assert response.status_code == 404  # another officer does not even see the job
    job.refresh_from_db()
    assert job.status == "ready"
    assert ImportJob.objects.get(pk=job.pk).status == "ready"
