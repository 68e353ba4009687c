"""
T-R1, T-R2 and T-R4 through the HTTP API: 16 and 32 client processes, gunicorn.

Every acknowledged write must be found exactly once; a stale write must be refused
every time; a scarce thing must go to exactly one claimant; a repeated POST must
create one record. They run on SQLite and, with DATABASE_URL, on PostgreSQL.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import random
from collections import Counter
from datetime import UTC, datetime

import pytest

from haven.apps.core.actors import Actor
from haven.apps.people.models import Bed, Location, Person, Registration
from haven.apps.people.services import person_register
from tests.apps.people.builders import person_input, registration_input
from tests.reliability.client import http_call

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

WORKERS = 16
OPERATIONS = 8
HOT = 10
CLAIMS = 32
NOW = datetime(2016, 10, 24, 8, 0, tzinfo=UTC)
_fork = multiprocessing.get_context("fork")


def _fan_out(target, args_list):
    """Run ``target(*args, barrier, results)`` in one process each; gather results."""
    barrier = _fork.Barrier(len(args_list))
    results = _fork.Queue()
    processes = [
        _fork.Process(target=target, args=(*args, barrier, results))
        for args in args_list
    ]
    for process in processes:
        process.start()
    gathered = [results.get(timeout=240) for _ in processes]
    for process in processes:
        process.join(timeout=30)
        assert process.exitcode == 0
    return gathered


def _update_body(person, place_of_origin):
    return {
        "name": {
            "given_name": person["given_name"],
            "father_name": person["father_name"],
            "grandfather_name": person["grandfather_name"],
            "family_name": person["family_name"],
            "native": person["name_native"],
        },
        "sex": person["sex"],
        "date_of_birth": person["date_of_birth"],
        "dob_precision": person["dob_precision"],
        "age_dispute": person["age_dispute"],
        "nationalities": person["nationalities"],
        "languages": person["languages"],
        "phone": person["phone"],
        "place_of_origin": place_of_origin,
        "child_status": person["child_status"],
    }


def _appender(port, headers, worker, hot_ids, barrier, results):
    """Append unique tokens to hot people's records by read, modify, If-Match write."""
    rng = random.Random(worker)
    acknowledged, stale, statuses, retries = [], [], Counter(), 0
    barrier.wait()
    for op in range(OPERATIONS):
        pk = rng.choice(hot_ids)
        token = f"w{worker:02d}o{op:02d}"
        path = f"/api/v1/people/{pk}/"
        for _attempt in range(200):
            status, got, person = http_call(port, "GET", path, headers=headers)
            statuses[status] += 1
            etag = got["ETag"]
            place = f"{person['place_of_origin']} {token}".strip()
            status, _, _ = http_call(
                port,
                "PUT",
                path,
                _update_body(person, place),
                {**headers, "If-Match": etag},
            )
            statuses[status] += 1
            if status == 200:
                acknowledged.append((pk, token))
                break
            retries += 1
        else:
            break
        # The version this worker read is now stale (its own write followed it): a
        # write starting from it must be refused, by If-Match or by the body.
        stale_token = f"s{worker:02d}o{op:02d}"
        body = _update_body(person, f"{person['place_of_origin']} {stale_token}")
        if op % 2:
            status, _, _ = http_call(
                port, "PUT", path, body, {**headers, "If-Match": etag}
            )
        else:
            body["version"] = person["version"]
            status, _, _ = http_call(port, "PUT", path, body, headers)
        statuses[status] += 1
        stale.append((stale_token, status, 412 if op % 2 else 409))
    results.put((acknowledged, stale, dict(statuses), retries))


def test_t_r1_no_acknowledged_update_is_lost_and_every_stale_edit_is_refused(
    server, session_of, record_property
):
    headers = session_of("caseworker")
    hot = [
        person_register(
            person=person_input(place_of_origin=""),
            registration=registration_input(external_id=f"hot-{n}"),
            actor=Actor(name="setup", agency="Safe Passage", team="north"),
            now=NOW,
        ).pk
        for n in range(HOT)
    ]
    outcomes = _fan_out(
        _appender, [(server, headers, worker, hot) for worker in range(WORKERS)]
    )
    acknowledged = [ack for outcome in outcomes for ack in outcome[0]]
    stale = [s for outcome in outcomes for s in outcome[1]]
    statuses = sum((Counter(outcome[2]) for outcome in outcomes), Counter())
    retries = sum(outcome[3] for outcome in outcomes)

    assert len(acknowledged) == WORKERS * OPERATIONS
    assert not [code for code in statuses if code >= 500]
    for pk in hot:
        person = Person.objects.get(pk=pk)
        tokens = person.place_of_origin.split()
        mine = sorted(token for owner, token in acknowledged if owner == pk)
        assert sorted(tokens) == mine  # each acknowledged token exactly once
        assert person.version == 1 + len(mine)  # one increment per acknowledged write
    refused = [status == expected for _, status, expected in stale]
    assert len(refused) == WORKERS * OPERATIONS
    assert all(refused), Counter((s, e) for _, s, e in stale)
    all_text = " ".join(Person.objects.values_list("place_of_origin", flat=True))
    assert not [token for token, _, _ in stale if token in all_text]
    record_property("acknowledged_updates", len(acknowledged))
    record_property("conflicts_retried", retries)
    record_property("stale_edits_refused", f"{sum(refused)}/{len(refused)}")


def _claim(port, headers, method, path, body, extra, barrier, results):
    barrier.wait()
    status, _, answer = http_call(port, method, path, body, {**headers, **extra})
    results.put((status, answer))


def _people(n):
    return [
        person_register(
            person=person_input(),
            registration=registration_input(external_id=f"claimant-{i}"),
            actor=Actor(name="setup", agency="Safe Passage", team="north"),
            now=NOW,
        ).pk
        for i in range(n)
    ]


def test_t_r2_thirty_two_claims_of_one_bed_give_it_to_exactly_one(server, session_of):
    headers = session_of("caseworker")
    Location.objects.create(
        key="cao-one", name="CAO", kind="centre", country="FR", capacity=10
    )
    claimants = _people(CLAIMS)
    outcomes = _fan_out(
        _claim,
        [
            (
                server,
                headers,
                "POST",
                "/api/v1/locations/cao-one/beds/",
                {"person": pk, "number": 1},
                {},
            )
            for pk in claimants
        ],
    )
    statuses = Counter(status for status, _ in outcomes)
    assert statuses == {201: 1, 409: CLAIMS - 1}
    assert Bed.objects.filter(person__isnull=False).count() == 1
    assert Person.objects.filter(housed_at__key="cao-one").count() == 1


def test_t_r2_thirty_two_claims_on_five_beds_fill_exactly_five(server, session_of):
    headers = session_of("caseworker")
    Location.objects.create(
        key="cao-five", name="CAO", kind="centre", country="FR", capacity=5
    )
    claimants = _people(CLAIMS)
    outcomes = _fan_out(
        _claim,
        [
            (
                server,
                headers,
                "POST",
                "/api/v1/locations/cao-five/beds/",
                {"person": pk},
                {},
            )
            for pk in claimants
        ],
    )
    statuses = Counter(status for status, _ in outcomes)
    assert statuses == {201: 5, 409: CLAIMS - 5}
    numbers = sorted(answer["number"] for status, answer in outcomes if status == 201)
    assert numbers == [1, 2, 3, 4, 5]
    assert Bed.objects.filter(person__isnull=False).count() == 5


REGISTRATION = {
    "source_kind": "state_authority",
    "source_name": "Préfecture du Pas-de-Calais",
    "registered_by": "clerk-1",
    "registered_at": "2016-10-20T10:00:00Z",
    "external_id": "PDC-0001",
}
PERSON = {
    "name": {"given_name": "Ahmed", "native": "أحمد"},
    "sex": "M",
    "date_of_birth": "1990-01-01",
    "dob_precision": "year",
    "nationalities": ["SD"],
}


def test_t_r2_thirty_two_registrations_of_one_identity_store_exactly_one(
    server, session_of
):
    headers = session_of("registration_clerk")
    body = {"person": PERSON, "registration": REGISTRATION}
    outcomes = _fan_out(
        _claim, [(server, headers, "POST", "/api/v1/people/", body, {})] * CLAIMS
    )
    statuses = Counter(status for status, _ in outcomes)
    assert statuses == {201: 1, 409: CLAIMS - 1}
    assert Registration.objects.filter(external_id="PDC-0001").count() == 1
    assert Person.objects.count() == 1


def test_t_r4_ten_posts_with_one_key_create_one_person(server, session_of):
    headers = session_of("registration_clerk")
    body = {"person": PERSON, "registration": {**REGISTRATION, "external_id": ""}}
    key = {"Idempotency-Key": "3f0c7a52-9d4e-4d1b-a7f1-8f1f3c2d9e10"}
    # A client that gave up waiting: the server still finishes and stores the answer,
    # and the retries below get it.
    with contextlib.suppress(TimeoutError):
        http_call(server, "POST", "/api/v1/people/", body, {**headers, **key}, 0.02)
    concurrent = _fan_out(
        _claim, [(server, headers, "POST", "/api/v1/people/", body, key)] * 5
    )
    sequential = [
        http_call(server, "POST", "/api/v1/people/", body, {**headers, **key})
        for _ in range(4)
    ]
    answers = [(status, answer) for status, answer in concurrent] + [
        (status, answer) for status, _, answer in sequential
    ]
    assert {status for status, _ in answers} == {201}
    assert len({answer["id"] for _, answer in answers}) == 1
    assert Person.objects.count() == 1
    other = http_call(
        server,
        "POST",
        "/api/v1/people/",
        {**body, "person": {**PERSON, "sex": "F"}},
        {**headers, **key},
    )
    assert other[0] == 422
    assert Person.objects.count() == 1
