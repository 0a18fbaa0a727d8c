"""The five-yearly congress list: exemplars of the period with their awards of the period, in
scope, in few queries; Excel (formula-safe) and .docx exports."""

import datetime
import io
import os
import zipfile

import pytest
from django.urls import reverse

from tdkt.exemplars import congress
from tdkt.exemplars.models import Status
from tests.exemplars.helpers import exemplar

pytestmark = pytest.mark.django_db

THIS_YEAR = datetime.date.today().year


def accepted(unit, **extra):
    ex = exemplar(unit, **extra)
    ex.status = Status.ACCEPTED
    ex.save()
    return ex


@pytest.fixture
def history(cast):
    """Person A: CSTĐ cơ sở in the period and one long before; unit A: a Bằng khen in the
    period; unit B (another scope): its own exemplar."""
    from tdkt.history.models import AwardType, PersonTitle, UnitAward

    cstd = AwardType.objects.get(code="chien_si_thi_dua_co_so")
    bk = AwardType.objects.filter(kind="form", level="bo", subject__in=[
        "collective", "individual_or_collective"]).first()
    PersonTitle.objects.create(person=cast.person_a, year=THIS_YEAR - 1, award=cstd,
                               decision_number="15/QĐ-STP")
    PersonTitle.objects.create(person=cast.person_a, year=THIS_YEAR - 9, award=cstd)
    UnitAward.objects.create(unit=cast.unit_a, year=THIS_YEAR - 2, award=bk,
                             decision_number="1234/QĐ-BTP", issuer="Bộ trưởng Bộ Tư pháp")
    return {
        "person": accepted(cast.unit_a, kind="person", name=cast.person_a.full_name,
                           person=cast.person_a, year=THIS_YEAR - 1,
                           title="=HYPERLINK(\"http://x\",\"bấm\")"),
        "collective": accepted(cast.unit_a, year=THIS_YEAR - 3),
        "old": accepted(cast.unit_a, year=THIS_YEAR - 7, title="Quá cũ"),
        "proposed": exemplar(cast.unit_a, year=THIS_YEAR, title="Chưa công nhận"),
        "other": accepted(cast.unit_b, year=THIS_YEAR, title="Điển hình đơn vị khác"),
        "bk": bk,
    }


def test_default_period_is_the_last_five_years():
    f = congress.default_filter(datetime.date(2026, 12, 6))
    assert (f.first, f.last) == (2022, 2026)


def test_rows_are_in_period_and_scope_with_their_awards_of_the_period(cast, history):
    from tdkt.accounts.scoping import Scope

    f = congress.default_filter()
    rows = congress.with_awards(congress.exemplars(Scope(cast.officer_a), f), f)
    by_pk = {r.ex.pk: r for r in rows}
    assert set(by_pk) == {history["person"].pk, history["collective"].pk}
    person = by_pk[history["person"].pk]
    assert [(y, d) for y, _n, d in person.awards] == [(THIS_YEAR - 1, "QĐ số 15/QĐ-STP")]
    collective = by_pk[history["collective"].pk]
    assert collective.awards == [(THIS_YEAR - 2, history["bk"].name,
                                  "QĐ số 1234/QĐ-BTP của Bộ trưởng Bộ Tư pháp")]
    from tdkt.organisation.models import Unit

    division = accepted(Unit.objects.get(code="STP-01-VP"), year=THIS_YEAR)
    rows = congress.with_awards(congress.exemplars(Scope(cast.officer_a), f), f)
    label = next(r.unit_label for r in rows if r.ex.pk == division.pk)
    assert label == f"{division.unit.name} ({cast.unit_a.name})"  # which Sở's division
    f.kind = "person"
    assert [r.ex.pk for r in congress.with_awards(
        congress.exemplars(Scope(cast.officer_a), f), f)] == [history["person"].pk]


def test_page_is_scoped_filtered_and_constant_in_queries(cast, history, client_for,
                                                         django_assert_max_num_queries):
    c = client_for(cast.officer_a)
    url = reverse("exemplars:congress")
    body = c.get(url).content.decode()
    assert history["collective"].title in body and "Quá cũ" not in body
    assert "Chưa công nhận" not in body and "Điển hình đơn vị khác" not in body
    assert "1234/QĐ-BTP" in body
    body = c.get(url, {"tu_nam": THIS_YEAR - 8, "den_nam": THIS_YEAR}).content.decode()
    assert "Quá cũ" in body
    for n in range(20):
        accepted(cast.unit_a, year=THIS_YEAR, title=f"Thêm {n}")
    with django_assert_max_num_queries(16):
        assert c.get(url).status_code == 200
    # a unit of another scope in the filter: not found
    assert c.get(url, {"don_vi": cast.unit_b.pk}).status_code == 404


def test_excel_export_is_formula_safe(cast, history, client_for):
    from openpyxl import load_workbook

    resp = client_for(cast.officer_a).get(reverse("exemplars:congress"), {"xuat": "excel"})
    assert resp.status_code == 200 and "spreadsheetml" in resp["Content-Type"]
    ws = load_workbook(io.BytesIO(resp.content)).active
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    hyperlink = [c for c in cells if str(c.value).startswith("=HYPERLINK")]
    assert hyperlink and all(c.data_type == "s" for c in hyperlink)  # text, not a formula
    values = [str(c.value) for c in cells]
    assert any("1234/QĐ-BTP" in v for v in values)
    assert not any("Điển hình đơn vị khác" in v for v in values)


def test_docx_export_lists_the_rows(cast, history, client_for):
    resp = client_for(cast.officer_a).get(reverse("exemplars:congress"), {"xuat": "word"})
    assert resp.status_code == 200 and "wordprocessingml" in resp["Content-Type"]
    if os.environ.get("TDKT_DUMP_DOCX"):
        with open(os.environ["TDKT_DUMP_DOCX"], "wb") as out:
            out.write(resp.content)
    with zipfile.ZipFile(io.BytesIO(resp.content)) as z:
        xml = z.read("word/document.xml").decode()
    assert "ĐIỂN HÌNH TIÊN TIẾN GIAI ĐOẠN" in xml and "Đại hội thi đua yêu nước" in xml
    assert history["collective"].title in xml and "1234/QĐ-BTP" in xml
    assert "Danh sách có 2 điển hình" in xml
