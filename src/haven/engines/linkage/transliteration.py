"""
Transliteration of names in any script to lower-case ASCII.

DuckDB (and therefore Splink on DuckDB) measures string distances on bytes, not
characters, so every name is brought to ASCII before it is compared. Latin,
Ge'ez and most other scripts go through ``anyascii``. Arabic and Perso-Arabic
script get their own table, because a generic table drops the alef, writes the
'ayn as a backtick and cannot tell a consonantal waw or yeh from a long vowel.

The Arabic table writes what the script shows and nothing more: short vowels
are not written in names, so "محمد" becomes ``mhmd``. Matching across scripts
is the job of :mod:`haven.engines.linkage.phonetic`, which reduces both sides
to a consonant skeleton. The conventions it relies on:

- waw and yeh are written ``w`` and ``y`` wherever they may be consonants
  (word-initial, beside an alef, or between two consonants) and ``u`` and ``i``
  at the end of a word, where they can only be long vowels;
- the 'ayn is dropped inside a word and read as a vowel at its start
  ("عمر" → ``amr``, "عيسى" → ``isa``);
- alef, alef maqsura and ta marbuta are ``a``; hamza seats are vowels;
- the article is written ``al-`` so that name parsing can see it, and
  "الله" is written ``allah``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from anyascii import anyascii

__all__ = ["is_arabic_script", "transliterate"]

# Letters of the Arabic block and its supplements, with presentation forms
# folded by NFKC before this is used.
_ARABIC_WORD: Final = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]+")

# Harakat, Quranic annotation marks and tatweel carry no consonant.
_ARABIC_MARKS: Final = re.compile(r"[\u0610-\u061a\u064b-\u065f\u06d6-\u06ed\u0640]")

_ALEFS: Final = frozenset("اأإآٱٲٳ")
_WAWS: Final = frozenset("وۆۇۈۉۋ")
_YEHS: Final = frozenset("يیېێۍےئ")
_AYNS: Final = frozenset("ع")

# Consonants and fixed vowels. Waw, yeh and 'ayn depend on their position and
# are handled in code.
_ARABIC_LETTERS: Final[dict[str, str]] = {
    "ا": "a",
    "أ": "a",
    "إ": "i",
    "آ": "a",
    "ٱ": "a",
    "ٲ": "a",
    "ٳ": "i",
    "ء": "",
    "ؤ": "o",
    "ئ": "e",
    "ى": "a",
    "ة": "a",
    "ۀ": "a",
    "ە": "e",
    "ب": "b",
    "پ": "p",
    "ت": "t",
    "ټ": "t",
    "ٹ": "t",
    "ث": "th",
    "ج": "j",
    "چ": "ch",
    "ح": "h",
    "خ": "kh",
    "ځ": "dz",
    "څ": "ts",
    "د": "d",
    "ډ": "d",
    "ڈ": "d",
    "ذ": "dh",
    "ر": "r",
    "ړ": "r",
    "ڕ": "r",
    "ڑ": "r",
    "ز": "z",
    "ژ": "zh",
    "ږ": "zh",
    "س": "s",
    "ش": "sh",
    "ښ": "sh",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "غ": "gh",
    "ف": "f",
    "ڤ": "v",
    "ق": "q",
    "ك": "k",
    "ک": "k",
    "گ": "g",
    "ګ": "g",
    "ل": "l",
    "ڵ": "l",
    "م": "m",
    "ن": "n",
    "ڼ": "n",
    "ں": "n",
    "ه": "h",
    "ہ": "h",
    "ھ": "h",
}

_ALLAH: Final = "الله"
_ARTICLE: Final = "ال"
# Words that begin with the letters alef-lam without carrying the article.
_NOT_ARTICLE: Final = frozenset({"الياس", "الهام", "الماس", "الفت", "الطاف"})

# Apostrophes, backticks and similar marks stand for 'ayn, hamza or ejectives
# inside a word and are dropped; any other sign separates words.
# Latin letters whose sound a generic table loses: Turkish, Kurdish (Kurmanji),
# Albanian and Azeri write ch as ç and sh as ş (Romanian ș), and anyascii would
# leave a bare c or s (Çiçek, Şükrü, Ayşe).
_LATIN_SOUNDS: Final = str.maketrans(
    {"ç": "ch", "Ç": "Ch", "ş": "sh", "Ş": "Sh", "ș": "sh", "Ș": "Sh"}
)
# Greek writes b, d and g at the start of a word as μπ, ντ and γκ (Μπασίρ,
# Ντάουντ), which a letter-by-letter table gives as mp, nt and gk.
_GREEK_INITIAL: Final = re.compile(r"(?<![^\W\d_])(μπ|ντ|γκ)", re.IGNORECASE)
_GREEK_SOUNDS: Final = {"μπ": "b", "ντ": "d", "γκ": "g"}
# Albanian xh and the Russian-style dzh both write the sound of English j
# (Xhemal, Dzhamal: Jamal).
_J_SPELLINGS: Final = re.compile(r"xh|dzh")
_MARKS: Final = re.compile(r"['`^~\"]+")
_SEPARATORS: Final = re.compile(r"[^a-z0-9\-]+")
_SPACES: Final = re.compile(r"\s+")
_HYPHENS: Final = re.compile(r"-{2,}")


def is_arabic_script(text: str) -> bool:
    """Return whether ``text`` contains a letter of the Arabic script."""
    return _ARABIC_WORD.search(unicodedata.normalize("NFKC", text)) is not None


def _arabic_letters(word: str) -> str:
    """Write one Arabic-script word (article and Allah already split off)."""
    letters = [c for i, c in enumerate(word) if c not in _AYNS or i == 0]
    out: list[str] = []
    i = 0
    if letters and letters[0] in _AYNS:
        # A word-initial 'ayn is heard as the vowel that follows it.
        nxt = letters[1] if len(letters) > 1 else ""
        if nxt in _YEHS:
            out.append("i")
            i = 2
        elif nxt in _WAWS:
            out.append("u")
            i = 2
        else:
            out.append("a")
            i = 1
    last = len(letters) - 1
    while i <= last:
        c = letters[i]
        if c in _WAWS or (c in _YEHS and c != "ئ"):
            consonant, vowel = ("w", "u") if c in _WAWS else ("y", "i")
            prev_vowel = bool(out) and out[-1][-1:] in ("a", "i", "u", "e", "o")
            next_alef = i < last and letters[i + 1] in _ALEFS | {"ى", "ة"}
            if i == 0 or prev_vowel or next_alef:
                out.append(consonant)
            elif i == last:
                out.append(vowel)
            else:
                out.append(consonant)
        elif c in _ARABIC_LETTERS:
            out.append(_ARABIC_LETTERS[c])
        else:
            out.append(anyascii(c))
        i += 1
    return "".join(out)


def _arabic_word(word: str) -> str:
    """Write one Arabic-script word, showing the article as ``al-``."""
    for alef in "أإآٱ":
        if word.startswith(alef + "ل"):
            word = "ا" + word[1:]
            break
    if word == _ALLAH:
        return "allah"
    if word.endswith(_ALLAH) and len(word) > len(_ALLAH):
        head = word[: -len(_ALLAH)]
        return _arabic_letters(head) + "allah"
    if (
        word.startswith(_ARTICLE)
        and len(word) >= len(_ARTICLE) + 2
        and word not in _NOT_ARTICLE
    ):
        return "al-" + _arabic_letters(word[len(_ARTICLE) :])
    return _arabic_letters(word)


def transliterate(text: str) -> str:
    """
    Return ``text`` in lower-case ASCII: letters, digits, spaces and hyphens.

    Arabic and Perso-Arabic script use the table of this module; every other
    script uses ``anyascii``. Diacritics, 'ayn and hamza marks and apostrophes
    are dropped. The result is stable: transliterating it again changes nothing.

    >>> transliterate("Cabdiraxmaan  Xuseen")
    'cabdiraxmaan xuseen'
    >>> transliterate("مُحَمَّد يوسف")
    'mhmd ywsf'
    >>> transliterate("ዮሃንስ ተስፋይ")
    'yohans tesfay'
    >>> transliterate("Éric Müller")
    'eric muller'
    >>> transliterate("Çiçek Şahin, Xhemal, Μπασίρ")
    'chichek shahin jemal basir'
    """
    text = unicodedata.normalize("NFKC", text).translate(_LATIN_SOUNDS)
    text = _GREEK_INITIAL.sub(lambda m: _GREEK_SOUNDS[m.group().lower()], text)
    text = _ARABIC_MARKS.sub("", text.replace("\u0670", "ا"))
    # Zero-width joiners and non-joiners shape Persian words without changing them.
    text = text.replace("\u200c", "").replace("\u200d", "")
    parts: list[str] = []
    pos = 0
    for match in _ARABIC_WORD.finditer(text):
        parts.append(anyascii(text[pos : match.start()]))
        parts.append(_arabic_word(match.group()))
        pos = match.end()
    parts.append(anyascii(text[pos:]))
    ascii_text = _J_SPELLINGS.sub("j", "".join(parts).lower())
    ascii_text = _SEPARATORS.sub(" ", _MARKS.sub("", ascii_text))
    ascii_text = _HYPHENS.sub("-", ascii_text)
    return _SPACES.sub(" ", ascii_text).strip()
