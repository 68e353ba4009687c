"""
Optimistic locking over HTTP: ETags from record versions, and ``If-Match``.

A record's ETag is a strong validator built from its kind, id and ``version``; a
write names the version it started from in ``If-Match`` (RFC 9110 §13.1.1) or in
the body, and is refused when that version is no longer current
(specs/security.md R-19). These helpers only read header values, so any door can use
them.
"""

from __future__ import annotations

import re

from haven.apps.errors import ApplicationError

_ENTITY_TAG = re.compile(r'\s*(W/)?"([^"]*)"\s*(?:,|$)')


class PreconditionFailedError(ApplicationError):
    """The ``If-Match`` version is not the record's current version."""

    code = "precondition_failed"
    status = 412


class PreconditionRequiredError(ApplicationError):
    """A write named no version to start from, so it could overwrite blindly."""

    code = "precondition_required"
    status = 428


def entity_tag(*, kind: str, pk: int, version: int) -> str:
    """Return the quoted strong ETag of one version of a record."""
    return f'"{kind}-{pk}-v{version}"'


def if_match_versions(header: str | None, *, kind: str, pk: int) -> list[int] | None:
    """
    Return the versions an ``If-Match`` header names for this record.

    ``None`` means no header, or ``*`` (which names no version). Weak tags never
    match (RFC 9110 §13.1.1 uses the strong comparison), and tags of another record
    name no version of this one, so both give an empty list, which can never match.
    """
    if header is None or not header.strip() or header.strip() == "*":
        return None
    prefix = f"{kind}-{pk}-v"
    versions: list[int] = []
    position = 0
    while position < len(header):
        match = _ENTITY_TAG.match(header, position)
        if match is None:
            raise PreconditionFailedError(
                "the If-Match header is not a list of entity tags",
                field_errors={"If-Match": ["use the ETag of the record as sent"]},
            )
        position = match.end()
        weak, tag = match.group(1), match.group(2)
        if weak or not tag.startswith(prefix) or not tag[len(prefix) :].isdigit():
            continue
        versions.append(int(tag[len(prefix) :]))
    return versions


def expected_version(
    *, if_match: list[int] | None, body_version: int | None, current: int
) -> int:
    """
    Return the version a write starts from, or raise when it cannot go ahead.

    ``If-Match`` wins when given: a tag for the current version passes, anything
    else raises PreconditionFailedError (412). Without it the body's ``version`` is
    used (a stale one is refused later with 409). With neither, raise
    PreconditionRequiredError (428): nothing may overwrite blindly.
    """
    if if_match is not None:
        if current not in if_match:
            raise PreconditionFailedError(
                "the record changed since this version was read; nothing was saved",
                field_errors={
                    "If-Match": [f"the current ETag names version {current}"]
                },
            )
        if body_version is not None and body_version != current:
            raise PreconditionFailedError(
                "If-Match and the version in the body name different versions; "
                "nothing was saved",
                field_errors={"version": [f"If-Match names version {current}"]},
            )
        return current
    if body_version is None:
        raise PreconditionRequiredError(
            "name the version this change starts from; nothing was saved",
            field_errors={"If-Match": ["send the ETag read with the record"]},
        )
    return body_version
