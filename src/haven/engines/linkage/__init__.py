"""
Family tracing and deduplication: name normalisation and record linkage.

Name functions (:func:`transliterate`, :func:`name_tokens`,
:func:`phonetic_key`, :func:`search_keys`) are pure Python and import nothing
heavy, so web requests can use them freely.
"""

from haven.engines.linkage.errors import (
    InvalidRecordsError,
    LinkageError,
    TrainingError,
)
from haven.engines.linkage.normalise import name_tokens, search_keys
from haven.engines.linkage.phonetic import phonetic_key, phonetic_keys
from haven.engines.linkage.transliteration import transliterate

__all__ = [
    "InvalidRecordsError",
    "LinkageError",
    "TrainingError",
    "name_tokens",
    "phonetic_key",
    "phonetic_keys",
    "search_keys",
    "transliterate",
]
