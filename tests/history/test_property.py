"""Property: whatever the cells, the importer never raises and never writes a rejected file."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tdkt.history.importer import run_import
from tdkt.history.models import ImportJob, PersonRating, PersonTitle
from tdkt.people.models import Person
from tests.history.helpers import PEOPLE_HEADER, book, person

pytestmark = pytest.mark.django_db

cell = st.one_of(
    st.none(),
    st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=30),
    st.integers(min_value=-10**13, max_value=10**13),
    st.floats(allow_nan=True, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=datetime.date(1800, 1, 1), max_value=datetime.date(2200, 1, 1)),
    st.sampled_from(["31/02/2024", "1/1/1990", "HTXSNV", "Nam", "Nữ", "x", "STP-01-VP",
                     "001085000001", "1085000001", "Lao động tiên tiến", "Khiển trách",
                     "=1/0", "  ", "ＳＴＰ", "Số định danh"]),
)
row = st.lists(cell, min_size=0, max_size=10)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    people=st.lists(row, max_size=6),
    ratings=st.lists(row, max_size=6),
    titles=st.lists(row, max_size=6),
    corrupt=st.integers(min_value=0, max_value=3),
)
def test_importer_never_raises_and_never_writes_a_rejected_workbook(people, ratings, titles,
                                                                    corrupt):
    # one row is always invalid (bad date), so the workbook must be rejected as a whole
    bad = person("001085000777", born="31/02/1985")
    sheets = {
        "Nhân sự": [PEOPLE_HEADER, person(), *people, bad][corrupt:] if corrupt < 2
        else [*people, PEOPLE_HEADER, bad, person()],
        "Xếp loại": [["Số định danh", "Năm", "Xếp loại"], *ratings],
        "Danh hiệu": [["Số định danh", "Mã đơn vị", "Năm", "Danh hiệu"], *titles],
    }
    before = (Person.objects.count(), PersonRating.objects.count(), PersonTitle.objects.count(),
              ImportJob.objects.count())
    result = run_import(book(sheets))
    assert not result.ok
    assert all(str(p).count("!") >= 1 and " — " in str(p) for p in result.problems)
    after = (Person.objects.count(), PersonRating.objects.count(), PersonTitle.objects.count(),
             ImportJob.objects.count())
    assert after == before


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400))
def test_random_bytes_are_a_problem_not_an_exception(data):
    import io

    result = run_import(io.BytesIO(b"PK\x03\x04" + data))
    assert not result.ok
    assert not Person.objects.exists()
