"""
Write the ledger: schemes, caps, pledges and placements. Each function is atomic.

A placement raises its pledge's and its scheme's ``places_delivered`` with ``F()`` in
the transaction that inserts it. The rows are locked first (``for_update``: ``FOR
UPDATE`` on PostgreSQL; SQLite's IMMEDIATE transactions serialise writers), and the
CHECK constraints refuse a counter beyond its pledge or cap even if two writers race.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from haven.apps.audit.services import audit_record
from haven.apps.core.actors import Actor
from haven.apps.errors import ApplicationError, InvalidInputError, NotFoundError
from haven.apps.operations.locking import for_update
from haven.apps.people.models import Household, Person
from haven.apps.placements.models import CapVersion, Placement, Pledge, Scheme
from haven.engines.kernel import normalise_state_code


class PledgeExceededError(ApplicationError):
    """The placement would deliver more places than the pledge or the cap allows."""

    code = "pledge_exceeded"
    status = 409


def scheme_create(
    *,
    key: str,
    name: str,
    legal_basis: str = "",
    cap: int | None = None,
    covers: str = Scheme.Covers.EVERYONE,
) -> Scheme:
    """Create a scheme; with ``cap``, its first cap applies until a new version."""
    if cap is not None and cap < 0:
        raise InvalidInputError(
            _("The cap is invalid."), field_errors={"cap": [_("Must be 0 or more.")]}
        )
    with transaction.atomic():
        if Scheme.objects.filter(key=key).exists():
            raise InvalidInputError(
                _("The scheme exists already."),
                field_errors={"key": [_("This key is taken.")]},
            )
        if covers not in Scheme.Covers.values:
            raise InvalidInputError(
                _("The scheme is invalid."),
                field_errors={"covers": [_("Choose whom the scheme covers.")]},
            )
        return Scheme.objects.create(
            key=key, name=name, legal_basis=legal_basis, cap=cap, covers=covers
        )


def cap_version_add(
    *, scheme: Scheme, places: int, effective_from: date, today: date, source: str = ""
) -> CapVersion:
    """
    Record a new value of a scheme's cap; it governs from ``effective_from``.

    The scheme's current cap is the latest version in effect on ``today``. A cap below
    what has been delivered is refused by the database.
    """
    if places < 0:
        raise InvalidInputError(
            _("The cap is invalid."),
            field_errors={"places": [_("Must be 0 or more.")]},
        )
    try:
        with transaction.atomic():
            locked = for_update(Scheme.objects.filter(pk=scheme.pk)).get()
            version, _created = CapVersion.objects.update_or_create(
                scheme=locked,
                effective_from=effective_from,
                defaults={"places": places, "source": source},
            )
            current = (
                CapVersion.objects.filter(scheme=locked, effective_from__lte=today)
                .order_by("-effective_from")
                .first()
            )
            if current is not None:
                Scheme.objects.filter(pk=locked.pk).update(cap=current.places)
    except IntegrityError as error:
        raise PledgeExceededError(
            _("The cap cannot be set below the places already delivered.")
        ) from error
    scheme.refresh_from_db()
    return version


def pledge_create(
    *,
    scheme: Scheme,
    pledger_kind: str,
    pledger: str,
    country: str,
    kind: str,
    period_start: date,
    period_end: date,
    pledged_on: date,
    places: int = 0,
    amount: Decimal | None = None,
    currency: str = "",
    note: str = "",
) -> Pledge:
    """Record a pledge of places or of money; collect every problem and raise once."""
    problems: dict[str, list[str]] = {}
    if pledger_kind not in Pledge.PledgerKind.values:
        problems["pledger_kind"] = [
            _("Choose a state, local authority or municipality.")
        ]
    if not pledger.strip():
        problems["pledger"] = [_("Name the pledger.")]
    if len(country) != 2 or not country.isalpha():
        problems["country"] = [_("Give a two-letter country code.")]
    if kind == Pledge.Kind.PLACES:
        if places < 1:
            problems["places"] = [_("A pledge of places pledges at least one.")]
        if amount is not None:
            problems["amount"] = [_("A pledge of places has no amount.")]
    elif kind == Pledge.Kind.MONEY:
        if places:
            problems["places"] = [_("A pledge of money pledges no places.")]
        if amount is None or amount <= 0:
            problems["amount"] = [_("A pledge of money needs an amount above 0.")]
        if len(currency) != 3 or not currency.isalpha():
            problems["currency"] = [_("Give a three-letter currency code.")]
    else:
        problems["kind"] = [_("Choose places or money.")]
    if period_end < period_start:
        problems["period_end"] = [_("The period ends before it starts.")]
    if problems:
        raise InvalidInputError(_("The pledge is invalid."), field_errors=problems)
    with transaction.atomic():
        return Pledge.objects.create(
            scheme=scheme,
            pledger_kind=pledger_kind,
            pledger=pledger.strip(),
            country=normalise_state_code(country),
            kind=kind,
            places=places,
            amount=amount,
            currency=currency.upper(),
            period_start=period_start,
            period_end=period_end,
            pledged_on=pledged_on,
            note=note,
        )


def placement_record(
    *,
    pledge_id: int,
    placed_on: date,
    actor: Actor,
    person: Person | None = None,
    household: Household | None = None,
    run_id: int | None = None,
) -> Placement:
    """
    Place a person or a household against a pledge, drawing on its places.

    A household uses one place per member. Raise :class:`PledgeExceededError` when
    the pledge or the scheme's cap has too few places left.
    """
    if (person is None) == (household is None):
        raise InvalidInputError(
            _("Place either one person or one household."),
            field_errors={"person": [_("Give a person or a household, not both.")]},
        )
    places = 1 if person is not None else household.members.count()  # type: ignore[union-attr]
    if places < 1:
        raise InvalidInputError(
            _("The household has no members."),
            field_errors={"household": [_("The household has no members.")]},
        )
    with transaction.atomic():
        pledge = for_update(Pledge.objects.filter(pk=pledge_id)).first()
        if pledge is None:
            raise NotFoundError(_("No such pledge."))
        scheme = for_update(Scheme.objects.filter(pk=pledge.scheme_id)).get()
        if pledge.kind != Pledge.Kind.PLACES:
            raise InvalidInputError(
                _("A pledge of money cannot take a placement."),
                field_errors={"pledge": [_("Choose a pledge of places.")]},
            )
        if pledge.places_delivered + places > pledge.places:
            raise PledgeExceededError(
                _("The pledge has %(left)d places left; %(needed)d are needed.")
                % {"left": pledge.places - pledge.places_delivered, "needed": places}
            )
        if scheme.cap is not None and scheme.places_delivered + places > scheme.cap:
            raise PledgeExceededError(
                _("The scheme's cap has %(left)d places left; %(needed)d are needed.")
                % {"left": scheme.cap - scheme.places_delivered, "needed": places}
            )
        try:
            # A savepoint: a refused counter leaves the outer transaction usable.
            with transaction.atomic():
                Pledge.objects.filter(pk=pledge.pk).update(
                    places_delivered=F("places_delivered") + places
                )
                Scheme.objects.filter(pk=scheme.pk).update(
                    places_delivered=F("places_delivered") + places
                )
        except IntegrityError as error:
            raise PledgeExceededError(
                _("The pledge or the scheme's cap has too few places left.")
            ) from error
        placement = Placement.objects.create(
            pledge=pledge,
            person=person,
            household=household,
            places=places,
            placed_on=placed_on,
            placed_by_id=actor.user_id,
            placed_by_name=actor.name[:150],
            run_id=run_id,
        )
        audit_record(
            action="placement.create",
            actor_id=actor.user_id,
            actor_name=actor.name,
            object_type="placement",
            object_id=placement.pk,
        )
        return placement
