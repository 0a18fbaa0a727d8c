"""The sector's due list reads its order and figures once per finished sweep.

A finished sweep's entries never change, so the order of its rows and its figures come from
the shared cache after the first reader; each page then fetches only its own rows. The pages
must show exactly what the uncached query shows, and a new sweep its own rows.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tdkt.eligibility import selectors
from tdkt.eligibility.models import Sweep
from tdkt.organisation.models import Unit
from tests.eligibility.test_services import give_record
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def sweep(client, django_capture_on_commit_callbacks) -> Sweep:
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("eligibility:sweep_start"), {"don_vi": "STP-01", "nam": "2025"})
    return Sweep.objects.order_by("-id").first()


def without_tokens(response) -> str:
    """The page from its heading on, without the per-request tokens."""
    body = response.content.decode()
    body = body[body.index("<h1>"):]
    return re.sub(r'(value|content|nonce)="[^"]{30,}"|"X-CSRFToken": "[^"]*"', "", body)


def entry_queries(ctx) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if "eligibility_sweepentry" in q["sql"]]


def test_second_reader_takes_order_and_figures_from_the_cache(
        cast, client_for, django_capture_on_commit_callbacks):
    for i in range(5):
        give_record(make_person("STP-01-VP", f"Phạm Văn Bộ Nhớ {i}"), {2025: "HTTNV"})
    client = client_for(cast.officer_a)
    sweep(client, django_capture_on_commit_callbacks)
    first = client.get(reverse("eligibility:due_list"), {"nam": 2025})
    with CaptureQueriesContext(connection) as ctx:
        second = client.get(reverse("eligibility:due_list"), {"nam": 2025})
    assert without_tokens(second) == without_tokens(first)
    queries = entry_queries(ctx)
    # only the page's own rows, by id: no sort of the whole list, no count, no figures
    assert len(queries) == 1, queries
    assert "COUNT(" not in queries[0] and "ORDER BY" not in queries[0]


def test_cached_pages_show_what_the_query_shows(
        cast, client_for, django_capture_on_commit_callbacks):
    for i in range(60):  # two pages of 50
        give_record(make_person("STP-01-VP", f"Vũ Thị Trang {i:02d}"), {2025: "HTTNV"})
    client = client_for(cast.officer_a)
    done = sweep(client, django_capture_on_commit_callbacks)
    expected = [e.person.full_name for e in
                selectors.due_entries(done, Unit.objects.get(code="STP-01"))]
    assert len(expected) > 50
    for _ in range(2):  # uncached, then cached
        page2 = client.get(reverse("eligibility:due_list"), {"nam": 2025, "trang": 2})
        body = page2.content.decode()
        shown = [name for name in expected[50:] if f"{name}</a>" in body]
        assert shown == expected[50:]
        assert f"{expected[49]}</a>" not in body


def test_a_new_sweep_shows_its_own_rows(cast, client_for, django_capture_on_commit_callbacks):
    client = client_for(cast.officer_a)
    give_record(cast.person_a, {2025: "HTXSNV"}, {2025: ["lao_dong_tien_tien"]})
    sweep(client, django_capture_on_commit_callbacks)
    assert "Lý Văn Mới</a>" not in client.get(reverse("eligibility:due_list"),
                                               {"nam": 2025}).content.decode()
    give_record(make_person("STP-01-VP", "Lý Văn Mới"), {2025: "HTTNV"})
    sweep(client, django_capture_on_commit_callbacks)
    assert "Lý Văn Mới</a>" in client.get(reverse("eligibility:due_list"),
                                           {"nam": 2025}).content.decode()
