"""The transition tables: legal steps, refused steps, roles, guards, reasons."""

from __future__ import annotations

from datetime import date

import pytest

from haven.engines.workflow import (
    ALERT,
    APPEAL,
    CASE,
    MACHINES,
    REQUEST_MACHINES,
    TRANSFER,
    Context,
    GuardFailedError,
    IllegalTransitionError,
    Machine,
    ReasonRequiredError,
    RoleNotAllowedError,
    Transition,
    UnknownStateError,
    request_machine,
)

TODAY = date(2016, 11, 2)
# The take-charge request under Dublin III, the table the other kinds vary.
REQUEST = request_machine("take_charge", "dublin3")


def step(machine, source, target, *, role="supervisor", reason="noted", **facts):
    return machine.step(
        source,
        target,
        actor="ana",
        role=role,
        reason=reason,
        context=Context(TODAY, facts),
    )


def test_a_child_walks_the_case_from_registration_to_arrival():
    path = [
        ("registered", "screened", {}),
        ("screened", "tracing", {}),
        ("tracing", "determination", {}),
        ("determination", "request_sent", {"request_sent": True}),
        ("request_sent", "accepted", {"request_accepted": True}),
        ("accepted", "transfer", {"checked_out": True}),
        ("transfer", "arrived", {"checked_in": True}),
    ]
    steps = [step(CASE, s, t, **facts) for s, t, facts in path]
    assert [s.target for s in steps][-1] == "arrived"
    assert all(s.actor == "ana" and s.on == TODAY for s in steps)
    assert CASE.is_final("arrived") is True


@pytest.mark.parametrize(
    ("target", "fact", "role", "problem"),
    [
        ("tracing", "tracing_requested", "caseworker", "no tracing request"),
        (
            "determination",
            "responsibility_determined",
            "dublin_officer",
            "no responsibility determination",
        ),
    ],
)
def test_a_registered_case_skips_screening_only_with_the_record_behind_it(
    target, fact, role, problem
):
    with pytest.raises(GuardFailedError) as caught:
        step(CASE, "registered", target, role=role)
    assert problem in str(caught.value)
    assert step(CASE, "registered", target, role=role, **{fact: True}).target == target


def test_a_dublin_officer_may_not_open_tracing_on_a_registered_case():
    with pytest.raises(RoleNotAllowedError):
        step(
            CASE, "registered", "tracing", role="dublin_officer", tracing_requested=True
        )


def test_an_illegal_transition_is_refused_naming_both_states():
    with pytest.raises(IllegalTransitionError) as caught:
        step(CASE, "registered", "arrived")
    message = str(caught.value)
    assert "'registered'" in message
    assert "'arrived'" in message
    assert "'screened'" in message
    assert caught.value.code == "illegal_transition"


def test_a_final_state_says_there_is_no_way_on():
    with pytest.raises(IllegalTransitionError, match="final state"):
        step(CASE, "arrived", "transfer")


def test_a_role_outside_the_table_is_refused():
    with pytest.raises(RoleNotAllowedError) as caught:
        step(
            CASE,
            "determination",
            "request_sent",
            role="registration_clerk",
            request_sent=True,
        )
    assert "'determination'" in str(caught.value)
    assert caught.value.role == "registration_clerk"


def test_an_unknown_role_is_refused_everywhere():
    for machine in (*MACHINES.values(), *REQUEST_MACHINES.values()):
        for transition in machine.transitions:
            with pytest.raises(RoleNotAllowedError):
                machine.step(
                    transition.source,
                    transition.target,
                    actor="x",
                    role="visitor",
                    reason="r",
                    context=Context(TODAY),
                )


def test_every_step_needs_a_reason():
    with pytest.raises(ReasonRequiredError, match="reason is required"):
        step(CASE, "registered", "screened", reason="   ")


def test_a_refusal_needs_a_recorded_decision():
    with pytest.raises(GuardFailedError, match="reasoned decision"):
        step(CASE, "request_sent", "refused")
    assert step(CASE, "request_sent", "refused", decision_recorded=True).target == (
        "refused"
    )


def test_a_transfer_after_its_time_limit_is_refused():
    with pytest.raises(GuardFailedError, match="time limit for the transfer"):
        step(
            CASE,
            "accepted",
            "transfer",
            checked_out=True,
            transfer_due=date(2016, 11, 1),
        )
    assert (
        step(CASE, "accepted", "transfer", checked_out=True, transfer_due=TODAY).target
        == "transfer"
    )


def test_a_return_waits_for_a_pending_appeal():
    with pytest.raises(GuardFailedError) as caught:
        step(CASE, "refused", "returned", appeal_pending=True)
    assert len(caught.value.problems) == 2
    assert step(CASE, "refused", "returned", return_recorded=True).target == "returned"


def test_silence_becomes_acceptance_only_after_the_reply_period():
    with pytest.raises(GuardFailedError, match="reply period has not ended"):
        step(REQUEST, "reply_due", "deemed_accepted", reply_due=TODAY)
    with pytest.raises(GuardFailedError, match="no reply due is known"):
        step(REQUEST, "reply_due", "deemed_accepted")
    deemed = step(
        REQUEST,
        "reply_due",
        "deemed_accepted",
        role="system",
        reply_due=date(2016, 11, 1),
    )
    assert deemed.target == "deemed_accepted"


def test_a_request_runs_from_draft_to_transferred():
    path = [
        ("drafted", "sent", {}),
        ("sent", "reply_due", {}),
        ("reply_due", "accepted", {}),
        ("accepted", "transfer_due", {}),
        ("transfer_due", "transferred", {"arrived": True}),
    ]
    assert [step(REQUEST, s, t, **f).target for s, t, f in path][-1] == "transferred"
    assert REQUEST.is_final("transferred") is True


def test_an_appeal_is_decided_only_with_an_outcome():
    with pytest.raises(GuardFailedError, match="outcome"):
        step(APPEAL, "pending", "decided")
    assert step(APPEAL, "pending", "decided", outcome="allowed").target == "decided"


def test_custody_runs_from_planned_to_checked_in_and_can_go_missing():
    assert TRANSFER.targets("planned") == ("checked_out", "missing")
    assert step(TRANSFER, "in_transit", "missing", role="system").target == "missing"
    assert step(TRANSFER, "missing", "checked_in").target == "checked_in"
    with pytest.raises(IllegalTransitionError):
        step(TRANSFER, "checked_in", "missing")


def test_an_alert_escalates_to_police_then_trafficking_referral():
    assert ALERT.targets("open", role="protection_specialist") == (
        "police_notified",
        "trafficking_referred",
        "found",
        "closed",
    )
    assert step(ALERT, "police_notified", "trafficking_referred").target == (
        "trafficking_referred"
    )
    assert ALERT.targets("open", role="registration_clerk") == ()


def test_unknown_states_are_named():
    with pytest.raises(UnknownStateError, match="'lost'"):
        step(CASE, "lost", "screened")
    with pytest.raises(UnknownStateError):
        Machine(
            "m",
            states=["a"],
            initial="a",
            transitions=[Transition("a", "b", frozenset())],
        )
    with pytest.raises(UnknownStateError):
        Machine("m", states=["a"], initial="z", transitions=[])


def test_a_step_serialises_to_plain_values():
    record = step(CASE, "registered", "screened", reason=" age and needs checked ")
    assert record.to_json() == {
        "machine": "case",
        "from": "registered",
        "to": "screened",
        "actor": "ana",
        "role": "supervisor",
        "reason": "age and needs checked",
        "on": "2016-11-02",
    }
    assert repr(CASE) == "Machine('case')"


def test_a_case_can_be_left_from_every_open_stage_but_not_from_a_final_one():
    for state in CASE.states:
        if CASE.is_final(state):
            assert CASE.targets(state) == ()
        else:
            assert "withdrawn" in CASE.targets(state) or state == "absconded"
