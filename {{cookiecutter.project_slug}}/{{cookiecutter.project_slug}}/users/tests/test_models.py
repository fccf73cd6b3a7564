"""Tests of the custom user model."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


def test_the_project_uses_its_own_user_model():
    assert settings.AUTH_USER_MODEL == "users.User"
    assert get_user_model()._meta.app_label == "users"


def test_create_user_hashes_the_password():
    user = get_user_model().objects.create_user("ada", "ada@example.com", "s3cret-pass")

    assert user.password != "s3cret-pass"
    assert user.check_password("s3cret-pass")
