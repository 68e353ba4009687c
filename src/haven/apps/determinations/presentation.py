"""Labels for the engine's identifiers, as caseworkers read them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import SafeString
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
    "transfer_without_extension": _("Transfer, without extension"),
    "transfer_extended": _("Transfer, extended"),
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
# The status of a limit (engines.responsibility.result.Limit.status).
LIMIT_STATUS_LABELS: dict[str, Promise] = {
    "met": _("met"),
    "missed": _("missed"),
    "open": _("open"),
    "elapsed": _("elapsed, not recorded"),
    "not_applicable": _("not applicable"),
    "superseded": _("superseded"),
}
REQUEST_KIND_LABELS: dict[str, Promise] = {
    "take_charge": _("take-charge request"),
    "take_back": _("take-back request"),
}
FLAG_LABELS: dict[str, Promise] = {
    "human_review": _("Needs human review"),
    "unverified_rule": _("Rule not verified"),
}


def _ltr(value: object) -> SafeString:
    """
    Return a date, state code or article isolated left to right.

    In Arabic text a date such as 2026-08-20 after Arabic letters is read as
    Arabic numbers and shown as 20-08-2026, and "Art 33(1)" loses its brackets.
    """
    return format_html('<bdi dir="ltr">{}</bdi>', value)


@dataclass(frozen=True, slots=True)
class DeadlineRow:
    """One deadline of a result, labelled."""

    name: str
    label: str
    date: str
    rule: str
    runs_from: str
    rolled_forward: bool


@dataclass(frozen=True, slots=True)
class LimitRow:
    """One time limit of a result, labelled, with its status in words."""

    name: str
    label: str
    date: str
    rule: str
    runs_from: str
    condition: str
    act: str
    status: str
    status_label: str
    unverified: bool

    @property
    def runs_from_ltr(self) -> SafeString:
        """Return the start day, kept left to right inside a translated phrase."""
        return _ltr(self.runs_from)


def _limit_rows(result: dict[str, Any]) -> list[LimitRow]:
    """Return the limits in the order the engine set them (none before 1.1.0)."""
    return [
        LimitRow(
            name=item["name"],
            label=str(DEADLINE_LABELS.get(item["name"], item["name"])),
            date=item["date"],
            rule=item["rule"],
            runs_from=item["runs_from"],
            condition=item.get("condition") or "",
            act=item.get("act") or "",
            status=item["status"],
            status_label=str(LIMIT_STATUS_LABELS.get(item["status"], item["status"])),
            unverified=bool(item.get("unverified")),
        )
        for item in result.get("limits") or []
    ]


def _acceptance_view(result: dict[str, Any]) -> dict[str, Any] | None:
    """Return the binding acceptance with its request kind in words, if any."""
    acceptance = result.get("acceptance")
    if not acceptance:
        return None
    return {
        **acceptance,
        # A request sent late, or a transfer not made in time, leaves another state
        # responsible although this one accepted (ADR 0034).
        "binding": acceptance["state"] == result.get("responsible_state"),
        # Values placed inside translated sentences, kept left to right.
        "state_ltr": _ltr(acceptance["state"]),
        "date_ltr": _ltr(acceptance["date"]),
        "criteria_state_ltr": _ltr(acceptance["criteria_state"] or ""),
        "criteria_article_ltr": _ltr(acceptance["criteria_article"] or "—"),
        "responsible_ltr": _ltr(result.get("responsible_state") or "—"),
        "result_article_ltr": _ltr(result.get("article") or "—"),
        # The acceptance's rule is UNVERIFIED when the engine flagged it so.
        "unverified": any(
            flag.get("code") == "unverified_rule"
            and flag.get("rule") == acceptance["article"]
            for flag in result.get("flags", [])
        ),
        "request_label": str(
            REQUEST_KIND_LABELS.get(acceptance["request"], acceptance["request"])
        ),
    }


def result_view(result: dict[str, Any]) -> dict[str, Any]:
    """
    Return a stored result with labels for its regime, outcomes, deadlines and limits.

    Results stored before responsibility-1.1.0 have no ``limits`` nor
    ``acceptance``: they give no limit rows and no acceptance.
    """
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
    limit_rows = _limit_rows(result)
    # The limits table shows every deadline with its status; the deadlines table
    # keeps what it does not (all of them, for results stored before 1.1.0).
    shown = {row.name for row in limit_rows}
    deadlines = [row for row in deadlines if row.name not in shown]
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
        "limit_rows": limit_rows,
        "missed_limits": sum(
            1 for item in result.get("limits") or [] if item["status"] == "missed"
        ),
        "acceptance_view": _acceptance_view(result),
    }
