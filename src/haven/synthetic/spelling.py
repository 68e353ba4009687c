"""
Clerk styles and spelling noise (tracing.md §3.2 and §5.2, step 1).

A clerk writes a name the way their language spells it: English (``en``), French
(``fr``: ch, ou, dj), Italian (``it``: sc, gi) or Somali orthography (``so``: x, c,
doubled vowels). On top of the style, a random transliteration rule applies with
p 0.15 and a keyboard typo with p 0.03.

Rule families are either train-visible or test-only; a ``Split.DEV`` camp uses only
the train-visible ones, so a matcher tuned on dev seeds meets the others first on
test seeds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from random import Random
from typing import Literal

from haven.synthetic.draws import below
from haven.synthetic.names.lexicon import NameEntry

Style = Literal["en", "fr", "it", "so"]

TRANSLITERATION_P = 0.15
TYPO_P = 0.03
CANONICAL_P = 0.5  # chance that a clerk lands on the canonical spelling before noise


@dataclass(frozen=True, slots=True)
class Rule:
    """One rewrite, applied once at a random matching place."""

    name: str
    pattern: re.Pattern[str]
    replacement: str
    test_only: bool = False


def _rule(
    name: str, pattern: str, replacement: str, *, test_only: bool = False
) -> Rule:
    return Rule(name, re.compile(pattern), replacement, test_only)


# Patterns work on lower-case text. (?<=...) keeps word-initial letters untouched
# where a rule is about the middle of a name.
RULES: tuple[Rule, ...] = (
    _rule("ee>i", r"ee", "i"),
    _rule("i>ee", r"(?<=\w)i(?=[^aeiou\s])", "ee"),
    _rule("q>k", r"q", "k"),
    _rule("q>g", r"q", "g"),
    _rule("dh>z", r"dh", "z"),
    _rule("th>t", r"th", "t"),
    _rule("kh>h", r"kh", "h"),
    _rule("gh>g", r"gh", "g"),
    _rule("degeminate", r"([bcdfghjklmnpqrstvwxz])\1", r"\1"),
    _rule("geminate", r"(?<=[aeiou])([bdfklmnrst])(?=[aeiou])", r"\1\1"),
    _rule("a>ah", r"a$", "ah"),
    _rule("ah>a", r"ah$", "a"),
    _rule("e>ay", r"e$", "ay"),
    _rule("ay>e", r"ay$", "e"),
    _rule("e>a", r"(?<=\w)e", "a"),
    _rule("a>e", r"(?<=\w)a(?=\w)", "e"),
    _rule("y>i", r"(?<=\w)y", "i"),
    _rule("ph>f", r"ph", "f"),
    _rule("ts>s", r"ts", "s"),
    _rule("aa>a", r"aa", "a"),
    _rule("uu>u", r"uu", "u"),
    _rule("oo>u", r"oo", "u"),
    _rule("o>u", r"(?<=\w)o", "u"),
    _rule("u>o", r"(?<=\w)u", "o"),
    _rule("sh>ch", r"sh", "ch"),
    _rule("ou>u", r"ou", "u", test_only=True),
    _rule("u>ou", r"(?<![ao])u", "ou", test_only=True),
    _rule("j>dj", r"(?<!d)j", "dj", test_only=True),
    _rule("w>ou", r"(?<=\w)w", "ou", test_only=True),
    _rule("x>h", r"x", "h", test_only=True),
    _rule("c>", r"(?<![sk])c(?!h)", "", test_only=True),
)

TRAIN_RULES: tuple[Rule, ...] = tuple(rule for rule in RULES if not rule.test_only)

# What a clerk's language does to a name, with the chance it is applied.
STYLE_RULES: dict[str, tuple[tuple[Rule, float], ...]] = {
    "en": (),
    "fr": (
        (_rule("fr:sh>ch", r"sh", "ch"), 0.8),
        (_rule("fr:final-e", r"(?<=[iau][nm])$", "e"), 0.3),
        (_rule("fr:ou", r"(?<![aeo])u", "ou", test_only=True), 0.7),
        (_rule("fr:dj", r"^j", "dj", test_only=True), 0.6),
        (_rule("fr:ouss", r"(?<=[aeiou])s(?=[aeiou])", "ss", test_only=True), 0.5),
    ),
    "it": (
        (_rule("it:sh>sc", r"sh(?=[ei])", "sc"), 0.7),
        (_rule("it:sh>sci", r"sh(?=[aou])", "sci"), 0.6),
        (_rule("it:j>gi", r"^j(?=[aou])", "gi"), 0.5),
        (_rule("it:k>c", r"k(?=[aou])", "c"), 0.5),
        (_rule("it:final-o", r"(?<=[^aeiou])$", "o"), 0.05),
    ),
    "so": (),
}

KEYBOARD: dict[str, str] = {
    "a": "qsz",
    "b": "vn",
    "c": "xv",
    "d": "sf",
    "e": "wr",
    "f": "dg",
    "g": "fh",
    "h": "gj",
    "i": "uo",
    "j": "hk",
    "k": "jl",
    "l": "k",
    "m": "n",
    "n": "bm",
    "o": "ip",
    "p": "o",
    "q": "wa",
    "r": "et",
    "s": "ad",
    "t": "ry",
    "u": "yi",
    "v": "cb",
    "w": "qe",
    "x": "zc",
    "y": "tu",
    "z": "x",
}

TRANSLATIONS: dict[str, str] = {
    "Yusuf": "Joseph",
    "Yousif": "Joseph",
    "Yousef": "Joseph",
    "Yousuf": "Joseph",
    "Ibrahim": "Abraham",
    "Musa": "Moses",
    "Issa": "Jesus",
    "Isa": "Jesus",
    "Yohannes": "John",
    "Dawit": "David",
    "Yonas": "Jonah",
    "Daoud": "David",
    "Yagoub": "Jacob",
    "Yaqub": "Jacob",
    "Suleiman": "Solomon",
    "Mariam": "Mary",
    "Maryam": "Mary",
    "Dawud": "David",
    "Ayoub": "Job",
    "Younis": "Jonah",
}
TRANSLATION_P = 0.01


def recase(text: str) -> str:
    """Capitalise each word the way name registers do, keeping al-/el- lower case."""
    words = []
    for word in text.split(" "):
        if not word:
            continue
        if word[:3] in ("al-", "el-") and len(word) > 3:
            words.append(word[:3] + word[3:4].upper() + word[4:])
        else:
            words.append(word[:1].upper() + word[1:])
    return " ".join(words)


def apply_rule(rule: Rule, text: str, rng: Random) -> str:
    """Apply a rule at one random matching place; return the text unchanged if none."""
    match = rule.pattern.search(text)
    if match is None:
        return text
    if rule.pattern.search(text, match.end()) is not None:
        matches = list(rule.pattern.finditer(text))
        match = matches[below(rng, len(matches))]
    replacement = rule.replacement
    if "\\" in replacement:
        replacement = match.expand(replacement)
    return text[: match.start()] + replacement + text[match.end() :]


def typo(text: str, rng: Random) -> str:
    """Return the text with one slip: a neighbouring key, a drop, a swap or a double."""
    letters = [i for i, ch in enumerate(text) if ch.isalpha()]
    if len(letters) < 3:
        return text
    i = letters[1 + below(rng, len(letters) - 1)]
    kind = below(rng, 4)
    ch = text[i]
    if kind == 0:
        near = KEYBOARD.get(ch.lower(), ch)
        return text[:i] + near[below(rng, len(near))] + text[i + 1 :]
    if kind == 1:
        return text[:i] + text[i + 1 :]
    if kind == 2 and i + 1 < len(text) and text[i + 1].isalpha():
        return text[:i] + text[i + 1] + ch + text[i + 2 :]
    return text[:i] + ch + text[i:]


@dataclass(frozen=True, slots=True)
class Speller:
    """Spells name entries in one clerk style, with the allowed rule families."""

    style: Style
    test_rules: bool

    def rules(self) -> tuple[Rule, ...]:
        """Return the transliteration rules this speller may use."""
        return RULES if self.test_rules else TRAIN_RULES

    def spell(self, entry: NameEntry, rng: Random) -> str:
        """Return one clerk's spelling of a name entry."""
        if (
            self.style == "so"
            and self.test_rules
            and entry.somali
            and rng.random() < 0.85
        ):
            base = entry.somali
        elif entry.variants and rng.random() >= CANONICAL_P:
            base = entry.variants[below(rng, len(entry.variants))]
        else:
            base = entry.latin
        if rng.random() < TRANSLATION_P and base in TRANSLATIONS:
            return TRANSLATIONS[base]
        return self.noise(base, rng)

    def noise(self, text: str, rng: Random) -> str:
        """Apply the style, then maybe one transliteration rule and a typo."""
        work = text.lower()
        for rule, chance in STYLE_RULES[self.style]:
            if (self.test_rules or not rule.test_only) and rng.random() < chance:
                work = apply_rule(rule, work, rng)
        if rng.random() < TRANSLITERATION_P:
            rules = self.rules()
            work = apply_rule(rules[below(rng, len(rules))], work, rng)
        if rng.random() < TYPO_P:
            work = typo(work, rng)
        return recase(work)
