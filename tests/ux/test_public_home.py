"""The public face (issue 16 item 5): an anonymous visitor to `/` lands on the public home,
which reaches every public page; the login page links to it and it links to the login."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_anonymous_root_goes_to_public_home(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("core:public_home")


def test_public_home_reaches_every_public_index_without_login(client):
    page = client.get("/", follow=True)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Đăng nhập" in html and reverse("accounts:login") in html
    links = set(re.findall(r'href="(/cong-khai/[^"]*)"', html))
    for name in ("nominations_public:index", "documents_public:lookup", "legal_public:index",
                 "exemplars_public:index"):
        try:
            url = reverse(name)
        except Exception:  # the module has not landed: nothing to link to
            continue
        assert url in links, f"{name} is not linked from the public home"
    for url in links:
        assert client.get(url).status_code == 200, url


def test_login_page_links_to_public_home(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert reverse("core:public_home") in html


def test_officer_root_is_still_the_dashboard(client):
    from tdkt.accounts.models import Role
    from tdkt.organisation.loader import load_organisation
    from tests.factories import make_user

    load_organisation()
    user = make_user("vu_tccb", Role.EMULATION_DEPT, "BTP")
    client.force_login(user)
    assert client.get("/").status_code == 200
