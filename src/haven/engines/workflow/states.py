"""The states of each process: a person's case, a request, an appeal, a transfer."""

from __future__ import annotations

import enum


class CaseState(enum.StrEnum):
    """Where a person's case stands, from registration to arrival or an exit."""

    REGISTERED = "registered"
    SCREENED = "screened"
    TRACING = "tracing"
    DETERMINATION = "determination"
    REQUEST_SENT = "request_sent"
    ACCEPTED = "accepted"
    REFUSED = "refused"
    TRANSFER = "transfer"
    ARRIVED = "arrived"
    WITHDRAWN = "withdrawn"
    ABSCONDED = "absconded"
    RETURNED = "returned"


class RequestKind(enum.StrEnum):
    """What one state asks of another (Dublin III Chapter VI, Arts 17(2), 34)."""

    TAKE_CHARGE = "take_charge"
    TAKE_BACK = "take_back"
    INFORMATION = "information"
    HUMANITARIAN = "humanitarian"
    RE_EXAMINATION = "re_examination"


class RequestState(enum.StrEnum):
    """
    Where a request between two states stands.

    Which of these a request can reach depends on its kind and regime: see
    ``haven.engines.workflow.machines.request_machine``.
    """

    DRAFTED = "drafted"
    WITHDRAWN = "withdrawn"
    SENT = "sent"
    REPLY_DUE = "reply_due"
    ACCEPTED = "accepted"
    DEEMED_ACCEPTED = "deemed_accepted"
    CONFIRMED = "confirmed"
    DEEMED_CONFIRMED = "deemed_confirmed"
    REFUSED = "refused"
    ANSWERED = "answered"
    LAPSED = "lapsed"
    TRANSFER_DUE = "transfer_due"
    TRANSFERRED = "transferred"
    EXPIRED = "expired"


class AppealState(enum.StrEnum):
    """An appeal against a decision."""

    LODGED = "lodged"
    PENDING = "pending"
    DECIDED = "decided"


class TransferState(enum.StrEnum):
    """One person's custody on one movement (a line of a manifest)."""

    PLANNED = "planned"
    CHECKED_OUT = "checked_out"
    IN_TRANSIT = "in_transit"
    CHECKED_IN = "checked_in"
    MISSING = "missing"


class AlertState(enum.StrEnum):
    """A missing-person alert and its escalation."""

    OPEN = "open"
    POLICE_NOTIFIED = "police_notified"
    TRAFFICKING_REFERRED = "trafficking_referred"
    FOUND = "found"
    CLOSED = "closed"
