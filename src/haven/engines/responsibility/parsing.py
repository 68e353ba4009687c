"""Validate a JSON facts document and build :class:`Facts`, collecting every error."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from haven.engines.responsibility.errors import FactError, InvalidFactsError
from haven.engines.responsibility.facts import Facts
from haven.engines.responsibility.schema import FACTS, FieldSpec, Shape
from haven.engines.responsibility.states import KNOWN_STATES

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NATIONALITY = re.compile(r"[A-Z]{2}")
_STATE_HINT = "expected an ISO 3166-1 alpha-2 code of an EU or EEA state, CH or GB"


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
                FactError(path, f"unknown state code {value!r}; {_STATE_HINT}")
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
            value == "stateless" or _NATIONALITY.fullmatch(value)
        ):
            return value
        errors.append(
            FactError(
                path,
                f"expected an ISO 3166-1 alpha-2 code or 'stateless', got "
                f"{_describe(value)}",
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


def parse_facts(data: Mapping[str, Any] | object) -> Facts:
    """
    Return the facts of one case, or raise :class:`InvalidFactsError` listing them all.

    >>> parse_facts({"applicant": {}}).applications
    ()
    """
    errors: list[FactError] = []
    facts = _object(
        data if not isinstance(data, Mapping) else dict(data), FACTS, "$", errors
    )
    if facts is not None:
        _check_order(facts, errors)
    if errors:
        raise InvalidFactsError(tuple(errors))
    assert isinstance(facts, Facts)
    return facts
