"""Readable text for a determination, for caseworkers and the console."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from haven.engines.responsibility.result import Determination

_REGIME_NAMES = {
    "dublin3": "Dublin III (Reg. 604/2013)",
    "ammr": "AMMR (Reg. 2024/1351)",
    "dubs": "UK Immigration Act 2016 s.67",
}
_MARKS = {
    "applied": "applied",
    "not_applied": "not applied",
    "not_reached": "not reached",
    "needs_information": "needs information",
}


def explain(result: Determination) -> str:
    """Return ``result`` as text: outcome, reasons, deadlines, limits, flags."""
    lines = []
    if result.case_id:
        lines.append(f"Case {result.case_id}")
    lines.append(f"Regime: {_REGIME_NAMES[result.regime]}")
    lines.append(f"Determined on: {result.determination_date.isoformat()}")
    if result.regime == "dubs":
        verdict = {True: "eligible", False: "not eligible", None: "undecided"}
        lines.append(
            f"Outcome: {verdict[result.eligible]} (criteria {result.criteria_version})"
        )
        for item in result.criteria:
            met = {True: "met", False: "not met", None: "unknown"}[item.met]
            detail = f": {'; '.join(item.facts)}" if item.facts else ""
            lines.append(f"  {item.key} {item.text}: {met}{detail}")
    elif result.responsible_state is not None:
        lines.append(
            f"Responsible state: {result.responsible_state} under {result.article}"
        )
    else:
        lines.append("Responsible state: not determined")
    for need in result.needs_information:
        lines.append(f"Needs information: {need}")
    if result.reasons:
        lines.append("Reasons:")
    for reason in result.reasons:
        mark = _MARKS[reason.outcome.value]
        tag = " [UNVERIFIED]" if reason.unverified else ""
        state = f" -> {reason.state}" if reason.state else ""
        lines.append(f"  {reason.citation}{tag}: {mark}{state}")
        lines.extend(f"      {fact}" for fact in reason.facts)
    if result.deadlines:
        lines.append("Deadlines:")
    for name, deadline in result.deadlines.items():
        rolled = " (rolled to the next working day)" if deadline.rolled_forward else ""
        lines.append(
            f"  {name.replace('_', ' ')}: {deadline.due.isoformat()}{rolled} "
            f"under {deadline.citation}, from {deadline.runs_from.isoformat()}"
        )
    if result.limits:
        lines.append("Limits:")
    for limit in result.limits:
        act = f" ({limit.act})" if limit.act else ""
        lines.append(
            f"  {limit.name.replace('_', ' ')}: {limit.due.isoformat()} "
            f"{limit.status}{act}; {limit.condition}"
        )
    if result.acceptance is not None:
        accepted = result.acceptance
        how = "by silence" if accepted.tacit else "expressly"
        reading = (
            "the criteria could not be applied"
            if accepted.criteria_state is None
            else f"the criteria point to {accepted.criteria_state} "
            f"({accepted.criteria_article})"
        )
        lines.append(
            f"Acceptance: {accepted.state} {how} on {accepted.date.isoformat()} "
            f"under {accepted.rule}; {reading}"
        )
    if result.flags:
        lines.append("Flags:")
    for flag in result.flags:
        rule = f" ({flag.rule})" if flag.rule else ""
        lines.append(f"  {flag.code}{rule}: {flag.message}")
    return "\n".join(lines)
