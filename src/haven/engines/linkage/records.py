"""
Registry records and the comparison features derived from them.

A registry is a sequence of mappings with the columns of the registry CSV
(``record_id``, ``given_name``, ``father_name``, ``grandfather_name``,
``family_name``, ``sex``, ``dob``, ``dob_precision``, ``nationality``,
``place_of_origin``, ``phone``, ``registered_at``, ``registered_by`` and
optionally ``name_native`` and ``city``). Every value may be empty.

:func:`record_features` turns one record into the flat, ASCII-only row the
linkage model compares. Names are transliterated here, before any database
sees them, because DuckDB measures string distances on bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from functools import lru_cache
from typing import Final

from haven.engines.linkage.errors import InvalidRecordsError
from haven.engines.linkage.normalise import name_tokens
from haven.engines.linkage.phonetic import coarse_key, italian_keys, phonetic_keys

__all__ = [
    "NAME_FIELDS",
    "REGISTRY_COLUMNS",
    "FeatureRow",
    "birth_year_for_age",
    "record_features",
    "unique_features",
]

NAME_FIELDS: Final = ("given", "father", "grandfather", "family")
REGISTRY_COLUMNS: Final = (
    "record_id",
    "given_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "sex",
    "dob",
    "dob_precision",
    "nationality",
    "place_of_origin",
    "phone",
    "registered_at",
    "registered_by",
)

FeatureRow = dict[str, str | int | bool | list[str] | None]

_SEX: Final[dict[str, str]] = {
    "m": "M",
    "male": "M",
    "man": "M",
    "h": "M",
    "homme": "M",
    "f": "F",
    "female": "F",
    "woman": "F",
    "femme": "F",
}
# Precisions that mean the day and month were not declared but set by a clerk.
_EXACT_PRECISIONS: Final = frozenset({"", "exact", "day", "full"})
_DATE: Final = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_YEAR: Final = re.compile(r"^(\d{4})$")
_NOT_DIGIT: Final = re.compile(r"\D+")


@lru_cache(maxsize=262144)
def _name_parts(
    text: str,
) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...], tuple[str, ...]]:
    """Return the tokens of a name, the readings of each token, and the
    readings of the tokens written together (so "Ali Jan" meets "Alijan")."""
    tokens = name_tokens(text)
    return (
        tokens,
        tuple(_readings(t) for t in tokens),
        _readings("".join(tokens)),
    )


def _readings(token: str) -> tuple[str, ...]:
    """Return the keys of a token, the preferred first, then its Italian reading."""
    return phonetic_keys(token) + italian_keys(token)


@lru_cache(maxsize=65536)
def _coarse(tokens: tuple[str, ...]) -> str | None:
    return coarse_key("".join(tokens)) or None


@lru_cache(maxsize=16384)
def _place(text: str) -> tuple[str | None, str | None]:
    """Return a place name's canonical tokens and its coarse key.

    Romanisations of one town differ as names do (Mekelle and Mekele,
    Al-Ubayyid and El Obeid, Gaalkacyo and Galkayo), so the coarse key is
    what meets across them.
    """
    tokens = name_tokens(text)
    return " ".join(tokens) or None, coarse_key("".join(tokens)) or None


@lru_cache(maxsize=262144)
def _name_columns(
    prefix: str, text: str, extra: tuple[tuple[str, ...], ...] = ()
) -> tuple[tuple[tuple[str, str | list[str] | None], ...], tuple[str, ...]]:
    """Return the columns of one name field and all of its keys.

    Cached: a registry repeats its names, and the columns are shared, never
    changed, by the rows that hold them.
    """
    tokens, readings, whole = _name_parts(text)
    if not tokens and extra:
        readings, whole = extra, extra[0]
    keys = sorted({k for r in (*readings, *extra, whole) for k in r})
    columns: tuple[tuple[str, str | list[str] | None], ...] = (
        (f"{prefix}_n", " ".join(tokens) or None),
        (f"{prefix}_k", whole[0] if whole else None),
        (f"{prefix}_c", _coarse(tokens) if tokens else (whole[0] if whole else None)),
        (f"{prefix}_keys", keys or None),
    )
    return columns, tuple(keys)


@lru_cache(maxsize=65536)
def _dob(value: str, precision: str) -> tuple[str | None, int | None, bool]:
    """Return the date as ``YYYY-MM-DD``, its year, and whether it is exact."""
    value = value.strip()
    match = _DATE.match(value)
    if match:
        year, month, day = (int(g) for g in match.groups())
        try:
            parsed = date(year, month, day)
        except ValueError:
            return None, None, False
        exact = precision in _EXACT_PRECISIONS and not (month == 1 and day == 1)
        return parsed.isoformat(), year, exact
    match = _YEAR.match(value)
    if match:
        year = int(match.group(1))
        return f"{year:04d}-01-01", year, False
    return None, None, False


def birth_year_for_age(age: float, as_of: date) -> int:
    """Return the birth year of someone ``age`` years old on ``as_of``.

    >>> birth_year_for_age(40, date(2016, 10, 24))
    1976
    """
    return as_of.year - round(age)


def record_features(
    record: Mapping[str, str | None], *, close_gaps: bool = True
) -> FeatureRow:
    """
    Return the comparison features of one registry record.

    Name fields become canonical tokens (``*_n``), the preferred phonetic key
    of the field (``*_k``), a coarser key (``*_c``, see
    :func:`haven.engines.linkage.phonetic.coarse_key`) and every key of every
    token (``*_keys``), including a token's reading in Italian orthography
    (:func:`haven.engines.linkage.phonetic.italian_keys`). A name in its
    original script (``name_native``) adds its keys to the field in the same
    position (given, father, grandfather). A place of origin becomes its
    tokens (``origin_n``) and a coarse key (``origin_c``).

    Patronymic names are a sequence (given, father's, grandfather's), and
    clerks put the names they are given in whichever fields they see: the
    father's name in "family name", the grandfather's in "father" when the
    father's was not asked. With ``close_gaps`` (the default) the non-empty
    name fields are therefore read in order and moved up over empty ones, so
    the second name given is always compared as the father's. A tracing query,
    whose empty fields are deliberate, keeps its positions.

    >>> row = record_features({"record_id": "r1", "given_name": "Mohamed",
    ...                        "name_native": "محمد يوسف", "dob": "2001-01-01"})
    >>> row["given_k"], row["father_keys"], row["dob_exact"]
    ('mhmd', ['ysf', 'ywsf'], False)
    """

    get = record.get
    raw = [get(column) for column in _READ_COLUMNS]
    try:
        values = ["" if v is None else v.strip() for v in raw]
    except AttributeError:  # a value that is not text (a number, say)
        values = [_text(v) for v in raw]
    (
        given,
        father,
        grandfather,
        family,
        native,
        dob_text,
        precision,
        sex,
        nationality,
        origin,
        city,
        phone,
    ) = values
    record_id = _text(record.get("record_id"))
    if not record_id:
        raise InvalidRecordsError(
            "Every record needs a record_id.", code="missing_record_id"
        )
    row: FeatureRow = {"unique_id": record_id}
    row.update(_name_block(given, father, grandfather, family, native, close_gaps))
    dob, year, exact = _dob(dob_text, precision.lower())
    row["dob"] = dob
    row["dob_year"] = year
    row["dob_exact"] = exact
    row["sex"] = _SEX.get(sex.lower())
    row["nationality"] = nationality.upper() or None
    row["origin_n"], row["origin_c"] = _place(origin)
    row["city_n"] = _place(city)[0]
    digits = _NOT_DIGIT.sub("", phone) if phone else ""
    row["phone_n"] = digits[-9:] if len(digits) >= 6 else None
    return row


# The columns record_features reads besides record_id, in the order unpacked.
_READ_COLUMNS: Final = (
    "given_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "name_native",
    "dob",
    "dob_precision",
    "sex",
    "nationality",
    "place_of_origin",
    "city",
    "phone",
)


def _text(value: object) -> str:
    """Return a cell as stripped text; a missing cell is empty."""
    if value is None:
        return ""
    return (value if isinstance(value, str) else str(value)).strip()


def _name_block(
    given: str,
    father: str,
    grandfather: str,
    family: str,
    native: str,
    close_gaps: bool,
) -> list[tuple[str, str | list[str] | None]]:
    """Return the name columns of a record (each field's are cached)."""
    texts = (given, father, grandfather, family)
    extras: list[tuple[tuple[str, ...], ...]] = [(), (), (), ()]
    if native:
        for position, native_keys in enumerate(_name_parts(native)[1][:3]):
            extras[position] = (native_keys,)
    names = list(zip(texts, extras, strict=True))
    if close_gaps:
        filled = [(t, e) for t, e in names if e or _name_parts(t)[0]]
        names = filled + [("", ())] * (4 - len(filled))
    columns: list[tuple[str, str | list[str] | None]] = []
    keys: list[tuple[str, ...]] = []
    for field, (text, readings) in zip(NAME_FIELDS, names, strict=True):
        field_columns, field_keys = _name_columns(field, text, readings)
        columns.extend(field_columns)
        keys.append(field_keys)
    lineage, every = _combined_keys(*keys)
    columns.append(("lineage_keys", lineage))
    columns.append(("name_keys", every))
    return columns


@lru_cache(maxsize=262144)
def _combined_keys(
    given: tuple[str, ...],
    father: tuple[str, ...],
    grandfather: tuple[str, ...],
    family: tuple[str, ...],
) -> tuple[list[str] | None, list[str] | None]:
    """Return the keys of the third name (grandfather or family) and of all."""
    lineage = sorted(set(grandfather) | set(family))
    every = sorted(set(lineage) | set(given) | set(father))
    return lineage or None, every or None


def unique_features(
    records: Iterable[Mapping[str, str | None]],
) -> Iterator[FeatureRow]:
    """
    Yield the features of every record, checking that record ids are unique.

    Raises :class:`InvalidRecordsError` (code ``duplicate_record_id``) naming
    the first repeated id.
    """
    seen: set[object] = set()
    for record in records:
        row = record_features(record)
        if row["unique_id"] in seen:
            raise InvalidRecordsError(
                f"Record id {row['unique_id']!r} appears more than once.",
                code="duplicate_record_id",
                record_id=row["unique_id"],
            )
        seen.add(row["unique_id"])
        yield row
