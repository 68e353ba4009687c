"""Error pages keep the layout and its headers, and say nothing about any record."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.views.defaults import permission_denied

pytestmark = pytest.mark.django_db


def test_an_unknown_page_is_a_404_in_the_layout(client, make_user):
    client.force_login(make_user("caseworker"))
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body
    assert 'href="/"' in body or "Back to the start" in body
    assert "no-store" in response["Cache-Control"]


def test_an_unknown_page_needs_no_log_in_to_say_so(client):
    response = client.get("/no-such-page/")
    assert response.status_code in (302, 404)
    if response.status_code == 404:
        assert "Page not found" in response.content.decode()


def test_a_refused_page_says_so_in_the_layout(make_user):
    request = RequestFactory().get("/somewhere/")
    request.user = make_user("registration_clerk")
    response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert "Not allowed" in response.content.decode()
