"""Words for people (issue 16 item 2): on every page each role reaches in the demo, no rule
code, audit verb, Python value or developer's note ("chưa xác minh") is visible.

The demo is seeded once for the module. For each role the scan starts from every URL without
parameters and follows the links the pages show (at most two pages per URL name), so detail
pages are the objects that role really reaches; the department then also opens every
parameterised URL with the access test's parameter registry (tests/foundation/test_access.py)."""

import io

import pytest
from django.core.exceptions import ObjectDoesNotExist
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import get_resolver, reverse

from tests.foundation.test_access import OTHER_SCOPE_VALUES, PUBLIC_URL_NAMES, walk
from tests.ux.scan import crawl, findings, visible_text_and_links

ROLES = {
    "thuongtruc": "Thường trực Hội đồng TĐKT (Vụ TCCB)",
    "hoidong": "Thành viên Hội đồng TĐKT Bộ",
    "hoidong1.stp01": "Thành viên Hội đồng TĐKT của Sở (phiếu đang mở)",
    "canbo.stp01": "Cán bộ TĐKT đơn vị",
    "lanhdao.stp01": "Thủ trưởng đơn vị",
    "nhanvien.stp01": "Cán bộ, công chức",
    "admin": "Quản trị hệ thống",
    None: "Khách (không đăng nhập)",
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo as `make run` seeds it (smaller), rolled back after the module."""
    data = tmp_path_factory.mktemp("demo")
    with django_db_blocker.unblock(), override_settings(DATA_DIR=data, MEDIA_ROOT=data / "media"):
        with transaction.atomic():
            call_command("seed_demo", scale=0.05, stdout=io.StringIO())
            yield data
            transaction.set_rollback(True)


def _starts():
    return ["/"] + sorted({"/" + route for name, route, entry in walk(get_resolver())
                           if name and not entry.pattern.converters and "<" not in route
                           and not name.startswith("djdt")})


def _report(problems):
    return "\n".join(f"{url} ({name}): {found}" for url, name, found in problems)


@pytest.mark.parametrize("username", list(ROLES), ids=lambda u: u or "anonymous")
def test_no_code_or_developer_note_on_any_page_a_role_reaches(demo, db, client, username):
    from tdkt.accounts.models import User

    if username:
        client.force_login(User.objects.get(username=username))
    problems, pages = [], 0
    for url, name, status, found in crawl(client, _starts(), per_name=2):
        assert status < 500, f"{url} ({name}) answered {status}: {found}"
        pages += status == 200
        if found:
            problems.append((url, name, sorted(set(found))))
    assert not problems, f"{ROLES[username]}:\n{_report(problems)}"
    assert pages >= (40 if username else 5)


def test_every_parameterised_page_the_department_opens_speaks_plainly(demo, cast, client):
    """The access test's registry names objects of STP-79 with their own states (a round, a
    nomination, a meeting, an inspection…); the department sees all of them."""
    from tdkt.accounts.models import User

    client.force_login(User.objects.get(username="thuongtruc"))
    # Accounts carry their holder's name (the administrator's form asks for it); the cast's
    # bare test accounts get one, so histories show a name as they do for real accounts.
    for user, name in ((cast.officer_a, "Nguyễn Thu Hà"), (cast.officer_b, "Lê Minh Tâm"),
                       (cast.head_a, "Phạm Quang Huy"), (cast.admin, "Đỗ Văn Long")):
        user.set_full_name(name)
        user.save()
    problems, unbuilt, opened = [], [], 0
    for name, _route, entry in walk(get_resolver()):
        params = list(entry.pattern.converters)
        if not name or not params or name in PUBLIC_URL_NAMES or name.startswith("djdt"):
            continue
        try:
            with transaction.atomic():  # a registry helper built for the bare cast may not
                kwargs = {p: OTHER_SCOPE_VALUES[p](cast) for p in params}  # fit the demo
        except ObjectDoesNotExist:
            unbuilt.append(name)
            continue
        url = reverse(name, kwargs=kwargs)
        response = client.get(url)
        assert response.status_code < 500, f"{url} ({name})"
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        opened += 1
        text, _links = visible_text_and_links(response.content.decode())
        if found := findings(text):
            problems.append((url, name, sorted(set(found))))
    assert not problems, _report(problems)
    assert opened >= 30 and len(unbuilt) <= 3, unbuilt
