"""Dublin III Art 17 and AMMR Art 35: the sovereignty and humanitarian clauses."""

from __future__ import annotations

from haven.engines.kernel.limits import HUMANITARIAN, REPLY, limit
from haven.engines.responsibility.context import (
    APPLIED,
    NOT_APPLIED,
    Context,
    Fixed,
    Trail,
)
from haven.engines.responsibility.deadlines import set_limit

_NO_DISCRETION = Fixed(NOT_APPLIED, "no state decided to examine the application")
_NO_HUMANITARIAN = Fixed(NOT_APPLIED, "no humanitarian request")


def sovereignty_clause(ctx: Context, trail: Trail) -> str | None:
    """Apply Art 17(1) (AMMR Art 35(1)): a state decided to examine the application."""
    citation = ctx.rules.sovereignty
    if not ctx.facts.discretion:
        trail.fixed(citation, _NO_DISCRETION)
        return None
    latest = sorted(ctx.facts.discretion, key=lambda item: item.date)[-1]
    trail.add(
        citation,
        APPLIED,
        (f"{latest.state} decided on {latest.date} to examine the application",),
        latest.state,
    )
    return latest.state


def humanitarian_clause(ctx: Context, trail: Trail) -> str | None:
    """
    Apply Art 17(2) (AMMR Art 35(2)): a request to bring family relations together.

    Made before a first decision on the substance, with written consent; the
    requested state replies within 2 months and silence is not acceptance.
    """
    citation = ctx.rules.humanitarian
    request = None
    for item in ctx.facts.requests:
        if item.type == "humanitarian":
            request = item
    if request is None:
        trail.fixed(citation, _NO_HUMANITARIAN)
        return None
    facts = [
        f"{request.requesting_state} asked {request.requested_state} on {request.sent}"
    ]
    if ctx.first_application.first_instance_decision:
        trail.add(
            citation,
            NOT_APPLIED,
            (*facts, "made after a first decision on the substance"),
        )
        return None
    if request.written_consent is None:
        trail.need(
            citation, ["$.requests[].written_consent of the humanitarian request"]
        )
        return None
    if not request.written_consent:
        trail.add(citation, NOT_APPLIED, (*facts, "no written consent"))
        return None
    if request.reply is None:
        received = request.received or request.sent
        due = set_limit(
            trail,
            "humanitarian_reply",
            received,
            limit(ctx.rules.regime, HUMANITARIAN, REPLY),
        )
        trail.use(citation)
        trail.add(
            citation,
            NOT_APPLIED,
            (*facts, f"no reply yet; due {due}; silence is not acceptance"),
        )
        return None
    if request.reply.decision == "accepted":
        facts.append(f"accepted on {request.reply.date}")
        trail.add(citation, APPLIED, tuple(facts), request.requested_state)
        return request.requested_state
    trail.add(citation, NOT_APPLIED, (*facts, f"refused on {request.reply.date}"))
    return None
