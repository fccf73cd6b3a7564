"""Fixtures shared by every app's tests."""

import pytest
from django.core.cache import cache

from {{ cookiecutter.project_slug }}.users.tests.factories import UserFactory


@pytest.fixture(autouse=True)
def empty_cache():
    # The cache outlives each test's database rollback: start and end empty, so a
    # cached page fragment never leaks from one test into another.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user(db):
    return UserFactory()
