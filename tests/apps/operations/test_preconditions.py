"""If-Match names versions by strong ETag; a write names a version or is refused."""

from __future__ import annotations

import pytest

from haven.apps.operations.preconditions import (
    PreconditionFailedError,
    PreconditionRequiredError,
    entity_tag,
    expected_version,
    if_match_versions,
)


def test_an_etag_names_the_kind_the_record_and_the_version():
    assert entity_tag(kind="person", pk=7, version=3) == '"person-7-v3"'


@pytest.mark.parametrize(
    ("header", "versions"),
    [
        (None, None),
        ("", None),
        ("*", None),
        ('"person-7-v3"', [3]),
        ('"person-7-v3", "person-7-v4"', [3, 4]),
        ('W/"person-7-v3"', []),
        ('"person-8-v3"', []),
        ('"person-7-vx"', []),
    ],
)
def test_if_match_is_read_as_versions_of_this_record(header, versions):
    assert if_match_versions(header, kind="person", pk=7) == versions


def test_a_malformed_if_match_is_a_failed_precondition():
    with pytest.raises(PreconditionFailedError):
        if_match_versions("person-7-v3", kind="person", pk=7)


def test_the_expected_version_comes_from_if_match_then_the_body():
    assert expected_version(if_match=[3], body_version=None, current=3) == 3
    assert expected_version(if_match=None, body_version=2, current=3) == 2
    with pytest.raises(PreconditionFailedError):
        expected_version(if_match=[2], body_version=None, current=3)
    with pytest.raises(PreconditionFailedError):
        expected_version(if_match=[], body_version=None, current=3)
    with pytest.raises(PreconditionFailedError):
        expected_version(if_match=[3], body_version=2, current=3)
    with pytest.raises(PreconditionRequiredError):
        expected_version(if_match=None, body_version=None, current=3)
