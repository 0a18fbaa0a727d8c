"""Home tasks from inspections: each side sees its own, in a constant number of queries."""

import datetime

import pytest

from tdkt.accounts.models import Role
from tdkt.accounts.scoping import Scope
from tdkt.inspections import services, todo
from tests.factories import make_user

from .helpers import concluded, make_inspection

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def dept(db):
    return make_user("vu_tccb", Role.EMULATION_DEPT, "BTP")


def titles(user, today):
    return {i.title: i for i in todo.items(user, Scope(user), today)}


def test_each_side_gets_its_own_tasks(cast, dept):
    make_inspection(dept, unit_code="STP-01")
    mine = titles(cast.officer_a, D(2026, 4, 1))
    task = mine["Tự kiểm tra công tác thi đua, khen thưởng trước đợt kiểm tra"]
    assert task.count == 1 and task.due_on == D(2026, 4, 27) and "/tu-kiem-tra/" in task.link
    assert "Tự kiểm tra công tác thi đua, khen thưởng trước đợt kiểm tra" not in titles(
        dept, D(2026, 4, 1))  # the inspector does not self-inspect
    assert titles(cast.officer_b, D(2026, 4, 1)) == {}
    assert titles(cast.head_a, D(2026, 4, 1)) == {}  # read-only role: nothing to do

    inspection = concluded(dept, cast.officer_a, unit_code="STP-01", due_on=D(2026, 7, 10))
    soon = titles(cast.officer_a, D(2026, 7, 1))
    assert soon["Biện pháp khắc phục sau kiểm tra sắp đến hạn"].due_on == D(2026, 7, 10)
    late = titles(cast.officer_a, D(2026, 7, 20))
    assert late["Biện pháp khắc phục sau kiểm tra đã quá hạn"].count == 1
    assert titles(dept, D(2026, 7, 20))["Đơn vị được kiểm tra chậm khắc phục"].count == 1

    services.submit_evidence(cast.officer_a, inspection.actions.get(), report="Xong")
    assert titles(dept, D(2026, 7, 20))["Minh chứng khắc phục chờ nghiệm thu"].count == 1
    assert "Biện pháp khắc phục sau kiểm tra đã quá hạn" not in titles(cast.officer_a,
                                                                       D(2026, 7, 20))


def test_items_run_a_constant_number_of_queries(cast, dept, django_assert_max_num_queries):
    concluded(dept, cast.officer_a, unit_code="STP-01", due_on=D(2026, 7, 10))
    scope = Scope(dept)
    scope.grants  # noqa: B018 - resolved once per request by the dashboard
    with django_assert_max_num_queries(4) as few:
        todo.items(dept, scope, D(2026, 7, 20))
    for code in ("STP-04", "STP-08", "STP-11"):
        concluded(dept, dept, unit_code=code, due_on=D(2026, 7, 10))
        make_inspection(dept, unit_code=code)
    with django_assert_max_num_queries(len(few.captured_queries)):
        todo.items(dept, scope, D(2026, 7, 20))
