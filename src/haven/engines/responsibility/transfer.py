"""Dublin III Art 29 and AMMR Arts 42 and 46: the transfer and its time limit."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from haven.engines.kernel import Citation
from haven.engines.kernel.limits import (
    TRANSFER,
    TRANSFER_DECISION,
    TRANSFER_KIND,
    LimitRule,
    limit,
)
from haven.engines.responsibility.context import APPLIED, NOT_APPLIED, Context, Trail
from haven.engines.responsibility.deadlines import set_limit


def transfer_time_limit(
    ctx: Context,
    trail: Trail,
    state: str,
    article: Citation,
    requesting: str,
    accepted: date,
) -> tuple[str, Citation]:
    """Return the state after the transfer limit: kept if in time, else shifted."""
    rules = ctx.rules
    if rules.transfer_decision is not None:
        set_limit(
            trail,
            "transfer_decision",
            accepted,
            limit(rules.regime, TRANSFER_KIND, TRANSFER_DECISION),
        )
    transfers = [item for item in ctx.facts.transfers if item.to_state == state]
    transfer = transfers[-1] if transfers else None
    start = accepted
    if (
        transfer is not None
        and transfer.appeal_final_decision is not None
        and transfer.appeal_final_decision > accepted
    ):
        start = transfer.appeal_final_decision
    due = set_limit(
        trail, "transfer", start, limit(rules.regime, TRANSFER_KIND, TRANSFER)
    )
    if transfer is not None and transfer.extension is not None:
        rule = limit(rules.regime, TRANSFER_KIND, TRANSFER, transfer.extension)
        months = rule.months
        notified = transfer.extension_notified
        normal = due
        extended = _both_limits(trail, start, rule)
        if notified is not None and notified <= due:
            due = set_limit(trail, "transfer", start, rule)
            trail.add(
                rules.transfer_extension,
                APPLIED,
                (
                    f"{transfer.extension}: limit extended to {months} months, "
                    f"notified on {notified}",
                    f"normal limit {normal} (6 months); extended limit {due} "
                    f"because of {transfer.extension}",
                ),
            )
        else:
            trail.add(
                rules.transfer_extension,
                NOT_APPLIED,
                (
                    f"{transfer.extension} not notified to {state} before {due}",
                    f"normal limit {normal} stays; the extended limit {extended} "
                    f"would apply only if {transfer.extension} had been notified "
                    "in time",
                ),
            )
    if (
        transfer is not None
        and transfer.carried_out is not None
        and transfer.carried_out <= due
    ):
        trail.add(
            rules.transfer,
            APPLIED,
            (f"transferred to {state} on {transfer.carried_out}",),
            state,
        )
        return state, article
    if ctx.today <= due:
        trail.add(rules.transfer, NOT_APPLIED, (f"transfer to {state} due by {due}",))
        return state, article
    trail.add(
        rules.transfer_expiry,
        APPLIED,
        (f"no transfer by {due}: responsibility passed to {requesting} (Shiri)",),
        requesting,
    )
    return requesting, rules.transfer_expiry


def _both_limits(trail: Trail, start: date, rule: LimitRule) -> date:
    """
    Keep the normal transfer limit and record the extended one beside it.

    Dublin III Art 29(2) (AMMR Art 46(2)) extends the limit only on a condition
    (imprisonment, absconding), so both limits are shown, each with its own rule.
    """
    normal = trail.deadlines["transfer"]
    trail.deadlines["transfer_without_extension"] = replace(
        normal, name="transfer_without_extension"
    )
    return set_limit(trail, "transfer_extended", start, rule)
