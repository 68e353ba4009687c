"""
Name normalisation: tokens in one canonical ASCII form, and search keys.

Names of the populations at the camps vary in ways a string distance cannot
see (tracing.md §3.2): articles (al-, el-, ar-Rashid), filiation words (bin,
ibn, bint), compounds written apart or together ("Abd al-Rahman",
"Abdul Rahman", "Abdulrahman", "Abderrahmane"; "Sami Ullah", "Samiullah";
"Gebre Medhin", "Gebremedhin"; "Nur al-Din", "Nureddine") and the Somali
orthography (x for ħ, c for 'ayn, doubled long vowels). :func:`name_tokens`
brings all of these to one form; :func:`search_keys` turns the tokens into
phonetic keys that are the same across scripts.
"""

from __future__ import annotations

import re
from typing import Final

from haven.engines.linkage.phonetic import phonetic_key, phonetic_keys
from haven.engines.linkage.transliteration import transliterate

__all__ = ["name_tokens", "search_keys"]

_SPLIT: Final = re.compile(r"[\s\-]+")
_NOT_LETTER: Final = re.compile(r"[^a-z]+")
_DOUBLE_VOWEL: Final = re.compile(r"([aeiou])\1+")
_VOWELS: Final = "aeiou"
# Letters that the Arabic article assimilates to (ar-Rashid, as-Salam, ad-Din).
_SUN_LETTERS: Final = frozenset("tdrzsnl")

_TITLES: Final = frozenset(
    {"haji", "hajji", "hadji", "hajj", "alhaj", "alhaji", "mr", "mrs", "ms", "dr"}
)
_FILIATION: Final = frozenset(
    {"bin", "ibn", "ben", "bint", "binti", "bn", "abn", "bnt", "walad", "ould", "wuld"}
)
_L_ARTICLES: Final = frozenset({"al", "el", "ul", "il", "ol", "l"})
_ABU: Final = frozenset({"abu", "abou", "abo", "abul"})
_ABD_SHORT: Final = frozenset({"abdi", "abdu", "abdo", "abdou"})
_ALLAH_FORMS: Final = frozenset(
    {"allah", "alla", "ullah", "ulla", "ulah", "ollah", "olah", "ellah", "illah"}
)
# Allah joined to a name: -ullah, -allah, -ollah, -ellah, -illah and -ulah with the
# final h; without it only -ulla, -alla, -olla and the Tajik -ullo. Diallo, Gallo,
# Stella, Camilla and Priscilla end like these but are not Allah-compounds.
_ALLAH_SUFFIX: Final = re.compile(
    r"^([a-z]{3,}?)(?:[aeiou]?ll[aeo]h|ulah|[auo]lla|ullo)$"
)
# Second parts of Arabic compounds joined by the article (Nur al-Din, Zia ul Haq).
_ARTICLE_TAILS: Final = (
    "din",
    "deen",
    "dine",
    "haq",
    "haque",
    "huda",
    "islam",
    "zaman",
    "rahman",
    "rehman",
    "rahmane",
    "rahim",
)
_ARTICLE_AND_TAIL: Final = re.compile(
    rf"[aeiou](?:l|d|r|z)({'|'.join(_ARTICLE_TAILS)})"
)
# Habesha compounds: a prefix written apart from a holy name (Gebre Medhin).
_HABESHA_PREFIX_KEYS: Final = frozenset(
    phonetic_key(p)
    for p in (
        "gebre",
        "wolde",
        "haile",
        "tekle",
        "habte",
        "kidane",
        "zere",
        "tesfa",
        "fikre",
        "berhane",
        "amde",
        "asfa",
        "gebra",
        "walda",
    )
)
_HABESHA_TAIL_KEYS: Final = frozenset(
    phonetic_key(t)
    for t in (
        "medhin",
        "mariam",
        "michael",
        "mikael",
        "giorgis",
        "giyorgis",
        "yesus",
        "iyesus",
        "selassie",
        "kristos",
        "haimanot",
        "tsion",
        "gabriel",
        "egziabher",
        "amlak",
        "meskel",
        "hawariat",
        "libanos",
        "tensae",
    )
)


def _clean(word: str) -> str:
    """Keep letters; read Somali orthography (x = h, c = 'ayn, aa = a)."""
    # A Somali x read as h can make the dzh that transliteration reads as j.
    word = _NOT_LETTER.sub("", word).replace("x", "h").replace("dzh", "j")
    if len(word) > 1 and word[0] == "c" and word[1] in _VOWELS:
        word = word[1:]
    if len(word) > 1 and word[-1] == "c" and word[-2] in _VOWELS:
        word = word[:-1]
    return _DOUBLE_VOWEL.sub(r"\1", word)


def _article_join(head: str, tail: str) -> str:
    """Join ``head`` and ``tail`` through the article, assimilated if due."""
    tail = re.sub(r"^([a-z])\1+", r"\1", tail)
    link = "u" + tail[0] if tail[0] in _SUN_LETTERS else "ul"
    return head + link + tail


def _is_article(token: str, following: str | None) -> bool:
    """Whether ``token`` is the article before ``following``."""
    if token in _L_ARTICLES:
        return True
    # Assimilated forms: ar-Rashid, as-Sayed, ad-Din, ash-Shami.
    return (
        following is not None
        and 2 <= len(token) <= 3
        and token[0] in "aeiu"
        and token[1:] in {"d", "r", "s", "z", "t", "n", "sh"}
        and following.startswith(token[1:])
    )


def _abd_form(token: str) -> str:
    """Write a joined Abd-compound as abd + article + name (Abdulrahman)."""
    if not token.startswith("abd") or len(token) < 6:
        return token
    rest = token[3:]
    if re.fullmatch(r"[aeiou]?l?[aeiou]?ll?[aeo]h?i?", rest):
        return "abdullah" if not rest.endswith("i") else "abdullahi"
    match = re.match(r"^[aeiou]{1,2}l(?=[a-z]{2})", rest) or re.match(
        r"^[aeiou](?=[a-z]{2})", rest
    )
    if match:
        rest = rest[match.end() :]
    return _article_join("abd", rest)


def _tail_form(token: str) -> str:
    """Write a joined article compound with its canonical link (Nuruddin)."""
    if not token.endswith(_ARTICLE_TAILS):
        return token
    for tail in _ARTICLE_TAILS:
        match = re.match(rf"^([a-z]{{2,}}?)[aeiou](?:l|{tail[0]})?{tail}$", token)
        if match:
            return _article_join(match.group(1), tail)
    return token


def _allah_form(token: str) -> str:
    """Write a joined Allah-compound with the ending -ullah (Samiullah)."""
    match = _ALLAH_SUFFIX.match(token)
    return match.group(1) + "ullah" if match else token


def _canonical(token: str) -> str:
    if token.startswith("abd"):
        return _allah_form(_abd_form(token))
    return _allah_form(_tail_form(token))


def _join_pass(words: list[str]) -> list[str]:
    """Join compounds written apart and drop articles, titles, bin and ibn."""
    out: list[str] = []
    i = 0
    n = len(words)
    while i < n:
        word = words[i]
        nxt = words[i + 1] if i + 1 < n else None
        if word in _TITLES or word in _FILIATION:
            i += 1
            continue
        if _is_article(word, nxt):
            if nxt is not None and out and nxt in _ARTICLE_TAILS:
                out[-1] = _article_join(out[-1], nxt)
                i += 2
                continue
            if nxt is not None and out and (out[-1] == "abd" or out[-1] in _ABD_SHORT):
                out[-1] = _article_join("abd", nxt)
                i += 2
                continue
            i += 1
            continue
        joined_tail = _ARTICLE_AND_TAIL.fullmatch(word)
        if out and joined_tail:
            # Article and second part written as one word: Nasr Eldin.
            out[-1] = _article_join(out[-1], joined_tail.group(1))
        elif out and word in _ALLAH_FORMS:
            out[-1] = out[-1] + "ullah"
        elif (
            out
            and word in _ARTICLE_TAILS
            and len(out[-1]) > 4
            and re.search(rf"[aeiou][l{word[0]}]$", out[-1])
        ):
            # The article written on the first part: Fazlur Rahman, Nurul Huda.
            out[-1] = _article_join(out[-1][:-2], word)
        elif nxt is not None and (
            word == "abd" or re.fullmatch(r"abd[aeiou]{1,2}l", word)
        ):
            if _is_article(nxt, words[i + 2] if i + 2 < n else None) and i + 2 < n:
                out.append(_article_join("abd", words[i + 2]))
                i += 3
                continue
            out.append(_article_join("abd", nxt))
            i += 2
            continue
        elif nxt is not None and word in _ABU:
            after = words[i + 2] if i + 2 < n else None
            if after is not None and _is_article(nxt, after):
                out.append("abu" + after)
                i += 3
                continue
            out.append("abu" + nxt)
            i += 2
            continue
        elif (
            out
            and phonetic_key(out[-1]) in _HABESHA_PREFIX_KEYS
            and phonetic_key(word) in _HABESHA_TAIL_KEYS
        ):
            out[-1] = out[-1] + word
        else:
            out.append(word)
        i += 1
    return out


def name_tokens(text: str) -> tuple[str, ...]:
    """
    Return the normalised tokens of a name, in order, in lower-case ASCII.

    Articles, titles and filiation words are dropped; compounds are joined
    into one canonical token; Somali orthography is read.

    >>> name_tokens("Abd al-Rahman bin Yusuf AL-HASSAN")
    ('abdurrahman', 'yusuf', 'hassan')
    >>> name_tokens("Sami Ullah") == name_tokens("Samiullah")
    True
    >>> name_tokens("Cabdiraxmaan Xuseen")
    ('abdurrahman', 'husen')
    """
    words = [w for w in (_clean(p) for p in _SPLIT.split(transliterate(text))) if w]
    return tuple(_canonical(w) for w in _join_pass(words) if w)


def search_keys(text: str) -> frozenset[str]:
    """
    Return the phonetic keys under which a name is stored and searched.

    Store the keys of every name field of a record; a query token matches a
    stored name when their key sets intersect. Keys ignore case, accents,
    vowels, doubled letters and script, so "محمد", "MOHAMMED" and "Muhammad"
    share the key ``mhmd``.

    Precision trade-off: a key is a consonant skeleton, so names that differ
    only in their vowels share it (Hamid, Hamed, Hamad, Hammad; Said and
    Sayed; Mohammed and Mehmet). A name written in Arabic script also gets
    the keys of its other readings, so "حسين" matches "Hussein" and, less
    often rightly, "Hassan". Expect several candidates per common name and
    rank them with a finer comparison (the linkage model) before showing them.

    >>> search_keys("Ahmed Yousef") & search_keys("أحمد يوسف") == {"ahmd", "ysf"}
    True
    """
    keys: set[str] = set()
    for token in name_tokens(text):
        keys.update(phonetic_keys(token))
    return frozenset(keys)
