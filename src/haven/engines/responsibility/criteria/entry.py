"""Dublin III Arts 13–15 and AMMR Arts 31–33: entry, stay, visa waiver, transit."""

from __future__ import annotations

from datetime import date

from haven.engines.kernel import add_months
from haven.engines.responsibility.citations import BOUNDARY_DAY, JAFARI
from haven.engines.responsibility.context import (
    APPLIED,
    NOT_APPLIED,
    Context,
    Fixed,
    Trail,
)
from haven.engines.responsibility.facts import VisaWaivedEntry
from haven.engines.responsibility.states import COMMON_VISA_LIST


def _crossings(ctx: Context) -> list[tuple[date, str, bool, str]]:
    """
    Return irregular crossings from a third country (Eurodac too), oldest first.

    Only crossings on or before the first lodging count: the criteria apply to the
    situation when the application was first lodged (Art 7(2), AMMR Art 24).
    """
    entries = ctx.facts.irregular_entries
    lodging = ctx.lodging
    if not ctx.facts.eurodac_hits:
        if not entries:
            return []
        if len(entries) == 1:
            # The common case needs neither a sort nor a filtered copy.
            entry = entries[0]
            if not entry.from_third_country or entry.date > lodging:
                return []
            return [
                (
                    entry.date,
                    entry.state,
                    entry.search_and_rescue,
                    entry.evidence or "unspecified",
                )
            ]
    crossings = [
        (
            entry.date,
            entry.state,
            entry.search_and_rescue,
            entry.evidence or "unspecified",
        )
        for entry in ctx.facts.irregular_entries
        if entry.from_third_country and entry.date <= lodging
    ]
    for hit in ctx.facts.eurodac_hits:
        if hit.category == 2 and hit.taken is not None and hit.taken <= lodging:
            crossings.append((hit.taken, hit.state, False, "eurodac category 2"))
    crossings.sort()
    return crossings


# Templates of the Art 13(1) facts, formatted with
# (state, crossing date, evidence, first lodging, limit, months).
_CROSSED = ("crossed into {0} on {1} ({2})", "first lodging {3}; limit {4}")
_CROSSED_BARRED = (*_CROSSED, "transfer to {0} is barred")
_CROSSED_ENDED = (*_CROSSED, "responsibility ended {5} months after the crossing")

_NO_CROSSING = Fixed(
    NOT_APPLIED, "no irregular crossing from a third country established"
)


def irregular_entry(ctx: Context, trail: Trail) -> str | None:
    """
    Apply Art 13(1) (AMMR Art 33(1)–(3)): the first state of irregular entry.

    Responsibility ends when the first lodging falls more than 12 months (AMMR: 20
    months; 12 after a search-and-rescue disembarkation) after the crossing.
    """
    rules = ctx.rules
    if rules.relocation is not None and ctx.facts.relocated_to is not None:
        state = ctx.facts.relocated_to
        trail.add(
            rules.relocation,
            APPLIED,
            (f"relocated to {state} after the crossing",),
            state,
        )
        return state
    undated = [
        f"$.eurodac_hits[{index}].taken (date of the crossing)"
        for index, hit in enumerate(ctx.facts.eurodac_hits)
        if hit.category == 2 and hit.taken is None
    ]
    if undated:
        # A category 2 hit proves an irregular crossing (Reg. 603/2013 Art 14); its
        # date decides whether the 12 (AMMR 20) months have run, so it is asked for.
        trail.need(rules.irregular_entry, undated)
        return None
    crossings = _crossings(ctx)
    for entry in ctx.facts.irregular_entries:
        if entry.tolerated_by_transit_state:
            trail.use(JAFARI)
            break
    if not crossings:
        trail.fixed(rules.irregular_entry, _NO_CROSSING)
        return None
    when, state, rescued, evidence = crossings[0]
    citation = rules.irregular_entry
    months = rules.irregular_entry_months
    if rescued and rules.search_and_rescue is not None:
        citation, months = rules.search_and_rescue, 12
    limit = add_months(when, months)
    values = (state, when, evidence, ctx.lodging, limit, months)
    if not ctx.usable(state):
        trail.add(citation, NOT_APPLIED, _CROSSED_BARRED, None, values)
        return None
    if ctx.lodging == limit:
        trail.use(BOUNDARY_DAY)
        trail.review(
            f"lodging falls exactly {months} months after the crossing", BOUNDARY_DAY
        )
    if ctx.lodging <= limit:
        trail.add(citation, APPLIED, _CROSSED, state, values)
        return state
    trail.add(citation, NOT_APPLIED, _CROSSED_ENDED, None, values)
    return None


_NO_LONG_STAY = Fixed(NOT_APPLIED, "no continuous stay of 5 months before the lodging")
_REGULAR_ENTRY = Fixed(NOT_APPLIED, "the applicant entered regularly without a visa")


def five_month_stay(ctx: Context, trail: Trail) -> str | None:
    """Apply Art 13(2): the most recent continuous stay of at least 5 months."""
    citation = ctx.rules.five_month_stay
    assert citation is not None
    if not ctx.facts.stays and not ctx.facts.visa_waived_entries:
        trail.fixed(citation, _NO_LONG_STAY)
        return None
    if _visa_waived_entries(ctx) and not _crossings(ctx):
        trail.fixed(citation, _REGULAR_ENTRY)
        return None
    long_stays = [
        stay
        for stay in ctx.facts.stays
        if stay.end <= ctx.lodging
        and stay.end >= add_months(stay.start, 5)
        and ctx.usable(stay.state)
    ]
    if not long_stays:
        trail.fixed(citation, _NO_LONG_STAY)
        return None
    latest = max(long_stays, key=lambda stay: stay.end)
    facts = tuple(
        f"lived in {stay.state} from {stay.start} to {stay.end}" for stay in long_stays
    )
    trail.add(
        citation,
        APPLIED,
        (*facts, "most recent such stay decides"),
        latest.state,
    )
    return latest.state


_NO_VISA_WAIVED = Fixed(NOT_APPLIED, "no visa-waived entry")


def _visa_waived_entries(ctx: Context) -> list[VisaWaivedEntry]:
    """Return the visa-waived entries on or before the first lodging (Art 7(2))."""
    return [
        entry for entry in ctx.facts.visa_waived_entries if entry.date <= ctx.lodging
    ]


def visa_waiver(ctx: Context, trail: Trail) -> str | None:
    """
    Apply Art 14 (AMMR Art 31): entry where no visa was needed.

    Under 14(2) an application in another state that also waives the visa makes that
    state responsible; the common visa list decides when the facts do not say.
    """
    rules = ctx.rules
    if not ctx.facts.visa_waived_entries:
        trail.fixed(rules.visa_waiver, _NO_VISA_WAIVED)
        return None
    entries = [entry for entry in _visa_waived_entries(ctx) if ctx.usable(entry.state)]
    if not entries:
        trail.fixed(rules.visa_waiver, _NO_VISA_WAIVED)
        return None
    first = min(entries, key=lambda entry: entry.date)
    application = ctx.first_application
    facts = (f"entered {first.state} on {first.date} without needing a visa",)
    if application.state != first.state:
        waived = application.visa_waived
        if waived is None:
            waived = (
                first.state in COMMON_VISA_LIST
                and application.state in COMMON_VISA_LIST
            )
        if waived:
            trail.add(rules.visa_waiver, NOT_APPLIED, facts)
            trail.add(
                rules.visa_waiver_other_state,
                APPLIED,
                (f"applied in {application.state}, which also waives the visa",),
                application.state,
            )
            return application.state
    trail.add(rules.visa_waiver, APPLIED, facts, first.state)
    trail.skip(rules.visa_waiver_other_state)
    return first.state


_NO_TRANSIT = Fixed(NOT_APPLIED, "no application in an airport transit area")


def transit_area(ctx: Context, trail: Trail) -> str | None:
    """Apply Art 15 (AMMR Art 32): an application in an airport's transit area."""
    citation = ctx.rules.transit_area
    for application in ctx.applications:
        if application.date > ctx.lodging:
            # A later application does not change the situation frozen at the first.
            break
        if application.transit_area and ctx.usable(application.state):
            trail.add(
                citation,
                APPLIED,
                (
                    "application made in the international transit area of an "
                    f"airport in {application.state}",
                ),
                application.state,
            )
            return application.state
    trail.fixed(citation, _NO_TRANSIT)
    return None
