"""Citation: a reference to a provision of a legal instrument, as a value."""

from __future__ import annotations

from dataclasses import dataclass

# Short names of the instruments the engines cite, keyed by their official number.
INSTRUMENT_NAMES: dict[str, str] = {
    "604/2013": "Dublin III",
    "2024/1351": "AMMR",
    "2024/1359": "Crisis Regulation",
    "1560/2003": "Reg. 1560/2003",
    "2025/2055": "Implementing Reg. 2025/2055",
    "1182/71": "Reg. 1182/71",
    "2016 c. 19": "Immigration Act 2016",
}

_ORDINALS = ("first", "second", "third", "fourth")

# Text of citations already rendered, by identity: a determination renders a few
# dozen citations from the same tables, and hashing a citation's fields costs about
# as much as rendering it. Each entry holds its citation, so an identity in use as a
# key is never reused; bounded, so citations built on the fly cannot grow it.
_TEXT: dict[int, tuple[Citation, str]] = {}
_TEXT_LIMIT = 4096


@dataclass(frozen=True, slots=True)
class Citation:
    """
    A provision: instrument, article (or section), paragraph, point, subparagraph.

    >>> str(Citation(instrument="604/2013", article=8, paragraph=1))
    'Dublin III Art 8(1)'
    >>> str(Citation(instrument="2016 c. 19", article=67, unit="s"))
    'Immigration Act 2016 s.67'
    """

    instrument: str
    article: int | str
    paragraph: int | None = None
    point: str | None = None
    subparagraph: int | None = None
    unit: str = "Art"
    reading: str | None = None

    def __str__(self) -> str:
        entry = _TEXT.get(id(self))
        if entry is not None and entry[0] is self:
            return entry[1]
        text = self._text()
        if len(_TEXT) >= _TEXT_LIMIT:
            _TEXT.clear()
        _TEXT[id(self)] = (self, text)
        return text

    def _text(self) -> str:
        name = INSTRUMENT_NAMES.get(self.instrument, self.instrument)
        if self.unit == "s":
            text = f"{name} s.{self.article}"
        elif self.unit:
            text = f"{name} {self.unit} {self.article}"
        else:
            text = f"{name} {self.article}"
        if self.paragraph is not None:
            text += f"({self.paragraph})"
        if self.point is not None:
            text += f"({self.point})"
        if self.subparagraph is not None:
            text += f" {_ORDINALS[self.subparagraph - 1]} subparagraph"
        if self.reading is not None:
            text += f" as read in {self.reading}"
        return text
