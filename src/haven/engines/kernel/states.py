"""
State codes: haven stores ISO 3166-1 alpha-2, and reads the EU's own codes as aliases.

The EU's interinstitutional style guide writes Greece ``EL`` and the United Kingdom
``UK``, and Eurostat's tables follow it; ISO 3166-1 alpha-2, which haven stores
everywhere (nationalities, requests, keys), has ``GR`` and ``GB``. A user who types the
EU's code gets the ISO one, and every front door says so with :func:`state_code_notes`.
This table is the one home of those aliases.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

# EU code -> ISO 3166-1 alpha-2 (EU interinstitutional style guide, section 7.1).
STATE_CODE_ALIASES: Mapping[str, str] = MappingProxyType({"EL": "GR", "UK": "GB"})


def normalise_state_code(text: str) -> str:
    """
    Return ``text`` as an upper-case ISO 3166-1 alpha-2 code, reading EU aliases.

    Validity (is it a state haven knows?) is the caller's question, not this one's.

    >>> normalise_state_code(" uk ")
    'GB'
    >>> normalise_state_code("el")
    'GR'
    >>> normalise_state_code("de")
    'DE'
    """
    code = text.strip().upper()
    return STATE_CODE_ALIASES.get(code, code)


def state_code_notes(texts: Iterable[str]) -> tuple[str, ...]:
    """
    Return one note per EU alias among ``texts``, saying which ISO code it was read as.

    >>> state_code_notes(["IT", "uk", "EL", "UK"])
    ('EL read as GR (ISO 3166-1)', 'UK read as GB (ISO 3166-1)')
    """
    aliases = {text.strip().upper() for text in texts} & set(STATE_CODE_ALIASES)
    return tuple(
        f"{alias} read as {STATE_CODE_ALIASES[alias]} (ISO 3166-1)"
        for alias in sorted(aliases)
    )
