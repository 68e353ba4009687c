"""
What in a person's case stops them being put on a manifest to a place.

Each check is a ``Block``: a code, what it means in the user's words and the
rule it rests on. A block is overridden only with a reason, which the manifest
line keeps with the codes it overrode (``ManifestEntry.override_codes``) and the
audit trail records. Requests are read through ``cases.selectors``, whose
``request_is_closed`` is the workflow engine's own answer; nothing here decides
what a request's state means beyond that.

The checks, and why they block:

- ``request_elsewhere``: a request (take charge, take back, re-examination or
  Art 17(2)) awaiting the reply of a state other than the destination's. Once the
  requested state accepts, the person is transferred there (Dublin III Art 29(1),
  AMMR Art 46(1)); a move elsewhere while the request runs can take them out of
  reach of it, and for a child away from the family the request is about
  (Dublin III Art 6(1), AMMR Art 23(1): the child's best interests come first).
- ``request_not_accepted``: a transferring request to the destination's state
  that state has not accepted yet (drafted, sent, or awaiting its reply). A
  transfer follows the acceptance, express or by silence (Dublin III Arts 22(7),
  25(2) and 29(1); AMMR Art 46(1)).
- ``accepted_elsewhere``: a state accepted, the transfer has not happened, and the
  destination is neither in that state nor in the state the group leaves (a move
  within the state, to a reception centre from which the transfer is made, is
  not blocked). The acceptance binds the accepting state to take the person,
  and the transfer is to it (same articles).
- ``appeal_suspends``: an appeal that suspends the decision is still open, and the
  destination is in another state. The transfer waits for the court (Dublin III
  Art 27(3)).
- ``absconded``: the case records the person as absconded; who boards must be
  found and seen first (an operational rule of the camp, no article).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from django.utils.translation import gettext as _

from haven.apps.cases.models import Appeal, Case, DublinRequest
from haven.apps.cases.selectors import request_is_closed, request_list
from haven.apps.people.models import Location, Person
from haven.engines.kernel.limits import TRANSFERRING_KINDS

_NOT_YET_ACCEPTED = (
    DublinRequest.State.DRAFTED,
    DublinRequest.State.SENT,
    DublinRequest.State.REPLY_DUE,
)
_REQUESTS_TO_ANOTHER_STATE = tuple(
    kind for kind in DublinRequest.Kind.values if kind != DublinRequest.Kind.INFORMATION
)
_CITES = {
    "request_elsewhere": {
        "dublin3": "Dublin III Art 29(1); Art 6(1)",
        "ammr": "AMMR Art 46(1); Art 23(1)",
    },
    "request_not_accepted": {
        "dublin3": "Dublin III Arts 22(7), 25(2), 29(1)",
        "ammr": "AMMR Art 46(1)",
    },
}


@dataclass(frozen=True, slots=True)
class Block:
    """One reason a person may not be put on a manifest without an override."""

    code: str
    message: str
    citation: str


def _cite(code: str, regime: str) -> str:
    return _CITES[code].get(regime, _CITES[code]["dublin3"])


def boarding_blocks(
    *, person: Person, destination: Location, origin: Location
) -> list[Block]:
    """Return what in the person's case blocks a move from ``origin`` to
    ``destination``."""
    return boarding_blocks_of(
        people=[person.pk], destination=destination, origin=origin
    )[person.pk]


def boarding_blocks_of(
    *, people: Collection[int], destination: Location, origin: Location
) -> dict[int, list[Block]]:
    """Return, for each person, what in their case blocks the move; three
    queries whatever the number of people."""
    blocks: dict[int, list[Block]] = {pk: [] for pk in people}
    country = destination.country.upper()
    origin_country = origin.country.upper()
    requests = request_list().filter(
        case__person_id__in=list(people), kind__in=_REQUESTS_TO_ANOTHER_STATE
    )
    for request in requests.order_by("pk"):
        if request_is_closed(request):
            continue
        found = _request_block(request, destination, country, origin_country)
        if found is not None:
            blocks[request.case.person_id].append(found)
    suspending = set(
        Appeal.objects.filter(
            case__person_id__in=list(people),
            suspensive=True,
            state__in=[Appeal.State.LODGED, Appeal.State.PENDING],
        ).values_list("case__person_id", flat=True)
    )
    absconded = set(
        Case.objects.filter(
            person_id__in=list(people), state=Case.State.ABSCONDED
        ).values_list("person_id", flat=True)
    )
    for pk in people:
        if pk in suspending and country != origin_country:
            blocks[pk].append(
                Block(
                    code="appeal_suspends",
                    message=_("An appeal that suspends the decision is still open."),
                    citation="Dublin III Art 27(3)",
                )
            )
        if pk in absconded:
            blocks[pk].append(
                Block(
                    code="absconded",
                    message=_("The case records the person as absconded."),
                    citation="",
                )
            )
    return blocks


def _request_block(
    request: DublinRequest, destination: Location, country: str, origin_country: str
) -> Block | None:
    state = request.requested_state.upper()
    values = {
        "kind": request.get_kind_display().lower(),
        "state": state,
        "label": request.get_state_display(),
        "destination": destination.name,
        "country": country,
    }
    awaiting = request.state in _NOT_YET_ACCEPTED
    if awaiting and state != country:
        return Block(
            code="request_elsewhere",
            message=_(
                "A %(kind)s to %(state)s awaits its reply (%(label)s); "
                "%(destination)s is in %(country)s."
            )
            % values,
            citation=_cite("request_elsewhere", request.regime),
        )
    if awaiting and request.kind in TRANSFERRING_KINDS:
        return Block(
            code="request_not_accepted",
            message=_("%(state)s has not accepted the %(kind)s yet (%(label)s).")
            % values,
            citation=_cite("request_not_accepted", request.regime),
        )
    if not awaiting and country not in (state, origin_country):
        return Block(
            code="accepted_elsewhere",
            message=_(
                "%(state)s accepted a %(kind)s (%(label)s): the transfer "
                "is to %(state)s, and %(destination)s is in %(country)s."
            )
            % values,
            citation=_cite("request_not_accepted", request.regime),
        )
    return None
