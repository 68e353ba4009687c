"""Dublin III Art 12 and AMMR Arts 29–30: residence documents, visas and diplomas."""

from __future__ import annotations

from datetime import date

from haven.engines.kernel import Citation, add_months
from haven.engines.responsibility.citations import BOUNDARY_DAY, FRAUD_AFTER_ISSUE
from haven.engines.responsibility.context import (
    APPLIED,
    NOT_APPLIED,
    Context,
    Fixed,
    Trail,
)
from haven.engines.responsibility.facts import Document


def _holder(document: Document) -> str:
    """Return the state a document binds (for a visa, the represented state)."""
    if document.type == "visa" and document.represented_state is not None:
        return document.represented_state
    return document.issuing_state


def _length(document: Document) -> int:
    assert document.valid_from is not None
    assert document.valid_until is not None
    return (document.valid_until - document.valid_from).days


def _pick(
    ctx: Context, trail: Trail, documents: list[Document]
) -> tuple[str, Citation, tuple[str, ...]]:
    """Apply Art 12(1)–(3) to documents that all count; return state, rule, facts."""
    rules = ctx.rules
    residence = [item for item in documents if item.type == "residence_document"]
    visas = [item for item in documents if item.type == "visa"]
    states = {_holder(item) for item in documents}
    facts = tuple(
        f"{item.type} {item.visa_type or ''} issued by {item.issuing_state}".replace(
            "  ", " "
        )
        + (f" for {item.represented_state}" if item.represented_state else "")
        + (
            f", valid until {item.valid_until}"
            if item.valid_from is None
            else f", valid {item.valid_from} to {item.valid_until}"
        )
        for item in documents
    )
    if len(states) == 1:
        (state,) = states
        return state, rules.residence if residence else rules.visa, facts
    if residence:
        if visas:
            trail.use(rules.several_residence)
        best = max(residence, key=lambda item: (_length(item), item.valid_until))
        return _holder(best), rules.several_residence, facts
    kinds = {item.visa_type for item in visas}
    if len(kinds) == 1:
        best = max(visas, key=lambda item: item.valid_until or date.min)
        return _holder(best), rules.several_visa_same_type, facts
    best = max(visas, key=lambda item: (_length(item), item.valid_until))
    return _holder(best), rules.several_visa_other_type, facts


_NO_DOCUMENT = Fixed(
    NOT_APPLIED, "no valid residence document or visa at the first lodging"
)


def residence_documents_and_visas(ctx: Context, trail: Trail) -> str | None:
    """Apply Art 12 (AMMR Art 29): valid, then recently expired documents."""
    rules = ctx.rules
    if not ctx.facts.documents:
        trail.fixed(rules.residence, _NO_DOCUMENT)
        return None
    lodging = ctx.lodging
    valid: list[Document] = []
    expired: list[tuple[Document, date]] = []
    missing: list[str] = []
    fraud = False
    for index, document in enumerate(ctx.facts.documents):
        if document.type == "diploma":
            continue
        if document.valid_until is None:
            missing.append(f"$.documents[{index}].valid_from/valid_until")
            continue
        if document.valid_from is None and _start_needed(document, lodging):
            missing.append(f"$.documents[{index}].valid_from")
            continue
        if not ctx.usable(_holder(document)):
            continue
        if document.false_identity:
            if document.fraud_after_issue:
                trail.use(FRAUD_AFTER_ISSUE)
                continue
            fraud = True
        if document.valid_from is not None and document.valid_from > lodging:
            trail.add(
                rules.visa if document.type == "visa" else rules.residence,
                NOT_APPLIED,
                ("{0} issued by {1} valid only from {2}, after the first lodging",),
                None,
                (
                    document.type.replace("_", " "),
                    document.issuing_state,
                    document.valid_from,
                ),
            )
            continue
        if lodging <= document.valid_until:
            valid.append(document)
        else:
            expired.append((document, document.valid_until))
    if missing:
        trail.need(rules.residence, missing)
        return None
    if fraud:
        trail.fixed(rules.fraud, _FRAUD)
    if valid:
        state, citation, facts = _pick(ctx, trail, valid)
        trail.add(citation, APPLIED, facts, state)
        return state
    trail.fixed(rules.residence, _NO_DOCUMENT)
    if not expired:
        return None
    return _expired(ctx, trail, expired)


def _start_needed(document: Document, lodging: date) -> bool:
    """
    Return whether a document's start date is needed to know whether it counts.

    A document that expired before the lodging was valid before it too, so Art 12(4)
    (AMMR Art 29(4)) counts it without its start date; one still valid at the
    lodging may not yet have been valid then (Art 12(1)-(2)).
    """
    assert document.valid_until is not None
    return document.valid_until >= lodging


def _undated(ctx: Context, recent: list[Document]) -> list[str]:
    """
    Return the start dates needed to choose among expired documents of several states.

    Art 12(3) compares periods of validity only between documents of different
    states; a single expired document, or several of one state, need no start date.
    """
    if len({_holder(item) for item in recent}) < 2:
        return []
    return [
        f"$.documents[{index}].valid_from"
        for index, document in enumerate(ctx.facts.documents)
        if document in recent and document.valid_from is None
    ]


_FRAUD = Fixed(
    APPLIED,
    "a document was issued on a false identity; the issuing state stays responsible",
)
_LEFT = Fixed(NOT_APPLIED, "the applicant left the territory of the Member States")
_OUTSIDE_WINDOW = Fixed(NOT_APPLIED, "documents expired outside the window")
_NO_DIPLOMA = Fixed(
    NOT_APPLIED, "no diploma issued less than 6 years before registration"
)


def _expired(
    ctx: Context, trail: Trail, expired: list[tuple[Document, date]]
) -> str | None:
    """Apply Art 12(4) (AMMR Art 29(4)) to documents expired before the lodging."""
    rules = ctx.rules
    lodging = ctx.lodging
    left = any(absence.left < lodging for absence in ctx.facts.absences)
    recent: list[Document] = []
    old: list[Document] = []
    for document, until in expired:
        months = (
            rules.expired_residence_months
            if document.type == "residence_document"
            else rules.expired_visa_months
        )
        limit = add_months(until, months)
        if lodging == limit:
            trail.use(BOUNDARY_DAY)
            trail.review(
                f"lodging falls exactly {months} months after expiry", BOUNDARY_DAY
            )
        if lodging < limit:
            recent.append(document)
        else:
            old.append(document)
    if rules.regime == "dublin3":
        recent = [item for item in recent if item.enabled_entry is not False]
        unknown = [item for item in recent + old if item.enabled_entry is None]
        if unknown:
            trail.need(
                rules.expired_documents,
                [
                    f"whether the {item.type} issued by {item.issuing_state} "
                    "enabled entry"
                    for item in unknown
                ],
            )
            return None
        if left:
            trail.fixed(rules.expired_documents, _LEFT)
            return None
    undated = _undated(ctx, recent)
    if undated:
        trail.need(rules.expired_documents, undated)
        return None
    if recent:
        state, _citation, facts = _pick(ctx, trail, recent)
        trail.add(
            rules.expired_documents,
            APPLIED,
            (*facts, "expired within the window before the lodging"),
            state,
        )
        return state
    if rules.long_expired_documents is not None and any(
        item.enabled_entry for item in old
    ):
        state = ctx.first_application.state
        trail.fixed(rules.expired_documents, _OUTSIDE_WINDOW)
        trail.add(
            rules.long_expired_documents,
            APPLIED,
            (
                "a long-expired document enabled entry; the applicant has not left",
                f"application lodged in {state}",
            ),
            state,
        )
        return state
    trail.fixed(rules.expired_documents, _OUTSIDE_WINDOW)
    return None


def diplomas(ctx: Context, trail: Trail) -> str | None:
    """Apply AMMR Art 30: a diploma issued less than 6 years before registration."""
    rules = ctx.rules
    assert rules.diploma is not None
    assert rules.several_diplomas is not None
    found: list[Document] = []
    for document in ctx.facts.documents:
        if document.type != "diploma" or document.valid_from is None:
            continue
        if ctx.usable(
            document.issuing_state
        ) and document.valid_from <= ctx.lodging < add_months(document.valid_from, 72):
            found.append(document)
    if not found:
        trail.fixed(rules.diploma, _NO_DIPLOMA)
        return None
    states = {item.issuing_state for item in found}
    facts = tuple(
        f"diploma issued by {item.issuing_state} on {item.valid_from}" for item in found
    )
    if len(states) == 1:
        (state,) = states
        trail.add(rules.diploma, APPLIED, facts, state)
        return state

    def study(item: Document) -> tuple[int, date]:
        length = 0
        if item.study_from is not None and item.study_until is not None:
            length = (item.study_until - item.study_from).days
        assert item.valid_from is not None
        return length, item.valid_from

    best = max(found, key=study)
    trail.add(rules.several_diplomas, APPLIED, facts, best.issuing_state)
    return best.issuing_state
