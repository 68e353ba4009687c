"""The one type for who acts, and the role it carries into the policy's questions."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from haven.apps.accounts.roles import may_erase, may_hold
from haven.apps.core.actors import Actor, role_of
from haven.apps.errors import PermissionDeniedError


def test_a_member_of_staff_acts_under_their_name_id_role_agency_and_team(make_user):
    user = make_user("supervisor", username="amina", agency="OFII", team="east")
    assert Actor.of_user(user) == Actor(
        name="amina", user_id=user.pk, role="supervisor", agency="OFII", team="east"
    )


def test_a_request_acts_as_the_user_behind_it(make_user):
    user = make_user("caseworker")
    request = RequestFactory().get("/")
    request.user = user
    assert Actor.of_request(request) == Actor.of_user(user)


def test_a_disabled_account_acts_without_a_role(make_user):
    user = make_user("supervisor")
    user.is_active = False
    assert Actor.of_user(user).role == ""
    assert role_of(user) is None


def test_an_anonymous_visitor_has_no_role():
    assert role_of(AnonymousUser()) is None


def test_the_policy_asks_an_actor_what_it_asks_the_user(make_user):
    # policy.toml grants erase and hold to supervisors, not to caseworkers.
    supervisor, caseworker = make_user("supervisor"), make_user("caseworker")
    for user in (supervisor, caseworker):
        actor = Actor.of_user(user)
        assert role_of(actor) == role_of(user)
        assert may_erase(actor) is may_erase(user)
        assert may_hold(actor) is may_hold(user)
    assert may_erase(Actor.of_user(supervisor)) is True
    assert may_erase(Actor.of_user(caseworker)) is False
    assert may_erase(Actor(name="retention-job")) is False


def test_only_a_member_of_staff_has_a_staff_id(make_user):
    user = make_user()
    assert Actor.of_user(user).staff_id == user.pk
    with pytest.raises(PermissionDeniedError, match="import:camp.csv"):
        _ = Actor(name="import:camp.csv").staff_id
