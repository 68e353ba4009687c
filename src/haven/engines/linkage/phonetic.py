"""
Phonetic keys that survive vowel, gemination and script variants of a name.

A key is a consonant skeleton over equivalence classes. Arabic script leaves
short vowels unwritten, so a key that ignores vowels is what lets "محمد" and
"Mohammed", "Muhammad", "Mohamed" and "Mohamad" meet. The classes merge sounds
that clerks of different languages write differently:

=========  ===========================================================
class      spellings merged
=========  ===========================================================
``h``      h, kh, Somali x (ح, ه, خ)
``j``      j, g, gh, dj (ج, گ, غ; Egyptian "Gamal" for "Jamal")
``k``      k, q, c, ck (ق, ك)
``x``      sh, ch, sch (ش, چ; French "Abdirachid")
``s``      s, ts, tz (Tigrinya ጸ)
``t``      t, th (ت, ط, ث)
``d``      d, dh; a final t is read as d ("Mahamat", "Ahmet")
``f``      f, ph, v (ڤ)
``b``      b, p (پ)
``z``      z, zh (ز, ظ, ژ)
=========  ===========================================================

Vowels are dropped, except that a word beginning with a vowel (or with 'ayn,
hamza or alef) keeps one ``a`` in front, so "Ahmed" (``ahmd``) and "Hamid"
(``hmd``) differ. A Latin diphthong ai/ei/ay/ey is kept as ``y``
("Hussein" → ``hsyn``, not "Hassan" → ``hsn``). A final h is dropped
("Fatimah", "Abdullah").

Where the script is ambiguous the key takes one reading and
:func:`phonetic_keys` lists the others. A waw or yeh written between two
consonants (which only happens in Arabic-derived spellings such as ``hsyn``)
may be a long vowel or a diphthong: yeh is read as a diphthong first
("حسين" = "Hussein") and waw as a long vowel first ("يوسف" = "Yusuf"), except
that a waw in a last syllable after two consonants is read as a vowel that
Latin spellings write as u, ou or oo ("محمود" = "Mahmoud" ≠ "Mohammed").

Keys are deliberately coarse; see :func:`haven.engines.linkage.search_keys`
for what that costs in precision.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from haven.engines.linkage.transliteration import transliterate

__all__ = ["coarse_key", "italian_keys", "phonetic_key", "phonetic_keys"]

_VOWELS: Final = frozenset("aeiou")
_SEMIVOWELS: Final = frozenset("wy")
_NOT_LETTER: Final = re.compile(r"[^a-z]+")

# Digraphs first, as upper-case placeholders so later rules leave them alone.
_DIGRAPHS: Final[tuple[tuple[str, str], ...]] = (
    ("sch", "X"),
    ("sh", "X"),
    ("ch", "X"),
    ("kh", "H"),
    ("gh", "J"),
    ("ph", "F"),
    ("th", "T"),
    ("dh", "D"),
    ("zh", "Z"),
    ("dj", "J"),
    ("dz", "Z"),
    ("ts", "S"),
    ("tz", "S"),
    ("ck", "K"),
)
_LETTER_CLASSES: Final = str.maketrans(
    {"q": "k", "c": "k", "g": "j", "v": "f", "p": "b", "x": "h"}
)
_DIPHTHONGS: Final[tuple[tuple[re.Pattern[str], str], ...]] = (
    # French "ou" before a vowel is a consonantal w: Ouahid, Marouane.
    (re.compile(r"ou(?=[aei])"), "w"),
    (re.compile(r"([aeo])i"), r"\1y"),
    (re.compile(r"ie(?![aeiou])"), "ay"),
    # "ia" after a consonant is a consonantal y: Mariam, Ziad.
    (re.compile(r"(?<=[^aeiou])ia"), "ya"),
    (re.compile(r"a[uo]"), "aw"),
)
_DOUBLES: Final = re.compile(r"(.)\1+")
_U_CLASS: Final = frozenset({"u", "o", "ou", "uo"})
_MAX_READINGS: Final = 8


def _somali(word: str) -> str:
    """Read Somali orthography: c is 'ayn (dropped), x is ħ."""
    if len(word) > 1 and word[0] == "c" and word[1] in _VOWELS:
        word = word[1:]
    if len(word) > 1 and word[-1] == "c" and word[-2] in _VOWELS:
        word = word[:-1]
    return word


def _classes(word: str) -> str:
    """Map digraphs and letters to their classes, then collapse geminates."""
    word = _somali(word)
    for digraph, mark in _DIGRAPHS:
        word = word.replace(digraph, mark)
    word = word.translate(_LETTER_CLASSES).lower()
    for pattern, replacement in _DIPHTHONGS:
        word = pattern.sub(replacement, word)
    return _DOUBLES.sub(r"\1", word)


def _is_consonant(word: str, i: int) -> bool:
    return 0 <= i < len(word) and word[i] not in _VOWELS and word[i] not in "wy"


def _closes_last_syllable(word: str, i: int) -> bool:
    """Whether position ``i`` is followed by exactly one final consonant and
    preceded by two consonants (a closed syllable before it)."""
    return (
        i == len(word) - 2
        and _is_consonant(word, i + 1)
        and _is_consonant(word, i - 1)
        and _is_consonant(word, i - 2)
    )


def _skeletons(word: str) -> list[str]:
    """Return the readings of one class-mapped word, preferred first."""
    readings: list[list[str]] = [[]]
    if word and word[0] in _VOWELS:
        readings[0].append("a")
    i = 0
    while i < len(word):
        c = word[i]
        if c in _VOWELS:
            j = i
            while j < len(word) and word[j] in _VOWELS:
                j += 1
            group = word[i:j]
            # A u-class vowel closing a last syllable after a consonant cluster
            # is the long vowel that Arabic script writes as waw (Mahmoud).
            if (
                i > 0
                and group in _U_CLASS
                and _closes_last_syllable(word[:i] + "u" + word[j:], i)
            ):
                for r in readings:
                    r.append("w")
            i = j
            continue
        if c in _SEMIVOWELS and i > 0:
            prev_vowel = word[i - 1] in _VOWELS
            next_vowel = i + 1 < len(word) and word[i + 1] in _VOWELS
            if prev_vowel or next_vowel:
                for r in readings:
                    r.append(c)
            elif i + 1 < len(word):
                keep_first = c == "y" or _closes_last_syllable(word, i)
                kept = [r + [c] for r in readings]
                dropped = [r[:] for r in readings]
                both = kept + dropped if keep_first else dropped + kept
                # A long token could double its readings many times; the first
                # few (the preferred reading and its near variants) are enough.
                readings = both[:_MAX_READINGS]
        else:
            for r in readings:
                r.append(c)
        i += 1
    out: list[str] = []
    for r in readings:
        key = "".join(r)
        if len(key) > 1 and key.endswith("h"):
            key = key[:-1]
        if len(key) > 1 and key.endswith("t"):
            key = key[:-1] + "d"
        if key not in out:
            out.append(key)
    return out


@lru_cache(maxsize=65536)
def phonetic_keys(token: str) -> tuple[str, ...]:
    """
    Return every reading of ``token`` as a key, the preferred one first.

    Latin spellings have one reading. A token written in (or transliterated
    from) Arabic script may have several, because waw and yeh between
    consonants can be vowels or consonants. Returns ``()`` for a token
    without letters.

    >>> phonetic_keys("Mohammed")
    ('mhmd',)
    >>> phonetic_keys("سمير")
    ('smyr', 'smr')
    """
    word = _NOT_LETTER.sub("", transliterate(token))
    if not word:
        return ()
    return tuple(_skeletons(_classes(word)))


def phonetic_key(token: str) -> str:
    """
    Return the preferred phonetic key of one name token, in any script.

    >>> phonetic_key("محمد") == phonetic_key("Muhammad") == phonetic_key("Mohamed")
    True
    >>> phonetic_key("Hussein") == phonetic_key("حسين") != phonetic_key("Hassan")
    True
    """
    keys = phonetic_keys(token)
    return keys[0] if keys else ""


# Italian clerks write sh as sc(i), j as g(i), ch as c(i), and k as ch:
# "Abdirascid", "Giafar", "Ciaman", "Michele". Digraphs go to placeholders
# first so that one rule's output is not read by the next.
_ITALIAN: Final[tuple[tuple[re.Pattern[str], str], ...]] = (
    (re.compile(r"ch"), "K"),
    (re.compile(r"gh"), "G"),
    (re.compile(r"sci(?=[aou])|sc(?=[ei])"), "S"),
    (re.compile(r"gi(?=[aou])"), "J"),
    (re.compile(r"ci(?=[aou])|c(?=[ei])"), "C"),
)
_ITALIAN_SOUNDS: Final = str.maketrans(
    {"K": "k", "G": "g", "S": "sh", "J": "j", "C": "ch"}
)
_ITALIAN_MARK: Final = re.compile(r"ch|gh|sc[ie]|gi[aou]|c[ie]")


@lru_cache(maxsize=65536)
def italian_keys(token: str) -> tuple[str, ...]:
    """
    Return the keys of ``token`` read in Italian orthography, if it differs.

    Names romanised by Italian clerks (Eritrea, Somalia) spell sounds that
    :func:`phonetic_keys` reads in English and French ways; this reading is
    an extra one, never the preferred key, so search keys do not change.

    >>> italian_keys("Basciro") == phonetic_keys("Bashiro")
    True
    >>> italian_keys("Giafar") == phonetic_keys("Jafar")
    True
    >>> italian_keys("Ahmed")
    ()
    """
    word = _NOT_LETTER.sub("", transliterate(token))
    if not _ITALIAN_MARK.search(word):
        return ()
    for pattern, mark in _ITALIAN:
        word = pattern.sub(mark, word)
    keys = tuple(_skeletons(_classes(word.translate(_ITALIAN_SOUNDS))))
    return () if keys == phonetic_keys(token) else keys


_COARSE_DROP: Final = frozenset("aeiouy")


@lru_cache(maxsize=65536)
def coarse_key(token: str) -> str:
    """
    Return a coarser key than :func:`phonetic_key`, for blocking and a weak level.

    It keeps the consonant classes but reads every w as f (Parwiz, Parviz;
    Nawid, Naveed), drops y and w wherever the fine key had to guess whether
    they are vowels (Filmon, Filemon; Mahmud, Mohamed) and drops the vowel
    marker in front (Ebrahim, Brahim). A leading y stays (Yusuf is not Saif).
    Names that clerks never confuse share it too (Ahmed and Hamid), so it is
    only evidence together with other fields.

    >>> coarse_key("Parwiz") == coarse_key("Parviz")
    True
    >>> coarse_key("Filmon") == coarse_key("Filemon") == "flmn"
    True
    >>> coarse_key("Ebrahim") == coarse_key("Brahim")
    True
    """
    word = _NOT_LETTER.sub("", transliterate(token))
    if not word:
        return ""
    word = _classes(word).replace("w", "f")
    key = word[0] if word[0] == "y" else ""
    key += "".join(c for c in word[len(key) :] if c not in _COARSE_DROP)
    key = _DOUBLES.sub(r"\1", key)
    if len(key) > 1 and key.endswith("h"):
        key = key[:-1]
    if len(key) > 1 and key.endswith("t"):
        key = key[:-1] + "d"
    return key
