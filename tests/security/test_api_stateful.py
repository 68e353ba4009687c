"""
T-S5, stateful phase: chains of API calls that reuse what earlier answers returned.

specs/security.md T-S5 asks for every Schemathesis phase. Here Schemathesis infers
the links between operations from the schema (a registration's id feeds the
person, determination, tracing and Dublin request operations; a manifest's id its
entries and custody steps; a case's id its decisions and appeals) and runs them as
a Hypothesis state machine, once per role and anonymously, with every check,
``use_after_free`` and ``ensure_resource_availability`` among them. The seed is
fixed; ``HAVEN_FUZZ_STATEFUL_EXAMPLES`` sets the number of call sequences.
"""

from __future__ import annotations

import os
from typing import Any, ClassVar

import pytest
from hypothesis import HealthCheck, Phase, seed, settings
from hypothesis.errors import FlakyStrategyDefinition

from haven.apps.accounts.models import User
from tests.security.test_api_fuzz import (  # noqa: F401  (fixtures)
    SessionAuth,
    _connections_stay_open,
    identity,
    schema,
)

EXAMPLES = int(os.environ.get("HAVEN_FUZZ_STATEFUL_EXAMPLES", "25"))
STEPS = 8
SEED = 2016
ATTEMPTS = 4


class Workflow(schema.as_state_machine()):  # type: ignore[misc]
    """Each call carries the identity under test; calls are counted."""

    calls: ClassVar[int] = 0

    def before_call(self, case: Any) -> None:
        Workflow.calls += 1
        SessionAuth.authenticate(case)

    def after_call(self, response: Any, case: Any) -> None:
        SessionAuth.count(case, response)


def run_workflow() -> int:
    """
    Run the state machine for one identity; return the calls of the run that ended.

    The server keeps what earlier sequences created, so a replayed sequence can
    draw differently; Hypothesis then reports FlakyStrategyDefinition. As
    Schemathesis's own runner does, that session is dropped and a fresh one starts
    on the next seed. Any failed check fails the test, and so does a run in which
    no session ended normally.
    """
    for attempt in range(ATTEMPTS):
        Workflow.calls = 0
        machine = seed(SEED + attempt)(type("Session", (Workflow,), {}))
        try:
            machine.run(
                settings=settings(
                    max_examples=EXAMPLES,
                    stateful_step_count=STEPS,
                    deadline=None,
                    database=None,
                    phases=[Phase.generate],
                    suppress_health_check=list(HealthCheck),
                )
            )
        except FlakyStrategyDefinition:
            continue
        return Workflow.calls
    pytest.fail(f"every one of {ATTEMPTS} sessions was dropped as flaky")


def test_the_state_machine_links_the_operations_that_create_and_use_records():
    names = [name for name in dir(Workflow) if "__" in name and "RANDOM" not in name]
    assert any("POST_api_v1_people" in n and "PUT_api_v1_people_id" in n for n in names)
    assert any("POST_api_v1_manifests" in n for n in names)


@pytest.mark.django_db
@pytest.mark.parametrize("identity", ["anonymous", *User.Role.values], indirect=True)
def test_no_sequence_of_calls_fails_for_any_role(identity):  # noqa: F811
    assert run_workflow() >= 2 * EXAMPLES
