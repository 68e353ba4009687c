"""Dublin III Art 29 and AMMR Arts 42 and 46: the transfer and its time limit."""

from __future__ import annotations

from datetime import date

from haven.engines.kernel import Citation
from haven.engines.kernel.limits import (
    TRANSFER,
    TRANSFER_DECISION,
    TRANSFER_KIND,
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
        extended = limit(rules.regime, TRANSFER_KIND, TRANSFER, transfer.extension)
        months = extended.months
        notified = transfer.extension_notified
        if notified is not None and notified <= due:
            due = set_limit(trail, "transfer", start, extended)
            trail.add(
                rules.transfer_extension,
                APPLIED,
                (
                    f"{transfer.extension}: limit extended to {months} months, "
                    f"notified on {notified}",
                ),
            )
        else:
            trail.add(
                rules.transfer_extension,
                NOT_APPLIED,
                (f"{transfer.extension} not notified to {state} before {due}",),
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
