"""
Validate a JSON facts document and build :class:`Facts`, collecting every error.

Two walks of the schema table share one set of rules. The fast walk builds the values
of a well-formed document and gives up at the first thing it does not accept; the full
walk then runs and names every error by its JSON path. Both accept exactly the same
documents and build equal values, so the fast walk only saves time.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from haven.engines.kernel import STATE_CODE_ALIASES, frozen_constructor
from haven.engines.responsibility.errors import FactError, InvalidFactsError
from haven.engines.responsibility.facts import Facts
from haven.engines.responsibility.schema import FACTS, FieldSpec, Shape
from haven.engines.responsibility.states import KNOWN_STATES

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NATIONALITY = re.compile(r"[A-Z]{2}")
_STATE_HINT = "expected an ISO 3166-1 alpha-2 code of an EU or EEA state, CH or GB"


def _alias_hint(value: str) -> str:
    """Name the ISO code of an EU alias (EL, UK): facts hold ISO codes only."""
    iso = STATE_CODE_ALIASES.get(value)
    return f" (the EU's {value} is {iso} in ISO 3166-1)" if iso else ""


def _describe(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return repr(value)


def _choices(values: tuple[Any, ...]) -> str:
    return ", ".join(str(value) for value in values)


def _scalar(value: object, spec: FieldSpec, path: str, errors: list[FactError]) -> Any:
    kind = spec.kind
    if kind == "date":
        if isinstance(value, str) and _DATE.fullmatch(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                errors.append(FactError(path, f"invalid date {value!r}"))
                return None
        errors.append(
            FactError(path, f"expected a date (YYYY-MM-DD), got {_describe(value)}")
        )
        return None
    if kind == "boolean":
        if isinstance(value, bool):
            return value
        errors.append(
            FactError(path, f"expected true or false, got {_describe(value)}")
        )
        return None
    if kind == "state":
        if isinstance(value, str) and value in KNOWN_STATES:
            return value
        if isinstance(value, str):
            errors.append(
                FactError(
                    path,
                    f"unknown state code {value!r}; {_STATE_HINT}{_alias_hint(value)}",
                )
            )
        else:
            errors.append(
                FactError(path, f"expected a state code, got {_describe(value)}")
            )
        return None
    if kind == "enum":
        if value in spec.choices and isinstance(value, bool) is False:
            return value
        errors.append(
            FactError(
                path,
                f"unknown value {_describe(value)}; expected one of "
                f"{_choices(spec.choices)}",
            )
        )
        return None
    if kind == "nationality":
        if isinstance(value, str) and (
            value == "stateless"
            or (_NATIONALITY.fullmatch(value) and value not in STATE_CODE_ALIASES)
        ):
            return value
        errors.append(
            FactError(
                path,
                f"expected an ISO 3166-1 alpha-2 code or 'stateless', got "
                f"{_describe(value)}"
                + (_alias_hint(value) if isinstance(value, str) else ""),
            )
        )
        return None
    if kind == "integer":
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        errors.append(
            FactError(path, f"expected a whole number >= 0, got {_describe(value)}")
        )
        return None
    if isinstance(value, str):
        return value
    errors.append(FactError(path, f"expected a string, got {_describe(value)}"))
    return None


def _value(value: object, spec: FieldSpec, path: str, errors: list[FactError]) -> Any:
    if spec.kind == "object":
        assert spec.shape is not None
        return _object(value, spec.shape, path, errors)
    if spec.kind == "array":
        assert spec.items is not None
        if not isinstance(value, list):
            errors.append(FactError(path, f"expected an array, got {_describe(value)}"))
            return ()
        return tuple(
            _value(item, spec.items, f"{path}[{index}]", errors)
            for index, item in enumerate(value)
        )
    return _scalar(value, spec, path, errors)


def _object(value: object, shape: Shape, path: str, errors: list[FactError]) -> Any:
    if not isinstance(value, dict):
        errors.append(FactError(path, f"expected an object, got {_describe(value)}"))
        return None
    before = len(errors)
    fields = shape.fields
    kwargs: dict[str, Any] = {}
    for key, item in value.items():
        spec = fields.get(key)
        if spec is None:
            errors.append(
                FactError(
                    f"{path}.{key}",
                    f"unknown field; expected one of {_choices(tuple(fields))}",
                )
            )
            continue
        if item is None and not spec.required:
            continue
        kwargs[key] = _value(item, spec, f"{path}.{key}", errors)
    for key, spec in fields.items():
        if spec.required and value.get(key) is None:
            errors.append(FactError(f"{path}.{key}", "required field is missing"))
    if len(errors) > before:
        return None
    return shape.build(**kwargs)


def _check_order(facts: Facts, errors: list[FactError]) -> None:
    """Check that periods do not end before they start."""
    for index, stay in enumerate(facts.stays):
        if stay.end < stay.start:
            errors.append(FactError(f"$.stays[{index}].end", "ends before it starts"))
    for index, document in enumerate(facts.documents):
        if (
            document.valid_from is not None
            and document.valid_until is not None
            and document.valid_until < document.valid_from
        ):
            errors.append(
                FactError(f"$.documents[{index}].valid_until", "ends before valid_from")
            )
        if document.type == "visa" and document.visa_type is None:
            errors.append(
                FactError(f"$.documents[{index}].visa_type", "required for a visa")
            )
    for index, absence in enumerate(facts.absences):
        if absence.returned is not None and absence.returned < absence.left:
            errors.append(FactError(f"$.absences[{index}].returned", "before left"))
    for index, request in enumerate(facts.requests):
        if request.received is not None and request.received < request.sent:
            errors.append(FactError(f"$.requests[{index}].received", "before sent"))
        if request.reply is not None and request.reply.date < request.sent:
            errors.append(FactError(f"$.requests[{index}].reply.date", "before sent"))


class _Rejected(Exception):
    """The fast walk met something it does not accept; the full walk reports it."""


_REJECTED = _Rejected()
_Convert = Callable[[Any], Any]

# Dates already checked, to the value they parse to; dates repeat across cases (days
# of lodging, of birth, of requests), and a hit skips the pattern and the parse.
# Bounded, so a stream of distinct dates cannot grow it without limit.
_DATES: dict[str, date] = {}
_DATES_LIMIT = 1 << 16


def _fast_date(value: Any) -> date:
    if type(value) is str:
        parsed = _DATES.get(value)
        if parsed is not None:
            return parsed
        if _DATE.fullmatch(value):
            try:
                parsed = date.fromisoformat(value)
            except ValueError:
                raise _REJECTED from None
            if len(_DATES) >= _DATES_LIMIT:
                _DATES.clear()
            _DATES[value] = parsed
            return parsed
    raise _REJECTED


def _fast_boolean(value: Any) -> bool:
    if value is True or value is False:
        return value
    raise _REJECTED


def _fast_state(value: Any) -> str:
    if type(value) is str and value in KNOWN_STATES:
        return value
    raise _REJECTED


def _fast_nationality(value: Any) -> str:
    if type(value) is str and (
        value == "stateless"
        or (
            len(value) == 2
            and "A" <= value[0] <= "Z"
            and "A" <= value[1] <= "Z"
            and value not in STATE_CODE_ALIASES
        )
    ):
        return value
    raise _REJECTED


def _fast_integer(value: Any) -> int:
    if type(value) is int and value >= 0:
        return value
    raise _REJECTED


def _fast_string(value: Any) -> str:
    if type(value) is str:
        return value
    raise _REJECTED


def _fast_enum(choices: tuple[Any, ...]) -> _Convert:
    allowed = frozenset(choices)

    def convert(value: Any) -> Any:
        # Only exact str and int: for them a set and the tuple agree on membership.
        if (type(value) is str or type(value) is int) and value in allowed:
            return value
        raise _REJECTED

    return convert


def _fast_array(item: _Convert) -> _Convert:
    def convert(value: Any) -> tuple[Any, ...]:
        if type(value) is not list:
            raise _REJECTED
        return tuple([item(element) for element in value])

    return convert


def _fast_object(shape: Shape) -> _Convert:
    """Return the fast builder of ``shape``: positional arguments, in field order."""
    names = [field.name for field in dataclasses.fields(shape.build)]
    defaults = [field.default for field in dataclasses.fields(shape.build)]
    for name, default in zip(names, defaults, strict=True):
        spec = shape.fields.get(name)
        if default is dataclasses.MISSING and (spec is None or not spec.required):
            raise TypeError(f"{shape.name}.{name} has no default but may be absent")
    construct: Callable[..., Any] = frozen_constructor(shape.build)
    slots = {
        key: (names.index(key), _fast_value(spec), spec.required)
        for key, spec in shape.fields.items()
    }
    required = frozenset(key for key, spec in shape.fields.items() if spec.required)
    get = slots.get

    def convert(value: Any) -> Any:
        if type(value) is not dict or not value.keys() >= required:
            raise _REJECTED
        arguments = defaults.copy()
        for key, item in value.items():
            slot = get(key)
            if slot is None:
                raise _REJECTED
            index, convert_item, needed = slot
            if item is None:
                if needed:
                    raise _REJECTED
                continue
            arguments[index] = convert_item(item)
        return construct(*arguments)

    return convert


_FAST_SCALARS: dict[str, _Convert] = {
    "date": _fast_date,
    "boolean": _fast_boolean,
    "state": _fast_state,
    "nationality": _fast_nationality,
    "integer": _fast_integer,
    "string": _fast_string,
}


def _fast_value(spec: FieldSpec) -> _Convert:
    if spec.kind == "object":
        assert spec.shape is not None
        return _fast_object(spec.shape)
    if spec.kind == "array":
        assert spec.items is not None
        return _fast_array(_fast_value(spec.items))
    if spec.kind == "enum":
        return _fast_enum(spec.choices)
    return _FAST_SCALARS[spec.kind]


_fast_facts = _fast_object(FACTS)


def parse_facts(data: Mapping[str, Any] | object) -> Facts:
    """
    Return the facts of one case, or raise :class:`InvalidFactsError` listing them all.

    >>> parse_facts({"applicant": {}}).applications
    ()
    """
    errors: list[FactError] = []
    facts: Any = None
    if type(data) is dict:
        try:
            facts = _fast_facts(data)
        except _Rejected:
            facts = None
    if facts is None:
        facts = _object(
            data if not isinstance(data, Mapping) else dict(data), FACTS, "$", errors
        )
    if facts is not None:
        _check_order(facts, errors)
    if errors:
        raise InvalidFactsError(tuple(errors))
    assert isinstance(facts, Facts)
    return facts
