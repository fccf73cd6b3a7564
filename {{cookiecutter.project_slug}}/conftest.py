"""Fixtures shared by every app's tests."""

import pytest

from {{ cookiecutter.project_slug }}.users.tests.factories import UserFactory


@pytest.fixture
def user(db):
    return UserFactory()
