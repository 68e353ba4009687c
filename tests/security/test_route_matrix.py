"""
T-S1: every route × method × role × relation to the record, against the policy.

specs/security.md T-S1 (ASVS 5.0 8.1.1, 8.2.1, 8.2.2, 8.4.1): enumerate every URL
pattern, call it with each method as each of the 10 roles (and anonymously), on
records that are the caller's own, their team's, their agency's and another
agency's. The status must be what policy.toml says: a role without the action
gets 403, a record outside the scope 404, a method the route does not list 405,
and an allowed call anything but those, never a 5xx. A route with no policy
entry fails the test.
"""

from __future__ import annotations

from collections import Counter

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from haven.apps.accounts.models import User
from haven.apps.accounts.policy import policy
from tests.security.world import AGENCY, REACH, RELATIONS, TEAM, build_world

pytestmark = pytest.mark.django_db

ROLES = tuple(User.Role.values)
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
# Routes whose call ends or opens the session itself; they are public or
# session-only, and checked apart.
SESSION_ENDING = {"accounts:logout", "accounts:login", "accounts:login_verify"}
# Routes that run a slow engine on every call, taken once per role only.
SLOW = {"tracing:duplicate_scan"}


def _patterns(resolver: URLResolver | None = None, namespace: str = ""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
            yield from _patterns(pattern, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}", pattern


def _url(name: str, pattern: URLPattern, world, object_kwargs) -> str:
    keys = set(pattern.pattern.converters)
    route = policy().routes[name]
    kwargs: dict[str, object] = {}
    if route.object_resource:
        kwargs.update(object_kwargs[route.object_resource])
    for key in keys - set(kwargs):
        kwargs[key] = {
            "entry_pk": world.entry.pk,
            "action": "missing",
            "key": world.location.key,
            "consent_pk": world.consent.pk,
        }.get(key)
    if name.startswith(("transfers:", "v1:manifest", "v1:custody")) and "pk" in keys:
        kwargs["pk"] = world.manifest.pk
    if name in ("transfers:alert_escalate", "v1:alert_escalate"):
        kwargs["pk"] = world.alert.pk
    if name in ("placements:run_detail", "v1:allocation_run_detail") or (
        name == "v1:run_override_create"
    ):
        kwargs["pk"] = world.run.pk
    if name.startswith("accounts:user_") and "pk" in keys:
        kwargs["pk"] = User.objects.order_by("pk").values_list("pk", flat=True)[0]
    if name == "cases:request_transition":
        kwargs["request_pk"] = world.dublin_request.pk
    return reverse(name, kwargs={k: kwargs[k] for k in keys})


def _expected(name: str, method: str, role: str | None, relation: str) -> str:
    route = policy().routes[name]
    if route.public:
        return "allow"
    if role is None:
        return "login"
    if route.session:
        return "allow"
    need = route.need(method)
    if need is None:
        return "405"
    scope = policy().scope(role, *need)
    if scope is None:
        return "403"
    if need[1] in ("create", "update") and not route.writes <= policy().groups(
        role, "person", "write"
    ):
        return "403"
    if route.object_resource and relation not in REACH[scope]:
        return "404"
    return "allow"


def _outcome(name: str, response) -> str:
    status = response.status_code
    if status >= 500:
        return f"5xx:{status}"
    if status == 401 or (
        status == 302 and "/accounts/login/" in response.get("Location", "")
    ):
        return "login"
    if status in (403, 404, 405):
        return str(status)
    return "allow"


def _call(client: Client, method: str, url: str):
    call = getattr(client, method.lower())
    if method in ("GET", "DELETE"):
        return call(url)
    return call(url, {}, content_type="application/json")


def test_every_route_answers_every_role_as_the_policy_says(camp, record_property):
    world = build_world(camp[1])
    object_kwargs = world.kwargs()
    routes = list(_patterns())
    named = {name for name, _ in routes}
    assert named == set(policy().routes), "every route has exactly one policy entry"
    users = {
        role: User.objects.create_user(
            f"matrix-{role}", role=role, agency=AGENCY, team=TEAM
        )
        for role in ROLES
    }
    mismatches: list[str] = []
    calls: Counter[str] = Counter()
    covered: set[str] = set()
    for role in (*ROLES, None):
        client = Client()
        if role is not None:
            client.force_login(users[role])
        for relation in RELATIONS:
            world.hold(relation, users[role] if role else users["caseworker"])
            for name, pattern in routes:
                if name in SESSION_ENDING:
                    continue
                route = policy().routes[name]
                if relation != "own" and not route.object_resource:
                    continue  # the relation changes nothing for this route
                if name in SLOW and (role is None or relation != "own"):
                    continue
                url = _url(name, pattern, world, object_kwargs)
                for method in METHODS:
                    if route.public or route.session:
                        if method != "GET":
                            continue  # what a public page does is its own affair
                    elif method not in route.methods and method != "DELETE":
                        continue
                    want = _expected(name, method, role, relation)
                    got = _outcome(name, _call(client, method, url))
                    calls[got] += 1
                    covered.add(name)
                    if got != want:
                        mismatches.append(
                            f"{method} {name} as {role} on {relation}: "
                            f"got {got}, policy says {want}"
                        )
    record_property("routes", len(covered))
    record_property("calls", dict(calls))
    assert covered >= named - SESSION_ENDING
    assert not [m for m in mismatches if "5xx" in m], mismatches
    assert mismatches == [], f"{len(mismatches)} mismatches:\n" + "\n".join(
        mismatches[:60]
    )
    for outcome in ("403", "404", "405", "allow"):
        assert calls[outcome], outcome


def test_a_route_the_policy_does_not_name_is_refused(client, make_user, settings):
    """Fail closed: a new route without a policy entry answers 403, not its view."""
    from django.http import HttpResponse
    from django.urls import path

    from haven.config import urls

    def secret(request):
        return HttpResponse("secret")

    settings.ROOT_URLCONF = type(
        "Urls",
        (),
        {"urlpatterns": [*urls.urlpatterns, path("unnamed/", secret, name="new")]},
    )
    client.force_login(make_user("protection_specialist"))
    response = client.get("/unnamed/")
    assert response.status_code == 403
    assert b"secret" not in response.content


def test_the_start_up_check_names_routes_missing_from_the_policy(settings):
    from django.urls import path

    from haven.apps.accounts.checks import policy_covers_routes
    from haven.config import urls

    settings.ROOT_URLCONF = type(
        "Urls",
        (),
        {"urlpatterns": [*urls.urlpatterns, path("x/", lambda r: None, name="x")]},
    )
    errors = policy_covers_routes()
    assert [e.id for e in errors] == ["haven.E102"]
    assert "'x'" in errors[0].msg
