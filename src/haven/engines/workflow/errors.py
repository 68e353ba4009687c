"""The workflow engine's error tree: a refused transition names both states."""

from __future__ import annotations

from haven.engines.kernel import EngineError


class WorkflowError(EngineError):
    """Base of every error the workflow engine raises."""

    code = "workflow_error"


class UnknownStateError(WorkflowError):
    """A state that the process does not have."""

    code = "unknown_state"

    def __init__(self, machine: str, state: str) -> None:
        self.machine = machine
        self.state = state
        super().__init__(f"{machine}: there is no state {state!r}")


class TransitionRefusedError(WorkflowError):
    """A step from ``source`` to ``target`` that may not be taken, and why."""

    code = "transition_refused"

    def __init__(
        self, machine: str, source: str, target: str, problems: tuple[str, ...]
    ) -> None:
        self.machine = machine
        self.source = source
        self.target = target
        self.problems = problems
        text = "; ".join(problems)
        super().__init__(f"{machine}: cannot go from {source!r} to {target!r}: {text}")


class IllegalTransitionError(TransitionRefusedError):
    """The process has no transition from ``source`` to ``target`` at all."""

    code = "illegal_transition"

    def __init__(
        self, machine: str, source: str, target: str, allowed: tuple[str, ...]
    ) -> None:
        self.allowed = allowed
        next_states = ", ".join(repr(s) for s in allowed) or "none (final state)"
        super().__init__(
            machine,
            source,
            target,
            (
                f"not a transition of this process; from {source!r} it may go to "
                f"{next_states}",
            ),
        )


class RoleNotAllowedError(TransitionRefusedError):
    """The transition exists, but the acting role may not take it."""

    code = "role_not_allowed"

    def __init__(self, machine: str, source: str, target: str, role: str) -> None:
        self.role = role
        super().__init__(
            machine, source, target, (f"the role {role!r} may not take this step",)
        )


class GuardFailedError(TransitionRefusedError):
    """The transition exists and the role may take it, but a condition is unmet."""

    code = "guard_failed"


class ReasonRequiredError(TransitionRefusedError):
    """Every transition needs a reason; none was given."""

    code = "reason_required"

    def __init__(self, machine: str, source: str, target: str) -> None:
        super().__init__(machine, source, target, ("a reason is required",))
