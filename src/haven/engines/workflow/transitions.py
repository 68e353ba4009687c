"""
Transitions as a table: source, target, the roles that may act, and guards.

A ``Machine`` holds one process's table. ``Machine.step`` checks a requested step
against it and returns a ``Step`` to record, or raises a ``TransitionRefusedError``
naming both states. Guards read only the ``Context`` they are given: the date and the
facts the caller looked up, never the clock or a database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from haven.engines.workflow.errors import (
    GuardFailedError,
    IllegalTransitionError,
    ReasonRequiredError,
    RoleNotAllowedError,
    UnknownStateError,
)

FactValue = date | bool | str | int | None


@dataclass(frozen=True, slots=True)
class Context:
    """What guards may look at: today's date and the facts the caller supplies."""

    today: date
    facts: Mapping[str, FactValue] = field(default_factory=dict)

    def date_fact(self, name: str) -> date | None:
        """Return the fact ``name`` if it is a date, else None."""
        value = self.facts.get(name)
        return value if isinstance(value, date) else None


# A guard returns None when the step may go ahead, else the reason it may not.
Guard = Callable[[Context], str | None]


def requires(name: str, message: str) -> Guard:
    """Return a guard that passes when the fact ``name`` is true."""

    def guard(context: Context) -> str | None:
        return None if context.facts.get(name) else message

    guard.__name__ = f"requires_{name}"
    return guard


def forbids(name: str, message: str) -> Guard:
    """Return a guard that passes when the fact ``name`` is false or absent."""

    def guard(context: Context) -> str | None:
        return message if context.facts.get(name) else None

    guard.__name__ = f"forbids_{name}"
    return guard


def after(name: str, message: str) -> Guard:
    """Return a guard that passes once the date fact ``name`` has gone by."""

    def guard(context: Context) -> str | None:
        day = context.date_fact(name)
        if day is None:
            return f"{message} (no {name.replace('_', ' ')} is known)"
        return None if context.today > day else f"{message} (it is {day.isoformat()})"

    guard.__name__ = f"after_{name}"
    return guard


def until(name: str, message: str) -> Guard:
    """Return a guard that passes while the date fact ``name`` has not gone by."""

    def guard(context: Context) -> str | None:
        day = context.date_fact(name)
        if day is None or context.today <= day:
            return None
        return f"{message} (it was {day.isoformat()})"

    guard.__name__ = f"until_{name}"
    return guard


@dataclass(frozen=True, slots=True)
class Transition:
    """One allowed step of a process, who may take it and the conditions on it."""

    source: str
    target: str
    roles: frozenset[str]
    guards: tuple[Guard, ...] = ()


@dataclass(frozen=True, slots=True)
class Step:
    """A step that was allowed: the record to keep, with actor, role and reason."""

    machine: str
    source: str
    target: str
    actor: str
    role: str
    reason: str
    on: date

    def to_json(self) -> dict[str, str]:
        """Return the step as a plain dict."""
        return {
            "machine": self.machine,
            "from": self.source,
            "to": self.target,
            "actor": self.actor,
            "role": self.role,
            "reason": self.reason,
            "on": self.on.isoformat(),
        }


class Machine:
    """The transition table of one process."""

    def __init__(
        self,
        name: str,
        *,
        states: Iterable[str],
        initial: str,
        transitions: Iterable[Transition],
    ) -> None:
        self.name = name
        self.states: tuple[str, ...] = tuple(states)
        self.initial = initial
        self._table: dict[tuple[str, str], Transition] = {}
        for transition in transitions:
            for state in (transition.source, transition.target):
                if state not in self.states:
                    raise UnknownStateError(name, state)
            self._table[(transition.source, transition.target)] = transition
        if initial not in self.states:
            raise UnknownStateError(name, initial)

    def __repr__(self) -> str:
        return f"Machine({self.name!r})"

    @property
    def transitions(self) -> tuple[Transition, ...]:
        """Return every transition of the table."""
        return tuple(self._table.values())

    def is_final(self, state: str) -> bool:
        """Return whether no transition leaves ``state``."""
        self._check(state)
        return not any(source == state for source, _ in self._table)

    def targets(self, source: str, *, role: str | None = None) -> tuple[str, ...]:
        """Return the states reachable in one step, for ``role`` if one is given."""
        self._check(source)
        return tuple(
            t.target
            for t in self._table.values()
            if t.source == source and (role is None or role in t.roles)
        )

    def step(
        self,
        source: str,
        target: str,
        *,
        actor: str,
        role: str,
        reason: str,
        context: Context,
    ) -> Step:
        """
        Return the step from ``source`` to ``target``, or raise why it is refused.

        >>> from datetime import date
        >>> from haven.engines.workflow.machines import APPEAL
        >>> APPEAL.step("lodged", "pending", actor="ana", role="caseworker",
        ...     reason="registered by the tribunal", context=Context(date(2017, 1, 5))
        ... ).target
        'pending'
        """
        # Enum members (Django choices among them) count by their value.
        source, target = str(source), str(target)
        self._check(source)
        self._check(target)
        transition = self._table.get((source, target))
        if transition is None:
            raise IllegalTransitionError(
                self.name, source, target, self.targets(source)
            )
        if role not in transition.roles:
            raise RoleNotAllowedError(self.name, source, target, role)
        if not reason.strip():
            raise ReasonRequiredError(self.name, source, target)
        problems = tuple(
            problem
            for guard in transition.guards
            if (problem := guard(context)) is not None
        )
        if problems:
            raise GuardFailedError(self.name, source, target, problems)
        return Step(
            machine=self.name,
            source=source,
            target=target,
            actor=actor,
            role=role,
            reason=reason.strip(),
            on=context.today,
        )

    def _check(self, state: str) -> None:
        if state not in self.states:
            raise UnknownStateError(self.name, state)
