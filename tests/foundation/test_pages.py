"""The Vietnamese shell: pages render for each role with their data and empty states."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_person

pytestmark = pytest.mark.django_db


def test_login_page_is_vietnamese(client):
    body = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="vi"' in body and "Đăng nhập" in body and "Mật khẩu" in body


def test_admin_home_shows_the_ministry_tree(cast, client_for):
    body = client_for(cast.admin).get(reverse("core:home")).content.decode()
    assert "Bộ Tư pháp" in body


def test_tree_children_reach_the_34_departments(cast, client_for):
    client = client_for(cast.admin)
    body = client.get(reverse("organisation:tree_children", args=["KHOI-STP"])).content.decode()
    assert body.count("Sở Tư pháp") >= 34
    body = client.get(reverse("organisation:tree_children", args=["QLTHADS"])).content.decode()
    assert "Thi hành án dân sự thành phố Hà Nội" in body


def test_officer_home_starts_at_own_unit(cast, client_for):
    body = client_for(cast.officer_a).get(reverse("core:home")).content.decode()
    assert "Sở Tư pháp thành phố Hà Nội" in body
    assert "Bộ Tư pháp</a>" not in body


def test_unit_page_shows_staff_counts_and_clusters(cast, client_for):
    body = client_for(cast.officer_a).get(reverse("organisation:unit", args=["STP-01"])).content
    body = body.decode()
    assert "Cụm thi đua Sở Tư pháp, Thi hành án dân sự các tỉnh, thành phố đồng bằng Bắc Bộ" in body
    assert "Văn phòng Sở" in body
    # two people (person_a, the staff member) sit in STP-01's subtree
    assert "(1 cán bộ)" in body


def test_dates_are_shown_dd_mm_yyyy(cast, client_for):
    body = client_for(cast.officer_a).get(reverse("people:detail", args=[cast.person_a.pk]))
    assert "17/05/1985" in body.content.decode()


def test_unit_page_queries_do_not_grow_with_staff(cast, client_for):
    client = client_for(cast.admin)
    url = reverse("organisation:unit", args=["STP-01-VP"])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(30):
        make_person("STP-01-VP", f"Nguyễn Văn Thêm {i}")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_search_page_has_an_empty_state(cast, client_for):
    body = client_for(cast.officer_a).get(reverse("core:search"), {"q": "khong co ai"}).content
    assert "Không có cán bộ nào" in body.decode()


def test_pagination_keeps_the_search_and_filters(cast, client_for):
    for i in range(30):
        make_person("STP-01-VP", f"Nguyễn Văn Trang {i:02d}")
    body = client_for(cast.officer_a).get(reverse("core:search"), {"q": "nguyen van trang"})
    assert "?q=nguyen+van+trang&amp;trang=2" in body.content.decode()
