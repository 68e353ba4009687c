"""Labels for the engine's identifiers, as caseworkers read them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

DEADLINE_LABELS: dict[str, Promise] = {
    "take_charge_request": _("Take-charge request"),
    "take_charge_request_after_eurodac_hit": _(
        "Take-charge request after a Eurodac hit"
    ),
    "take_charge_reply": _("Reply to the take-charge request"),
    "take_charge_urgent_reply": _("Urgent reply asked by"),
    "re_examination_reply": _("Reply to the re-examination request"),
    "take_back_request": _("Take-back request"),
    "take_back_reply": _("Reply to the take-back request"),
    "take_back_notification": _("Take-back notification"),
    "take_back_confirmation": _("Confirmation of the take-back notification"),
    "transfer_decision": _("Transfer decision"),
    "transfer": _("Transfer"),
    "humanitarian_reply": _("Reply to the humanitarian request"),
    # The limits of a stored request (cases.selectors.RequestLimit.name).
    "request": _("Request to be sent by"),
    "reply": _("Reply due by"),
}
OUTCOME_LABELS: dict[str, Promise] = {
    "applied": _("applied"),
    "not_applied": _("not applied"),
    "not_reached": _("not reached"),
    "needs_information": _("needs information"),
}
REGIME_LABELS: dict[str, Promise] = {
    "dublin3": _("Dublin III (Reg. 604/2013)"),
    "ammr": _("AMMR (Reg. 2024/1351)"),
    "dubs": _("UK Immigration Act 2016 s.67"),
}
FLAG_LABELS: dict[str, Promise] = {
    "human_review": _("Needs human review"),
    "unverified_rule": _("Rule not verified"),
}


@dataclass(frozen=True, slots=True)
class DeadlineRow:
    """One deadline of a result, labelled."""

    name: str
    label: str
    date: str
    rule: str
    runs_from: str
    rolled_forward: bool


def result_view(result: dict[str, Any]) -> dict[str, Any]:
    """Return a stored result with labels for its regime, outcomes and deadlines."""
    deadlines = sorted(
        (
            DeadlineRow(
                name=name,
                label=str(DEADLINE_LABELS.get(name, name)),
                date=item["date"],
                rule=item["rule"],
                runs_from=item["runs_from"],
                rolled_forward=bool(item.get("rolled_forward")),
            )
            for name, item in result.get("deadlines", {}).items()
        ),
        key=lambda row: row.date,
    )
    reasons = [
        {**reason, "outcome_label": str(OUTCOME_LABELS.get(reason["outcome"], ""))}
        for reason in result.get("reasons", [])
    ]
    flags = [
        {**flag, "label": str(FLAG_LABELS.get(flag["code"], flag["code"]))}
        for flag in result.get("flags", [])
    ]
    return {
        **result,
        "regime_label": str(REGIME_LABELS.get(result.get("regime", ""), "")),
        "deadline_rows": deadlines,
        "reason_rows": reasons,
        "flag_rows": flags,
    }
