"""An operation runs once per user and key; a failed one leaves no key behind."""

from __future__ import annotations

from datetime import timedelta

import pytest

from haven.apps.errors import InvalidInputError
from haven.apps.operations.idempotency import (
    IdempotencyKeyReusedError,
    idempotency_keys_expire,
    idempotent_call,
    request_hash,
)
from haven.apps.operations.models import IdempotencyKey
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


def test_the_request_hash_ignores_key_order_but_not_values():
    one = request_hash(method="post", path="/a/", body={"x": 1, "y": [1, 2]})
    same = request_hash(method="POST", path="/a/", body={"y": [1, 2], "x": 1})
    other = request_hash(method="POST", path="/a/", body={"y": [2, 1], "x": 1})
    elsewhere = request_hash(method="POST", path="/b/", body={"y": [1, 2], "x": 1})
    assert one == same
    assert len({one, other, elsewhere}) == 3


def test_a_second_call_replays_the_first_response_without_running(make_user):
    user = make_user()
    runs = []

    def operation():
        runs.append(1)
        return 201, {"id": len(runs)}

    first = idempotent_call(
        user_id=user.pk, key="k", fingerprint="h", operation=operation, now=NOW
    )
    second = idempotent_call(
        user_id=user.pk, key="k", fingerprint="h", operation=operation, now=NOW
    )
    assert (first.status_code, first.body, first.replayed) == (201, {"id": 1}, False)
    assert (second.status_code, second.body, second.replayed) == (201, {"id": 1}, True)
    assert len(runs) == 1


def test_another_request_under_the_same_key_is_refused(make_user):
    user = make_user()
    idempotent_call(
        user_id=user.pk, key="k", fingerprint="h1", operation=lambda: (201, {}), now=NOW
    )
    with pytest.raises(IdempotencyKeyReusedError) as refused:
        idempotent_call(
            user_id=user.pk,
            key="k",
            fingerprint="h2",
            operation=lambda: (201, {}),
            now=NOW,
        )
    assert refused.value.status == 422


def test_an_operation_that_fails_stores_no_key(make_user):
    user = make_user()

    def failing():
        raise InvalidInputError("no")

    with pytest.raises(InvalidInputError):
        idempotent_call(
            user_id=user.pk, key="k", fingerprint="h", operation=failing, now=NOW
        )
    assert not IdempotencyKey.objects.exists()


@pytest.mark.parametrize("key", ["", "   ", "x" * 256, "tab\there"])
def test_a_key_must_be_short_printable_text(make_user, key):
    with pytest.raises(InvalidInputError):
        idempotent_call(
            user_id=make_user().pk,
            key=key,
            fingerprint="h",
            operation=lambda: (201, {}),
            now=NOW,
        )


def test_keys_older_than_a_day_are_deleted(make_user):
    user = make_user()
    for key, at in (("old", NOW - timedelta(hours=25)), ("new", NOW)):
        idempotent_call(
            user_id=user.pk,
            key=key,
            fingerprint="h",
            operation=lambda: (201, {}),
            now=at,
        )
    assert idempotency_keys_expire(now=NOW) == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]
