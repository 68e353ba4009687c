"""A person's page, its edit form, needs and consent; a household's page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from haven.apps.accounts.policy import (
    may_on_record,
    readable_groups,
    scope_q,
    writable_groups,
)
from haven.apps.accounts.roles import (
    may_read_people,
    may_review_duplicates,
    may_void,
    may_work_cases,
    may_write_people,
)
from haven.apps.core.actors import Actor
from haven.apps.core.views import (
    add_errors,
    audit_read,
    role_required,
)
from haven.apps.errors import ApplicationError, ConflictError
from haven.apps.people.forms import NeedForm, PersonEditForm, VoidForm
from haven.apps.people.models import Consent, Household, Person
from haven.apps.people.selectors import person_get, relatives_within
from haven.apps.people.services import (
    consent_withdraw,
    person_restore,
    person_update,
    person_void,
    vulnerability_record,
)


def _person_or_404(pk: int) -> Person:
    person = person_get(pk=pk)
    if person is None:
        raise Http404
    return person


@role_required(may_read_people)
def person_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the person: spellings, registrations, needs, consent and history."""
    with transaction.atomic():
        person = _person_or_404(pk)
        audit_read(request, "person", person.pk)
    user = request.user
    may_update = may_on_record(user, "person", "update", record="person", value=pk)
    writes = writable_groups(user)
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "need_form": NeedForm(),
            "fields": readable_groups(user),
            "may_edit": may_update and {"identity", "origin", "contact"} <= writes,
            "may_record_need": may_update and "needs" in writes,
            "may_note_need": "need_notes" in writes,
            "may_withdraw": may_update and "consent" in writes,
            "may_open_case": may_work_cases(user),
            "may_determine": may_on_record(
                user, "determination", "read", record="person", value=pk
            ),
            "may_trace": may_on_record(
                user, "tracing", "run", record="person", value=pk
            ),
            "relatives_open": relatives_within(
                person=person, within=scope_q(user, "person", "read")
            ),
            "may_disclose": may_on_record(
                user, "disclosure", "request", record="person", value=pk
            ),
            "may_void": may_on_record(
                user, "person", "void", record="person", value=pk
            ),
            "void_form": VoidForm(),
            "may_merge": may_review_duplicates(user)
            and may_on_record(user, "duplicate", "review", record="person", value=pk),
            # Conflicts left by merges into this person, for someone to resolve
            # (read through the reverse relation: people imports no tracing).
            "merge_conflicts": [
                conflict
                for merge in person.merges_survived.filter(unmerged_at__isnull=True)
                for conflict in merge.conflicts.filter(resolution="")
            ],
        },
    )


@require_POST
@role_required(may_void)
def person_void_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Void a record registered in error or as a duplicate, with a reason."""
    person = _person_or_404(pk)
    form = VoidForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The record was not voided: choose a reason."))
        return redirect("people:person_detail", pk=person.pk)
    try:
        person_void(
            person=person,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            actor=Actor.of_request(request),
            now=timezone.now(),
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Record voided. It is kept and can be restored from this page.")
        )
    return redirect("people:person_detail", pk=person.pk)


@require_POST
@role_required(may_void)
def person_restore_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Bring a voided record back."""
    person = _person_or_404(pk)
    try:
        person_restore(
            person=person, actor=Actor.of_request(request), now=timezone.now()
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Record restored."))
    return redirect("people:person_detail", pk=person.pk)


def _initial(person: Person) -> dict[str, object]:
    return {
        "given_name": person.given_name,
        "father_name": person.father_name,
        "grandfather_name": person.grandfather_name,
        "family_name": person.family_name,
        "name_native": person.name_native,
        "sex": person.sex,
        "date_of_birth": person.date_of_birth,
        "dob_precision": person.dob_precision,
        "age_dispute": person.age_dispute,
        "child_status": person.child_status,
        "nationalities": person.nationalities,
        "languages": person.languages,
        "phone": person.phone,
        "place_of_origin": person.place_of_origin,
        "version": person.version,
    }


@role_required(may_write_people)
def person_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    """
    Edit a person. A stale save keeps everything typed and shows what changed.

    The form carries the version it was opened at; if someone saved in between,
    the caseworker sees the current values beside their own and decides.
    """
    person = _person_or_404(pk)
    current = None
    if request.method == "POST":
        form = PersonEditForm(request.POST)
        if form.is_valid():
            try:
                person_update(
                    person=person,
                    expected_version=form.cleaned_data["version"],
                    data=form.to_input(),
                    actor=Actor.of_request(request),
                    now=timezone.now(),
                )
            except ConflictError as error:
                current = _initial(person)
                form.add_error(None, error.message)
                data = request.POST.copy()
                data["version"] = str(person.version)
                form = PersonEditForm(data)
                form.is_valid()
                form.add_error(None, error.message)
            except ApplicationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("people:person_detail", pk=person.pk)
    else:
        with transaction.atomic():
            audit_read(request, "person", person.pk)
        form = PersonEditForm(initial=_initial(person))
    changed = []
    if current is not None:
        labels = {name: field.label for name, field in form.fields.items()}
        changed = [
            (labels.get(name, name), value)
            for name, value in current.items()
            if name != "version"
            and str(form.data.get(name, "")) != str(value or "")
            and name not in ("nationalities", "languages")
        ]
    return render(
        request,
        "people/person_edit.html",
        {"person": person, "form": form, "changed": changed},
    )


@require_POST
@role_required(may_write_people)
def need_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a specific need for the person."""
    person = _person_or_404(pk)
    form = NeedForm(request.POST)
    if (
        form.is_valid()
        and form.cleaned_data["note"]
        and "need_notes" not in writable_groups(request.user)
    ):
        raise PermissionDenied
    if form.is_valid():
        vulnerability_record(
            person=person,
            code=form.cleaned_data["code"],
            note=form.cleaned_data["note"],
            actor=Actor.of_request(request),
            now=timezone.now(),
        )
        messages.success(request, _("Specific need recorded."))
    else:
        messages.error(request, _("The specific need was not recorded: choose a code."))
    return redirect("people:person_detail", pk=person.pk)


@require_POST
@role_required(may_write_people)
def consent_withdraw_view(
    request: HttpRequest, pk: int, consent_pk: int
) -> HttpResponse:
    """Withdraw one consent of the person."""
    consent = Consent.objects.filter(pk=consent_pk, person_id=pk).first()
    if consent is None:
        raise Http404
    try:
        consent_withdraw(
            consent=consent, actor=Actor.of_request(request), now=timezone.now()
        )
        messages.success(request, _("Consent withdrawn."))
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("people:person_detail", pk=pk)


@role_required(may_read_people)
def household_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a household's members and how they are related."""
    with transaction.atomic():
        household = Household.objects.filter(pk=pk).select_related("location").first()
        if household is None:
            raise Http404
        audit_read(request, "household", household.pk)
    members = (
        household.members.filter(scope_q(request.user, "person", "read"))
        .prefetch_related("relations__relative")
        .order_by("date_of_birth", "registration_number")
    )
    return render(
        request,
        "people/household_detail.html",
        {"household": household, "members": members},
    )
