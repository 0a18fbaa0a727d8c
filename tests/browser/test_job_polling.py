"""A confirmed import's page polls on its own until the job ends, then shows the result with
no button to press again (issue 16 item 3), in a real browser (HTMX under the CSP)."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.factories import make_user

pytestmark = pytest.mark.browser


def test_the_import_page_refreshes_itself_until_the_job_is_done(live_server, page, sector):
    from tdkt.accounts.models import Role
    from tdkt.history.models import ImportJob

    officer = make_user("canbo_poll", Role.UNIT_OFFICER, "STP-01")
    job = ImportJob.objects.create(created_by=officer, file_name="ho-so.xlsx",
                                   status="confirmed", heartbeat_at=timezone.now())
    login(page, live_server, "canbo_poll")
    page.goto(f"{live_server.url}/ho-so/nhap/{job.pk}/")
    expect(page.get_by_text("Đã xác nhận, đang chờ ghi")).to_be_visible()
    expect(page.get_by_role("button", name="Xác nhận nhập")).to_have_count(0)

    # The worker finishes meanwhile; nobody reloads the page.
    ImportJob.objects.filter(pk=job.pk).update(
        status="done", finished_at=timezone.now(),
        summary={"Nhân sự": {"created": 3, "updated": 0, "unchanged": 0}})
    expect(page.get_by_text("Đã nhập xong")).to_be_visible(timeout=8000)
    expect(page.get_by_text("Kết quả nhập")).to_be_visible()
    assert page.locator("[hx-trigger]").count() == 0  # polling stopped with the job
