"""Tests of what users offers the other apps: the gate of views that write, and the
member's data that each app adds to."""

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.views import View

from .. import personal_data
from ..access import VerifiedEmailRequiredMixin
from .factories import make_user

pytestmark = pytest.mark.django_db


class WritingView(VerifiedEmailRequiredMixin, View):
    def post(self, request):
        return HttpResponse("written")


def post_as(rf, user):
    request = rf.post("/write/")
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return WritingView.as_view()(request)


def test_only_a_member_with_a_confirmed_address_writes(rf):
    confirmed = post_as(rf, make_user())
    unconfirmed = post_as(rf, make_user(verified=False))

    assert confirmed.content == b"written"
    assert unconfirmed.status_code == 200
    assert b"written" not in unconfirmed.content


def test_each_app_adds_what_it_keeps_about_a_member(monkeypatch):
    # A copy of the apps' collectors, so that this one does not outlive the test.
    monkeypatch.setattr(personal_data, "collectors", {**personal_data.collectors})
    member = make_user()

    @personal_data.collects("notes")
    def notes(user):
        return [f"a note by {user.username}"]

    data = personal_data.personal_data(member)

    assert data["notes"] == [f"a note by {member.username}"]
    assert data["account"]["username"] == member.username
