"""
Pages of the transfer gate: a person's disclosures, one disclosure, the queues.

Every step goes through ``sharing.services``; refusals are shown on the fields
they name. Sending answers with the sealed export's one-time passphrase page.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from haven.apps.accounts.models import User
from haven.apps.accounts.policy import may_on_record, scope_q
from haven.apps.accounts.roles import (
    may_approve_disclosure,
    may_disclose,
    may_override_policy,
)
from haven.apps.core.actors import Actor
from haven.apps.core.views import add_errors, audit_read, role_required
from haven.apps.errors import ApplicationError
from haven.apps.exports.views import export_ready
from haven.apps.people.models import Person
from haven.apps.people.selectors import person_get
from haven.apps.sharing.delivery import disclosure_send
from haven.apps.sharing.forms import DisclosureRequestForm, ReasonForm, field_label
from haven.apps.sharing.models import Disclosure
from haven.apps.sharing.selectors import (
    agreements_in_force,
    disclosure_get,
    disclosure_list,
    disclosures_awaiting_approval,
    disclosures_to_origin,
    gate_status,
    recipient_list,
    sharing_consents,
)
from haven.apps.sharing.services import (
    disclosure_approve,
    disclosure_override_origin,
    disclosure_request,
)


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _person_or_404(pk: int) -> Person:
    person = person_get(pk=pk)
    if person is None:
        raise Http404
    return person


def _disclosure_or_404(pk: int) -> Disclosure:
    item = disclosure_get(pk=pk)
    if item is None:
        raise Http404
    return item


def _form_named(error: ApplicationError) -> ApplicationError:
    """Return the gate's error with its ``fields`` named as the form's field set."""
    error.field_errors = {
        "field_set" if name == "fields" else name: problems
        for name, problems in error.field_errors.items()
    }
    return error


def _rows(items: Iterable[Disclosure]) -> list[dict[str, object]]:
    """Each disclosure with the labels of the fields it names, for a table."""
    return [{"item": item, "fields": _labels(list(item.fields))} for item in items]


def _labels(names: list[str]) -> list[str]:
    return [field_label(name) for name in names]


@role_required(may_disclose)
def person_disclosures_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a person's disclosures; take down a request for a new one (POST)."""
    person = _person_or_404(pk)
    now = timezone.now()
    agreements = list(agreements_in_force(today=timezone.localdate(now)))
    form = DisclosureRequestForm(
        request.POST or None, recipients=recipient_list(), agreements=agreements
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = disclosure_request(
                person=person,
                recipient=data["recipient"],
                purpose=data["purpose"],
                legal_basis=data["legal_basis"],
                agreement_reference=data["agreement"],
                fields=data["field_set"],
                consent_override_reason=data["consent"],
                requested_by=Actor.of_request(request),
                now=now,
            )
        except ApplicationError as error:
            add_errors(form, _form_named(error))
        else:
            if created.state == Disclosure.State.AWAITING_APPROVAL:
                messages.success(
                    request, _("Disclosure requested; a second person must approve.")
                )
            else:
                messages.success(request, _("Disclosure requested and approved."))
            return redirect("sharing:disclosure_detail", created.pk)
    with transaction.atomic():
        audit_read(request, "person", person.pk)
    rows = _rows(disclosure_list(person=person))
    return render(
        request,
        "sharing/person_disclosures.html",
        {
            "person": person,
            "rows": rows,
            "form": form,
            "agreements": [
                {"agreement": a, "fields": _labels(list(a.fields))} for a in agreements
            ],
            "consents": sharing_consents(person=person),
        },
    )


@role_required(may_disclose)
def disclosure_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one disclosure, where it stands at the gate, and the steps allowed."""
    item = _disclosure_or_404(pk)
    user = _user(request)
    with transaction.atomic():
        audit_read(request, "disclosure", item.pk)
    status = gate_status(disclosure=item, now=timezone.now())
    awaiting = item.state == Disclosure.State.AWAITING_APPROVAL or (
        item.state == Disclosure.State.APPROVED
        and item.approved_by_id is None
        and status.second_person_needed
    )
    return render(
        request,
        "sharing/disclosure_detail.html",
        {
            "item": item,
            "person": item.person,
            "fields": _labels(list(item.fields)),
            "status": status,
            "may_approve": awaiting
            and item.requested_by_id != user.pk
            and may_on_record(
                user, "disclosure", "approve", record="disclosure", value=item.pk
            ),
            "requester_waits": awaiting and item.requested_by_id == user.pk,
            "may_send": item.state == Disclosure.State.APPROVED and status.may_send,
        },
    )


@require_POST
@role_required(may_approve_disclosure)
def disclosure_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve a disclosure as the second, different person."""
    item = _disclosure_or_404(pk)
    try:
        disclosure_approve(
            disclosure=item, approver=Actor.of_request(request), now=timezone.now()
        )
    except ApplicationError as error:
        for problems in error.field_errors.values():
            for problem in problems:
                messages.error(request, problem)
        if not error.field_errors:
            messages.error(request, error.message)
    else:
        messages.success(request, _("Disclosure approved."))
    return redirect("sharing:disclosure_detail", item.pk)


@require_POST
@role_required(may_disclose)
def disclosure_send_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Send an approved disclosure as a sealed export; show its passphrase once."""
    item = _disclosure_or_404(pk)
    try:
        sent = disclosure_send(
            disclosure=item, sent_by=Actor.of_request(request), now=timezone.now()
        )
    except ApplicationError as error:
        for problems in error.field_errors.values():
            for problem in problems:
                messages.error(request, problem)
        if not error.field_errors:
            messages.error(request, error.message)
        return redirect("sharing:disclosure_detail", item.pk)
    messages.success(
        request,
        _(
            "Disclosure sent to %(recipient)s. Hand over the file and, apart, the "
            "passphrase."
        )
        % {"recipient": sent.payload.recipient},
    )
    return export_ready(request, sent.made)


@role_required(may_override_policy)
def disclosure_override_view(request: HttpRequest, pk: int) -> HttpResponse:
    """
    Record an administrator's country-of-origin policy override, with its reason.

    Administrators read no person: the page shows the disclosure's parties,
    purpose, basis and field names, not who it is about.
    """
    item = _disclosure_or_404(pk)
    now = timezone.now()
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            disclosure_override_origin(
                disclosure=item,
                administrator=Actor.of_request(request),
                reason=form.cleaned_data["reason"],
                now=now,
            )
        except ApplicationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Country-of-origin override recorded."))
            return redirect("sharing:disclosure_override", item.pk)
    with transaction.atomic():
        audit_read(request, "disclosure", item.pk)
    status = gate_status(disclosure=item, now=now)
    return render(
        request,
        "sharing/disclosure_override.html",
        {
            "item": item,
            "fields": _labels(list(item.fields)),
            "status": status,
            "form": form,
        },
    )


@role_required(may_approve_disclosure)
def disclosure_queue_view(request: HttpRequest) -> HttpResponse:
    """List the disclosures in the approver's scope that wait for a second person."""
    within = scope_q(request.user, "disclosure", "approve")
    rows = _rows(disclosures_awaiting_approval(within=within)[:200])
    return render(request, "sharing/disclosure_queue.html", {"rows": rows})


@role_required(may_override_policy)
def origin_queue_view(request: HttpRequest) -> HttpResponse:
    """List the unsent disclosures to a country of origin, for administrators."""
    within = scope_q(request.user, "disclosure", "override")
    rows = _rows(disclosures_to_origin(within=within)[:200])
    return render(request, "sharing/origin_queue.html", {"rows": rows})
