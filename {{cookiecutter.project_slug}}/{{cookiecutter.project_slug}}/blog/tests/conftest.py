"""Fixtures the blog's tests share."""

import pytest


@pytest.fixture
def author_client(client, user):
    """A client logged in as ``user``, the author of the posts under test."""
    client.force_login(user)
    return client
