"""
Procedural shifts: late requests, acceptance by silence and expired transfer limits.

Dublin III Arts 21–25 and 29; AMMR Arts 39–42 and 46. The requesting state is the
determining state; the criteria point to the requested state.
"""

from __future__ import annotations

from datetime import date

from haven.engines.kernel import Citation, Outcome
from haven.engines.responsibility.context import Context, Trail
from haven.engines.responsibility.deadlines import record_deadline, set_deadline
from haven.engines.responsibility.facts import Request
from haven.engines.responsibility.transfer import transfer_time_limit

Shift = tuple[str, Citation] | None


def _latest(ctx: Context, kind: str, state: str) -> Request | None:
    found = [
        r for r in ctx.facts.requests if r.type == kind and r.requested_state == state
    ]
    return max(found, key=lambda r: r.sent) if found else None


def _hit_received(
    ctx: Context, categories: tuple[int, ...], state: str | None
) -> date | None:
    dates = [
        hit.received
        for hit in ctx.facts.eurodac_hits
        if hit.category in categories
        and hit.received is not None
        and (state is None or hit.state == state)
    ]
    return min(dates) if dates else None


def procedural_shifts(
    ctx: Context, trail: Trail, state: str, article: Citation
) -> tuple[str, Citation]:
    """Return the responsible state and article after the procedure's time limits."""
    requesting = ctx.determining_state
    if state == requesting:
        return state, article
    take_back = ctx.applied_in(state)
    if take_back:
        accepted = _take_back(ctx, trail, state, requesting)
    else:
        accepted = _take_charge(ctx, trail, state, requesting)
    if isinstance(accepted, tuple):
        return accepted
    if accepted is None:
        return state, article
    last = trail.reasons[-1]
    if last.outcome is Outcome.APPLIED and last.citation in (
        ctx.rules.tacit_acceptance,
        ctx.rules.take_back_tacit,
    ):
        article = last.citation
    return transfer_time_limit(ctx, trail, state, article, requesting, accepted)


def _take_charge(
    ctx: Context, trail: Trail, state: str, requesting: str
) -> tuple[str, Citation] | date | None:
    rules = ctx.rules
    today = ctx.today
    due = set_deadline(
        trail,
        "take_charge_request",
        ctx.lodging,
        rules.take_charge_request,
        months=rules.take_charge_months,
    )
    hit = _hit_received(ctx, (2, 3), None)
    if hit is not None:
        # Mengesteab: the hit period is not added to the period from lodging.
        hit_due = set_deadline(
            trail,
            "take_charge_request_after_eurodac_hit",
            hit,
            rules.take_charge_request_eurodac,
            months=rules.take_charge_eurodac_months,
        )
        due = min(due, hit_due)
    request = _latest(ctx, "take_charge", state)
    minor_exception = rules.regime == "ammr" and ctx.unaccompanied_minor is True
    if request is None or request.sent > due:
        if request is None and today <= due:
            trail.add(
                rules.take_charge_request,
                Outcome.NOT_APPLIED,
                (f"no request to {state} yet; due by {due}",),
            )
            return None
        what = (
            "no request sent" if request is None else f"request sent on {request.sent}"
        )
        if minor_exception:
            trail.add(
                rules.take_charge_request_late,
                Outcome.NOT_APPLIED,
                (
                    f"{what}; limit {due}",
                    "unaccompanied minor: a request is still possible in the "
                    "child's best interests",
                ),
            )
            trail.review(
                "late take-charge request for an unaccompanied minor",
                rules.take_charge_request_late,
            )
            return None
        trail.add(
            rules.take_charge_request_late,
            Outcome.APPLIED,
            (f"{what}; limit {due}", f"{requesting} became responsible"),
            requesting,
        )
        return requesting, rules.take_charge_request_late
    trail.add(
        rules.take_charge_request,
        Outcome.APPLIED,
        (f"request sent to {state} on {request.sent}, within the limit {due}",),
    )
    received = request.received or request.sent
    if request.urgent and rules.take_charge_reply_urgent is not None:
        latest = set_deadline(
            trail,
            "take_charge_reply",
            received,
            rules.take_charge_reply_urgent,
            months=1,
        )
        if request.urgent_reply_by is not None:
            record_deadline(
                trail,
                "take_charge_urgent_reply",
                request.urgent_reply_by,
                received,
                rules.take_charge_reply_urgent,
            )
        reply_rule = rules.take_charge_reply_urgent
    elif (
        request.eurodac_hit
        and rules.take_charge_reply_eurodac is not None
        and rules.take_charge_reply_eurodac_weeks
    ):
        latest = set_deadline(
            trail,
            "take_charge_reply",
            received,
            rules.take_charge_reply_eurodac,
            weeks=rules.take_charge_reply_eurodac_weeks,
        )
        reply_rule = rules.take_charge_reply_eurodac
    else:
        latest = set_deadline(
            trail,
            "take_charge_reply",
            received,
            rules.take_charge_reply,
            months=rules.take_charge_reply_months,
        )
        reply_rule = rules.take_charge_reply
    return _reply(
        ctx,
        trail,
        request,
        state,
        requesting,
        latest,
        reply_rule,
        rules.tacit_acceptance,
        due,
    )


def _take_back(
    ctx: Context, trail: Trail, state: str, requesting: str
) -> tuple[str, Citation] | date | None:
    rules = ctx.rules
    today = ctx.today
    current = ctx.applications[-1].date
    hit = _hit_received(ctx, (1,), state)
    request = _latest(ctx, "take_back", state)
    if rules.regime == "ammr":
        event = hit or current
        due = set_deadline(
            trail, "take_back_notification", event, rules.take_back, weeks=2
        )
        if request is None:
            trail.add(
                rules.take_back,
                Outcome.NOT_APPLIED,
                (
                    f"no notification to {state} yet; due by {due}",
                    "a late notification does not affect the obligation",
                ),
            )
            return None
        trail.add(
            rules.take_back,
            Outcome.APPLIED,
            (f"notification sent to {state} on {request.sent}",),
        )
        received = request.received or request.sent
        latest = set_deadline(
            trail, "take_back_confirmation", received, rules.take_back_reply, weeks=2
        )
        return _reply(
            ctx,
            trail,
            request,
            state,
            requesting,
            latest,
            rules.take_back_reply,
            rules.take_back_tacit,
            None,
        )
    if hit is not None:
        due = set_deadline(
            trail,
            "take_back_request",
            hit,
            rules.take_back,
            months=rules.take_back_request_eurodac_months,
        )
    else:
        due = set_deadline(
            trail,
            "take_back_request",
            current,
            rules.take_back,
            months=rules.take_back_request_months,
        )
    if request is None or request.sent > due:
        if request is None and today <= due:
            trail.add(
                rules.take_back,
                Outcome.NOT_APPLIED,
                (f"no request to {state} yet; due by {due}",),
            )
            return None
        what = (
            "no request sent" if request is None else f"request sent on {request.sent}"
        )
        trail.add(
            rules.take_back_late,
            Outcome.APPLIED,
            (
                f"{what}; limit {due}",
                f"{requesting}, where the new application was lodged, "
                "became responsible",
            ),
            requesting,
        )
        return requesting, rules.take_back_late
    trail.add(
        rules.take_back,
        Outcome.APPLIED,
        (f"request sent to {state} on {request.sent}, within the limit {due}",),
    )
    received = request.received or request.sent
    if request.eurodac_hit:
        latest = set_deadline(
            trail,
            "take_back_reply",
            received,
            rules.take_back_reply,
            weeks=rules.take_back_reply_eurodac_weeks,
        )
    else:
        latest = set_deadline(
            trail,
            "take_back_reply",
            received,
            rules.take_back_reply,
            months=rules.take_back_reply_months,
        )
    return _reply(
        ctx,
        trail,
        request,
        state,
        requesting,
        latest,
        rules.take_back_reply,
        rules.take_back_tacit,
        None,
    )


def _reply(
    ctx: Context,
    trail: Trail,
    request: Request,
    state: str,
    requesting: str,
    latest: date,
    reply_rule: Citation,
    tacit_rule: Citation,
    request_due: date | None,
) -> tuple[str, Citation] | date | None:
    """Return the acceptance date, a shift, or ``None`` while a reply is awaited."""
    reply = request.reply
    if reply is not None and reply.date <= latest:
        if reply.decision == "accepted":
            trail.add(
                reply_rule,
                Outcome.APPLIED,
                (f"{state} accepted on {reply.date}",),
                state,
            )
            return reply.date
        trail.add(
            reply_rule, Outcome.NOT_APPLIED, (f"{state} refused on {reply.date}",)
        )
        return _re_examination(ctx, trail, state, requesting, request_due)
    if ctx.today <= latest:
        trail.add(tacit_rule, Outcome.NOT_APPLIED, (f"reply awaited until {latest}",))
        return None
    late = "" if reply is None else f"; late reply on {reply.date} is disregarded"
    trail.add(
        tacit_rule,
        Outcome.APPLIED,
        (f"no reply by {latest}{late}: accepted by silence",),
        state,
    )
    return latest


def _re_examination(
    ctx: Context, trail: Trail, state: str, requesting: str, request_due: date | None
) -> tuple[str, Citation] | date | None:
    rules = ctx.rules
    citation = rules.re_examination or rules.take_charge_reply
    request = _latest(ctx, "re_examination", state)
    if request is None or rules.re_examination is None:
        trail.review(
            f"{state} refused the request; {requesting} examines unless a "
            "re-examination succeeds",
            citation,
        )
        return requesting, rules.take_charge_reply
    received = request.received or request.sent
    latest = set_deadline(
        trail, "re_examination_reply", received, rules.re_examination, weeks=2
    )
    if request.reply is not None and request.reply.date <= latest:
        if request.reply.decision == "accepted":
            trail.add(
                rules.re_examination,
                Outcome.APPLIED,
                (f"{state} accepted on re-examination on {request.reply.date}",),
                state,
            )
            return request.reply.date
        trail.add(
            rules.re_examination,
            Outcome.NOT_APPLIED,
            (f"{state} refused again on {request.reply.date}",),
        )
        return requesting, rules.take_charge_reply
    if ctx.today <= latest:
        trail.add(
            rules.re_examination,
            Outcome.NOT_APPLIED,
            (f"re-examination reply awaited until {latest}",),
        )
        return None
    if request_due is not None and ctx.today <= request_due:
        trail.review(
            "re-examination ended unanswered; a fresh request is possible "
            f"until {request_due}",
            rules.re_examination,
        )
        return None
    trail.add(
        rules.re_examination,
        Outcome.APPLIED,
        (
            f"no reply by {latest}: the re-examination ended (X and X)",
            f"{requesting} became responsible",
        ),
        requesting,
    )
    return requesting, rules.re_examination
