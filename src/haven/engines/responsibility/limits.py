"""
Every time limit a determination set, marked met, missed, open or elapsed.

The deadlines of a determination hold each limit's last day; this module reads the
facts once more to say whether each was kept, so an auditor can see that a request
was sent late or that a reply came after its limit, even once the reply is recorded.
"""

from __future__ import annotations

from datetime import date

from haven.engines.kernel import Deadline
from haven.engines.responsibility.context import Context
from haven.engines.responsibility.facts import Request, Transfer
from haven.engines.responsibility.result import Limit

# Limits kept by sending a request (or notification) of a kind.
_SENT: dict[str, str] = {
    "take_charge_request": "take_charge",
    "take_charge_request_after_eurodac_hit": "take_charge",
    "take_back_request": "take_back",
    "take_back_notification": "take_back",
}
# Limits kept by a reply to a request of a kind.
_REPLIED: dict[str, str] = {
    "take_charge_reply": "take_charge",
    "take_charge_urgent_reply": "take_charge",
    "take_back_reply": "take_back",
    "take_back_confirmation": "take_back",
    "re_examination_reply": "re_examination",
    "humanitarian_reply": "humanitarian",
}
_CONDITIONS: dict[str, str] = {
    "take_charge_request": "request to take charge, from the lodging",
    "take_charge_request_after_eurodac_hit": (
        "request to take charge, from the Eurodac hit"
    ),
    "take_back_request": "request to take back",
    "take_back_notification": "take-back notification, from the Eurodac hit",
    "take_charge_reply": "reply to the take-charge request; silence is acceptance",
    "take_charge_urgent_reply": "urgent reply asked for by the requesting state",
    "take_back_reply": "reply to the take-back request; silence is acceptance",
    "take_back_confirmation": (
        "confirmation of the take-back notification; silence is confirmation"
    ),
    "re_examination_reply": "reply to the request for re-examination",
    "humanitarian_reply": "reply to the humanitarian request",
    "transfer_decision": "transfer decision, from the acceptance",
    "transfer": "transfer: the limit in force",
    "transfer_without_extension": (
        "transfer within 6 months of the acceptance or final appeal decision"
    ),
}


def _request(ctx: Context, kind: str, state: str | None) -> Request | None:
    latest = None
    for request in ctx.facts.requests:
        if (
            request.type == kind
            and (state is None or request.requested_state == state)
            and (latest is None or request.sent > latest.sent)
        ):
            latest = request
    return latest


def _by_act(when: date | None, due: date, today: date, what: str) -> tuple[str, str]:
    """Return the status and act of a limit kept by an act done ``when``."""
    if when is not None:
        status = "met" if when <= due else "missed"
        return status, f"{what} on {when}"
    if today <= due:
        return "open", f"no {what} yet"
    return "missed", f"no {what} by {due}"


def _transfer(ctx: Context, state: str | None) -> Transfer | None:
    found = [item for item in ctx.facts.transfers if item.to_state == state]
    return found[-1] if found else None


def _extended(
    deadline: Deadline, transfer: Transfer | None, normal: date | None
) -> tuple[str, str]:
    """Return the condition of an extended transfer limit and whether it applies."""
    if transfer is None or transfer.extension is None:  # pragma: no cover
        return "extension", "not_applicable"
    ground = transfer.extension
    notified = transfer.extension_notified
    condition = (
        f"only if the transfer could not be carried out because of {ground}, "
        f"notified to {transfer.to_state} before the 6-month limit"
        + ("" if normal is None else f" ({normal})")
        + ("; not notified" if notified is None else f"; notified on {notified}")
    )
    applies = notified is not None and (normal is None or notified <= normal)
    return condition, "applies" if applies else "not_applicable"


def collect_limits(
    ctx: Context, deadlines: dict[str, Deadline], state: str | None
) -> tuple[Limit, ...]:
    """
    Return every limit in ``deadlines`` with its condition and status.

    ``state`` is the state the procedure ran against (the requested state).
    """
    today = ctx.today
    transfer = _transfer(ctx, state)
    normal = deadlines.get("transfer_without_extension")
    limits = []
    for name, deadline in deadlines.items():
        due = deadline.due
        condition = _CONDITIONS.get(name, name.replace("_", " "))
        act: str | None = None
        if name in _SENT:
            request = _request(ctx, _SENT[name], state)
            status, act = _by_act(
                None if request is None else request.sent,
                due,
                today,
                "request sent",
            )
        elif name in _REPLIED:
            kind = _REPLIED[name]
            request = _request(ctx, kind, None if kind == "humanitarian" else state)
            reply = request.reply if request is not None else None
            status, act = _by_act(
                None if reply is None else reply.date, due, today, "reply"
            )
            if reply is not None:
                act = f"{reply.decision} on {reply.date}"
        elif name in ("transfer", "transfer_without_extension", "transfer_extended"):
            carried = transfer.carried_out if transfer is not None else None
            status, act = _by_act(carried, due, today, "transfer")
            if name == "transfer_extended":
                condition, applies = _extended(
                    deadline, transfer, None if normal is None else normal.due
                )
                if applies == "not_applicable":
                    status = "not_applicable"
            elif name == "transfer_without_extension" and status != "met":
                extended = deadlines.get("transfer_extended")
                if (
                    extended is not None
                    and _extended(extended, transfer, due)[1] == "applies"
                ):
                    status = "superseded"
        else:
            status = "open" if today <= due else "elapsed"
        limits.append(
            Limit(
                name,
                due,
                deadline.citation,
                deadline.runs_from,
                condition,
                status,
                act,
                deadline.unverified,
            )
        )
    return tuple(limits)
