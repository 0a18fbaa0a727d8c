"""The password policy speaks Vietnamese: Django 5.2 changed the message for a short password,
and its Vietnamese catalogue still holds the old one, so officers and the first administrator
(`create_admin`) were told "This password is too short..." in English."""

import pytest
from django.contrib.auth.password_validation import (
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_a_short_password_is_refused_in_vietnamese():
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        validate_password("tdkttdkt")
    messages = " ".join(refused.value.messages)
    assert "Mật khẩu quá ngắn" in messages and "12 ký tự" in messages
    assert "too short" not in messages
    assert [e.code for e in refused.value.error_list][0] == "password_too_short"


def test_the_help_text_names_twelve_characters_in_vietnamese():
    with translation.override("vi"):
        assert any("12 ký tự" in text for text in password_validators_help_texts())


def test_the_administrators_form_shows_the_vietnamese_message(cast, client_for):
    response = client_for(cast.admin).post(
        reverse("accounts:user_create"),
        {"username": "yeu.kem", "full_name": "Nguyễn Văn An", "password": "tdkttdkt"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Mật khẩu quá ngắn" in page and "too short" not in page
