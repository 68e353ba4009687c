"""
Answers every operation can give because of the access policy, added to the schema.

The policy middleware answers before any view (docs/adr/0025): 401 without a
session, 403 for a role without the action, 404 for a record outside the
reader's scope, 400 for a query parameter the route does not take, 405 for a
method it does not list. The views' own ``extend_schema`` cannot know these, so
this hook adds them, as problem+json, to every operation that lacks them, and
declares every problem answer under the media type it is sent with.
"""

from __future__ import annotations

from typing import Any

_PROBLEM = {"$ref": "#/components/schemas/Problem"}
_POLICY_ANSWERS = {
    "400": "A query parameter the operation does not take, or a malformed body.",
    "401": "No session, or a session that has not passed the second factor.",
    "403": "The role may not do this.",
    "404": "No such record, or one outside the reader's scope.",
}


def _problem_media_type(answer: dict[str, Any]) -> None:
    """Declare a problem answer under the media type it is sent with."""
    content = answer.get("content", {})
    plain = content.get("application/json")
    if plain is not None and plain.get("schema") == _PROBLEM:
        content["application/problem+json"] = content.pop("application/json")


def policy_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Add the access policy's problem answers to every operation."""
    if "Problem" not in result.get("components", {}).get("schemas", {}):
        return result
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            for answer in responses.values():
                _problem_media_type(answer)
            for status, description in _POLICY_ANSWERS.items():
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/problem+json": {"schema": _PROBLEM}},
                    },
                )
    return result
