"""
A requested state's acceptance binds it, whatever haven's reading of the criteria.

Dublin III Art 18(1) obliges the state that accepted a take-charge or take-back
request, expressly (Arts 22(1), 25(1)) or by silence past the reply limit (Arts 22(7),
25(2)), to take the person in charge or back; Art 29(1) counts the transfer limit
from that acceptance. The AMMR's equivalents are Arts 36, 40, 41(3)-(4) and 46(1).
The criteria reading that disagrees is shown beside the acceptance for review.
"""

from __future__ import annotations

from datetime import date

from haven.engines.kernel import Citation, period_end
from haven.engines.kernel.limits import RE_EXAMINATION, REPLY, due, limit
from haven.engines.responsibility.citations import AMMR, D3
from haven.engines.responsibility.context import APPLIED, Context, Trail
from haven.engines.responsibility.deadlines import set_deadline
from haven.engines.responsibility.facts import Request
from haven.engines.responsibility.procedure import reply_period
from haven.engines.responsibility.result import Acceptance
from haven.engines.responsibility.transfer import transfer_time_limit

# The obligation an acceptance creates, by regime and kind of request.
OBLIGATIONS: dict[str, dict[str, Citation]] = {
    "dublin3": {
        "take_charge": Citation(D3, 18, 1, point="a"),
        "take_back": Citation(D3, 18, 1),
    },
    "ammr": {
        # AMMR Art 36(1): point (a) take charge; points (b) and (c) take back.
        "take_charge": Citation(AMMR, 36, 1, point="a"),
        "take_back": Citation(AMMR, 36, 1),
    },
}
_KINDS = ("take_charge", "take_back")


def _latest(ctx: Context, kind: str, state: str) -> Request | None:
    latest = None
    for request in ctx.facts.requests:
        if (
            request.type == kind
            and request.requested_state == state
            and (latest is None or request.sent > latest.sent)
        ):
            latest = request
    return latest


def _re_examined(ctx: Context, state: str) -> tuple[date, Citation] | None:
    """Return when ``state`` accepted on re-examination (Reg. 1560/2003 Art 5(2))."""
    rule = ctx.rules.re_examination
    request = _latest(ctx, "re_examination", state)
    if rule is None or request is None or request.reply is None:
        return None
    latest = due(
        limit(ctx.rules.regime, RE_EXAMINATION, REPLY), request.received or request.sent
    ).due
    if request.reply.decision == "accepted" and request.reply.date <= latest:
        return request.reply.date, rule
    return None


def _accepted(ctx: Context, request: Request) -> Acceptance | None:
    """Return the acceptance of ``request``, express or by silence, if any."""
    rules = ctx.rules
    _name, reply_rule, months, weeks = reply_period(rules, request)
    latest, _rolled = period_end(
        request.received or request.sent, months=months, weeks=weeks
    )
    reply = request.reply
    state = request.requested_state
    if reply is not None and reply.date <= latest:
        if reply.decision == "accepted":
            return Acceptance(state, request.type, reply.date, reply_rule, False)
        again = _re_examined(ctx, state)
        if again is None:
            return None
        return Acceptance(state, request.type, again[0], again[1], False)
    if ctx.today <= latest:
        return None
    tacit = (
        rules.tacit_acceptance
        if request.type == "take_charge"
        else rules.take_back_tacit
    )
    return Acceptance(state, request.type, latest, tacit, True)


def find_acceptance(ctx: Context) -> Acceptance | None:
    """
    Return the latest acceptance of a request the determining state made.

    Only the latest take-charge or take-back request to each state counts; a refusal
    in time ends it unless a re-examination was accepted.
    """
    requesting = ctx.determining_state
    found: Acceptance | None = None
    for request in ctx.facts.requests:
        if (
            request.type not in _KINDS
            or request.requesting_state != requesting
            or request.requested_state == requesting
            or _latest(ctx, request.type, request.requested_state) is not request
        ):
            continue
        accepted = _accepted(ctx, request)
        if accepted is not None and (found is None or accepted.date > found.date):
            found = accepted
    return found


def accept_as_recorded(
    ctx: Context, trail: Trail, accepted: Acceptance
) -> tuple[str, Citation]:
    """
    Record an acceptance whose request the other facts cannot place, and its limits.

    The reply limit is set as for any request of its kind; the transfer limits run
    from the acceptance (Dublin III Art 29(1), AMMR Art 46(1)).
    """
    request = _latest(ctx, accepted.request, accepted.state)
    assert request is not None
    name, reply_rule, months, weeks = reply_period(ctx.rules, request)
    set_deadline(
        trail,
        name,
        request.received or request.sent,
        reply_rule,
        months=months,
        weeks=weeks,
    )
    trail.add(
        accepted.rule,
        APPLIED,
        ("{0} accepted on {1}" + (" by silence" if accepted.tacit else ""),),
        accepted.state,
        (accepted.state, accepted.date),
    )
    return transfer_time_limit(
        ctx,
        trail,
        accepted.state,
        accepted.rule,
        ctx.determining_state,
        accepted.date,
    )
