"""The engine's version and a stable hash of the facts, for stored determinations."""

from __future__ import annotations

import hashlib
import json
from typing import Any

ENGINE_VERSION = "responsibility-1.1.0"


def canonical_json(facts_json: Any) -> str:
    """Return ``facts_json`` (a JSON text or a parsed value) as canonical JSON text."""
    value = (
        json.loads(facts_json) if isinstance(facts_json, str | bytes) else facts_json
    )
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def facts_hash(facts_json: Any) -> str:
    """
    Return the sha256 hex digest of the canonical JSON of the facts.

    Key order and whitespace do not change the hash.

    >>> facts_hash('{"b": 1, "a": 2}') == facts_hash({"a": 2, "b": 1})
    True
    """
    return hashlib.sha256(canonical_json(facts_json).encode("utf-8")).hexdigest()
