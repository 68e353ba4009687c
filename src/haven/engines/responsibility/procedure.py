"""
Procedural shifts: late requests, acceptance by silence and expired transfer limits.

Dublin III Arts 21–25 and 29; AMMR Arts 39–42 and 46. The requesting state is the
determining state; the criteria point to the requested state.
"""

from __future__ import annotations

from datetime import date

from haven.engines.kernel import Citation
from haven.engines.kernel.limits import (
    EURODAC_HIT,
    NO_EURODAC_HIT,
    NO_NEW_APPLICATION,
    RE_EXAMINATION,
    REPLY,
    REQUEST,
    TAKE_BACK,
    TAKE_CHARGE,
    URGENT,
    limit,
)
from haven.engines.responsibility.citations import RegimeRules
from haven.engines.responsibility.context import APPLIED, NOT_APPLIED, Context, Trail
from haven.engines.responsibility.deadlines import (
    record_deadline,
    set_deadline,
    set_limit,
)
from haven.engines.responsibility.facts import Request
from haven.engines.responsibility.transfer import transfer_time_limit

Shift = tuple[str, Citation] | None

# Fact templates, formatted with the values each call passes.
_NOT_SENT = "no request sent; limit {1}"
_SENT_ON = "request sent on {0}; limit {1}"
_SILENCE = ("no reply by {0}: accepted by silence",)
_SILENCE_LATE_REPLY = (
    "no reply by {0}; late reply on {1} is disregarded: accepted by silence",
)


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


def _hit_received(
    ctx: Context, categories: tuple[int, ...], state: str | None
) -> date | None:
    if not ctx.facts.eurodac_hits:
        return None
    dates = [
        hit.received
        for hit in ctx.facts.eurodac_hits
        if hit.category in categories
        and hit.received is not None
        and (state is None or hit.state == state)
    ]
    return min(dates) if dates else None


def reply_period(
    rules: RegimeRules, request: Request
) -> tuple[str, Citation, int, int]:
    """
    Return the reply deadline's name, rule, months and weeks for a request.

    Take charge: 2 months (Dublin III Art 22(1)), 1 month when urgent (Art 21(2)), and
    under the AMMR 1 month or 2 weeks after a Eurodac hit (Art 40(1)). Take back:
    1 month, or 2 weeks after a Eurodac hit (Art 25(1)); the AMMR take-back
    notification is confirmed within 2 weeks (Art 41(1)).
    """
    if request.type == "take_back":
        if rules.regime == "ammr":
            rule = limit(rules.regime, TAKE_BACK, REPLY)
            return "take_back_confirmation", rule.citation, rule.months, rule.weeks
        if request.eurodac_hit:
            rule = limit(rules.regime, TAKE_BACK, REPLY, EURODAC_HIT)
            return "take_back_reply", rule.citation, rule.months, rule.weeks
        rule = limit(rules.regime, TAKE_BACK, REPLY)
        return "take_back_reply", rule.citation, rule.months, rule.weeks
    if request.urgent and rules.take_charge_reply_urgent is not None:
        rule = limit(rules.regime, TAKE_CHARGE, REPLY, URGENT)
        return "take_charge_reply", rule.citation, rule.months, rule.weeks
    if request.eurodac_hit and rules.take_charge_reply_eurodac is not None:
        rule = limit(rules.regime, TAKE_CHARGE, REPLY, EURODAC_HIT)
        return "take_charge_reply", rule.citation, rule.months, rule.weeks
    rule = limit(rules.regime, TAKE_CHARGE, REPLY)
    return "take_charge_reply", rule.citation, rule.months, rule.weeks


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
    if last.outcome is APPLIED and last.citation in (
        ctx.rules.tacit_acceptance,
        ctx.rules.take_back_tacit,
    ):
        article = last.citation
    return transfer_time_limit(ctx, trail, state, article, requesting, accepted)


def _lodged_with(ctx: Context, state: str) -> date:
    """
    Return when the application was lodged with ``state``, the requesting state.

    Art 21(1) (AMMR Art 39(1)) counts the request period from the lodging
    (registration) of the application with the state that makes the request, not
    from a lodging elsewhere. Without an application in that state, the first
    lodging is used.
    """
    for item in ctx.applications:
        if item.state == state:
            return item.date
    return ctx.lodging


def _take_charge(
    ctx: Context, trail: Trail, state: str, requesting: str
) -> tuple[str, Citation] | date | None:
    rules = ctx.rules
    today = ctx.today
    due = set_limit(
        trail,
        "take_charge_request",
        _lodged_with(ctx, requesting),
        limit(rules.regime, TAKE_CHARGE, REQUEST),
    )
    # Dublin III Art 21(1) counts a hit on data recorded under Art 14 of Reg. 603/2013
    # (category 2) only; AMMR Art 39(1) also a hit on data of Reg. 2024/1358 Art 24.
    hit = _hit_received(ctx, (2,) if rules.regime == "dublin3" else (2, 3), None)
    if hit is None and ctx.facts.eurodac_hits:
        _ignored_hits(ctx, trail, (2,) if rules.regime == "dublin3" else (2, 3))
    if hit is not None:
        # Mengesteab: the hit period is not added to the period from lodging.
        hit_due = set_limit(
            trail,
            "take_charge_request_after_eurodac_hit",
            hit,
            limit(rules.regime, TAKE_CHARGE, REQUEST, EURODAC_HIT),
        )
        due = min(due, hit_due)
    request = _latest(ctx, "take_charge", state)
    minor_exception = rules.regime == "ammr" and ctx.unaccompanied_minor is True
    if request is None or request.sent > due:
        if request is None and today <= due:
            trail.add(
                rules.take_charge_request,
                NOT_APPLIED,
                ("no request to {0} yet; due by {1}",),
                None,
                (state, due),
            )
            return None
        what = _NOT_SENT if request is None else _SENT_ON
        values = (request and request.sent, due, requesting)
        if minor_exception:
            trail.add(
                rules.take_charge_request_late,
                NOT_APPLIED,
                (
                    what,
                    "unaccompanied minor: a request is still possible in the "
                    "child's best interests",
                ),
                None,
                values,
            )
            trail.review(
                "late take-charge request for an unaccompanied minor",
                rules.take_charge_request_late,
            )
            return None
        trail.add(
            rules.take_charge_request_late,
            APPLIED,
            (what, "{2} became responsible"),
            requesting,
            values,
        )
        return requesting, rules.take_charge_request_late
    trail.add(
        rules.take_charge_request,
        APPLIED,
        ("request sent to {0} on {1}, within the limit {2}",),
        None,
        (state, request.sent, due),
    )
    received = request.received or request.sent
    name, reply_rule, months, weeks = reply_period(rules, request)
    latest = set_deadline(trail, name, received, reply_rule, months=months, weeks=weeks)
    if (
        reply_rule is rules.take_charge_reply_urgent
        and request.urgent_reply_by is not None
    ):
        record_deadline(
            trail,
            "take_charge_urgent_reply",
            request.urgent_reply_by,
            received,
            reply_rule,
        )
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
        due = set_limit(
            trail,
            "take_back_notification",
            event,
            limit(rules.regime, TAKE_BACK, REQUEST, None if hit else NO_EURODAC_HIT),
        )
        if request is None:
            trail.add(
                rules.take_back,
                NOT_APPLIED,
                (
                    f"no notification to {state} yet; due by {due}",
                    "a late notification does not affect the obligation",
                ),
            )
            return None
        trail.add(
            rules.take_back,
            APPLIED,
            (f"notification sent to {state} on {request.sent}",),
        )
        received = request.received or request.sent
        name, reply_rule, months, weeks = reply_period(rules, request)
        latest = set_deadline(
            trail, name, received, reply_rule, months=months, weeks=weeks
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
    if not ctx.applied_in(requesting):
        return _irregular_stay(ctx, trail, state, requesting, hit, request)
    if hit is not None:
        due = set_limit(
            trail,
            "take_back_request",
            hit,
            limit(rules.regime, TAKE_BACK, REQUEST, EURODAC_HIT),
        )
    else:
        due = set_limit(
            trail,
            "take_back_request",
            current,
            limit(rules.regime, TAKE_BACK, REQUEST),
        )
    if request is None or request.sent > due:
        if request is None and today <= due:
            trail.add(
                rules.take_back,
                NOT_APPLIED,
                (f"no request to {state} yet; due by {due}",),
            )
            return None
        what = (
            "no request sent" if request is None else f"request sent on {request.sent}"
        )
        trail.add(
            rules.take_back_late,
            APPLIED,
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
        APPLIED,
        (f"request sent to {state} on {request.sent}, within the limit {due}",),
    )
    return _take_back_reply(ctx, trail, request, state, requesting)


def _take_back_reply(
    ctx: Context, trail: Trail, request: Request, state: str, requesting: str
) -> tuple[str, Citation] | date | None:
    """Set the take-back reply limit and read the reply, or the silence, against it."""
    rules = ctx.rules
    received = request.received or request.sent
    name, reply_rule, months, weeks = reply_period(rules, request)
    latest = set_deadline(trail, name, received, reply_rule, months=months, weeks=weeks)
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
                APPLIED,
                ("{0} accepted on {1}",),
                state,
                (state, reply.date),
            )
            return reply.date
        trail.add(
            reply_rule,
            NOT_APPLIED,
            ("{0} refused on {1}",),
            None,
            (state, reply.date),
        )
        return _re_examination(ctx, trail, state, requesting, request_due)
    if ctx.today <= latest:
        trail.add(
            tacit_rule,
            NOT_APPLIED,
            ("reply awaited until {0}",),
            None,
            (latest,),
        )
        return None
    trail.add(
        tacit_rule,
        APPLIED,
        _SILENCE if reply is None else _SILENCE_LATE_REPLY,
        state,
        (latest, reply and reply.date),
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
        _stays_with(trail, rules.take_charge_reply, state, requesting)
        return requesting, rules.take_charge_reply
    received = request.received or request.sent
    latest = set_limit(
        trail,
        "re_examination_reply",
        received,
        limit(rules.regime, RE_EXAMINATION, REPLY),
    )
    if request.reply is not None and request.reply.date <= latest:
        if request.reply.decision == "accepted":
            trail.add(
                rules.re_examination,
                APPLIED,
                (f"{state} accepted on re-examination on {request.reply.date}",),
                state,
            )
            return request.reply.date
        trail.add(
            rules.re_examination,
            NOT_APPLIED,
            (f"{state} refused again on {request.reply.date}",),
        )
        _stays_with(trail, rules.take_charge_reply, state, requesting)
        return requesting, rules.take_charge_reply
    if ctx.today <= latest:
        trail.add(
            rules.re_examination,
            NOT_APPLIED,
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
        APPLIED,
        (
            f"no reply by {latest}: the re-examination ended (X and X)",
            f"{requesting} became responsible",
        ),
        requesting,
    )
    return requesting, rules.re_examination


def _stays_with(trail: Trail, rule: Citation, state: str, requesting: str) -> None:
    """Record that a refusal leaves the requesting state responsible."""
    trail.add(
        rule,
        APPLIED,
        ("{0} refused the request; {1}, the requesting state, stays responsible",),
        requesting,
        (state, requesting),
    )


def _ignored_hits(ctx: Context, trail: Trail, categories: tuple[int, ...]) -> None:
    """
    Record Eurodac hits that do not shorten the take-charge request period.

    Dublin III Art 21(1) second subparagraph counts only a hit on data recorded under
    Art 14 of Reg. 603/2013 (category 2), and only once the hit is received.
    """
    ignored = [
        f"Eurodac hit in {hit.state}, category {hit.category}"
        + ("" if hit.received is not None else ", date received unknown")
        for hit in ctx.facts.eurodac_hits
        if hit.category not in categories or hit.received is None
    ]
    if ignored:
        trail.add(
            ctx.rules.take_charge_request_eurodac,
            NOT_APPLIED,
            (*ignored, "does not shorten the request period"),
        )


def _irregular_stay(
    ctx: Context,
    trail: Trail,
    state: str,
    requesting: str,
    hit: date | None,
    request: Request | None,
) -> tuple[str, Citation] | date | None:
    """
    Apply Dublin III Art 24: a take back of a person who lodged no new application.

    The request is due 2 months after a Eurodac hit (Art 24(2)); the period from other
    evidence runs from a date the facts do not give. A request missing or late moves
    no responsibility: the requesting state must give the person the opportunity to
    lodge a new application (Art 24(3)).
    """
    rules = ctx.rules
    assert rules.take_back_irregular_stay is not None
    assert rules.take_back_irregular_stay_late is not None
    due = None
    if hit is not None:
        due = set_limit(
            trail,
            "take_back_request",
            hit,
            limit(rules.regime, TAKE_BACK, REQUEST, NO_NEW_APPLICATION),
        )
    if request is None or (due is not None and request.sent > due):
        if due is None or (request is None and ctx.today <= due):
            trail.add(
                rules.take_back_irregular_stay,
                NOT_APPLIED,
                (
                    f"no application lodged in {requesting}; no request to "
                    f"{state} yet" + ("" if due is None else f"; due by {due}"),
                ),
            )
            return None
        what = (
            "no request sent" if request is None else f"request sent on {request.sent}"
        )
        trail.add(
            rules.take_back_irregular_stay_late,
            APPLIED,
            (
                f"{what}; limit {due}",
                f"{requesting} must give the person the opportunity to lodge a new "
                "application; responsibility does not move",
            ),
        )
        trail.review(
            f"take-back request to {state} not made in time; a new application in "
            f"{requesting} would open a new take-back procedure",
            rules.take_back_irregular_stay_late,
        )
        return None
    trail.add(
        rules.take_back_irregular_stay,
        APPLIED,
        (
            f"no application lodged in {requesting}; request sent to {state} on "
            f"{request.sent}" + ("" if due is None else f", within the limit {due}"),
        ),
    )
    return _take_back_reply(ctx, trail, request, state, requesting)
