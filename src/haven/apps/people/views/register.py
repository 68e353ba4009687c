"""Register a family (or one person) in one form."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.apps.accounts.policy import readable, scope_q
from haven.apps.accounts.roles import may_write_people
from haven.apps.audit.services import audit_record
from haven.apps.core.actors import Actor
from haven.apps.core.views import role_required
from haven.apps.errors import ApplicationError, PermissionDeniedError
from haven.apps.operations.idempotency import (
    IdempotencyKeyReusedError,
    StoredResponse,
    idempotency_key_used,
    idempotent_call,
    request_hash,
)
from haven.apps.people.duplicates import LikelyDuplicate, likely_duplicates
from haven.apps.people.forms import MemberForm, MemberFormSet, RegistrationContextForm
from haven.apps.people.inputs import FamilyMemberInput, RegistrationInput
from haven.apps.people.models import PersonEvent
from haven.apps.people.reasons import contribution_rows
from haven.apps.people.services import family_register, registration_source_for

MAX_MEMBERS = 20
# The form's one-time token: a registration is stored once per token (the
# idempotency store of the API, docs/adr/0016).
TOKEN_FIELD = "form_token"  # noqa: S105  (a field name, not a secret)


@role_required(may_write_people)
def family_register_view(request: HttpRequest) -> HttpResponse:
    """Show the family form; on a valid POST register all members at once."""
    slots = _member_slots(request)
    if request.method == "POST" and "add_member" not in request.POST:
        context_form = RegistrationContextForm(request.POST)
        members = MemberFormSet(request.POST, prefix="m")
        if context_form.is_valid() and members.is_valid():
            filled = [f for f in members.forms if not f.is_blank()]
            if not filled:
                members.forms[0].add_error(
                    "given_name", _("Enter at least one person.")
                )
            else:
                inputs = [
                    FamilyMemberInput(
                        person=f.to_member_input(),
                        relation_to_head=f.cleaned_data["relation_to_head"],
                    )
                    for f in filled
                ]
                cleaned = context_form.cleaned_data
                registration = RegistrationInput(
                    source_kind=cleaned["source_kind"],
                    source_name=cleaned["source_name"],
                    registered_at=timezone.now(),
                    registered_by=cleaned["registered_by"],
                    location_key=cleaned["location_key"] or "",
                    asylum_lodged_on=cleaned["asylum_lodged_on"]
                    if cleaned["asylum_lodged"]
                    else None,
                )
                confirmed = request.POST.get("different_person") == "1"
                warnings = (
                    []
                    if confirmed or _sent_before(request)
                    else likely_duplicates(
                        [i.person for i in inputs],
                        within=scope_q(request.user, "person", "read"),
                        readable=readable(request.user),
                    )
                )
                # A copy of this form may have stored the person found meanwhile.
                if warnings and not _sent_before(request):
                    return _render(
                        request, context_form, members, slots, warnings, filled
                    )
                try:
                    stored = _register_once(
                        request, inputs, registration, confirmed=confirmed
                    )
                except IdempotencyKeyReusedError:
                    context_form.add_error(
                        None,
                        _(
                            "This form was already sent with other details, and "
                            "those were saved. Open a new registration form to "
                            "register someone else."
                        ),
                    )
                except ApplicationError as error:
                    _show_errors(error, context_form, filled)
                else:
                    if stored.replayed:
                        messages.info(
                            request,
                            _("This registration was already saved; here it is."),
                        )
                    else:
                        messages.success(
                            request,
                            _("Registered %(count)d people.")
                            % {"count": stored.body["count"]},
                        )
                    return redirect(stored.body["location"])
    else:
        if request.method == "POST":  # "add a member": keep what was typed, add a slot
            context_form = RegistrationContextForm(request.POST)
            data = request.POST.copy()
            data["m-TOTAL_FORMS"] = str(slots)
            members = MemberFormSet(data, prefix="m")
        else:
            kind, name = registration_source_for(Actor.of_request(request))
            context_form = RegistrationContextForm(
                initial={
                    "registered_by": request.user.get_username(),
                    "source_kind": kind,
                    "source_name": name,
                }
            )
            members = MemberFormSet(
                prefix="m",
                initial=[{"relation_to_head": "head", "consent_tracing": True}]
                + [{"relation_to_head": "child", "consent_tracing": True}]
                * (slots - 1),
            )
    return _render(request, context_form, members, slots)


def _render(
    request: HttpRequest,
    context_form: RegistrationContextForm,
    members: Any,
    slots: int,
    warnings: list[LikelyDuplicate] | None = None,
    filled: list[MemberForm] | None = None,
) -> HttpResponse:
    """Show the form, with its one-time token and any likely duplicates."""
    token = request.POST.get(TOKEN_FIELD) or uuid.uuid4().hex
    by_member: dict[int, list[dict[str, Any]]] = {}
    for warning in warnings or []:
        by_member.setdefault(warning.member, []).append(
            {"warning": warning, "rows": contribution_rows(warning.reasons)}
        )
    named = [
        {
            "name": " ".join(
                str(form.cleaned_data.get(f) or "")
                for f in ("given_name", "father_name", "family_name")
            ).strip(),
            "matches": by_member[index],
        }
        for index, form in enumerate(filled or [])
        if index in by_member
    ]
    return render(
        request,
        "people/family_register.html",
        {
            "context_form": context_form,
            "members": members,
            "slots": slots,
            "token": token,
            "token_field": TOKEN_FIELD,
            "duplicates": named,
        },
    )


def _sent_before(request: HttpRequest) -> bool:
    """Return True when this form's token already stored a registration."""
    token = request.POST.get(TOKEN_FIELD, "")
    user_id = Actor.of_request(request).user_id
    return (
        bool(token.strip())
        and user_id is not None
        and (idempotency_key_used(user_id=user_id, key=token))
    )


def _register_once(
    request: HttpRequest,
    inputs: list[FamilyMemberInput],
    registration: RegistrationInput,
    *,
    confirmed: bool,
) -> StoredResponse:
    """
    Register the family once per form token: a second submission of the same form
    (a double click, a resend) waits for the first and leads to what it stored.
    """
    body = {
        key: request.POST.getlist(key)
        for key in sorted(request.POST)
        if key not in ("csrfmiddlewaretoken", TOKEN_FIELD, "different_person")
    }
    actor = Actor.of_request(request)
    now = timezone.now()

    def operation() -> tuple[int, dict[str, Any]]:
        people = family_register(
            members=inputs, registration=registration, actor=actor, now=now
        )
        if confirmed:
            for person in people:
                PersonEvent.objects.create(
                    person=person,
                    at=now,
                    actor=actor.name,
                    action="registered as a different person",
                    detail="the clerk confirmed it after the duplicate warning",
                )
                audit_record(
                    action="person.duplicate_warning_confirmed",
                    actor_id=actor.user_id,
                    actor_name=actor.name,
                    object_type="person",
                    object_id=person.pk,
                )
        head = people[0]
        location = (
            reverse("people:household_detail", args=[head.household_id])
            if head.household_id
            else reverse("people:person_detail", args=[head.pk])
        )
        return 201, {"location": location, "count": len(people)}

    if actor.user_id is None:  # role_required lets only staff users in
        raise PermissionDeniedError("log in to register people")
    return idempotent_call(
        user_id=actor.user_id,
        key=request.POST.get(TOKEN_FIELD) or uuid.uuid4().hex,
        fingerprint=request_hash(method="POST", path=request.path, body=body),
        operation=operation,
        now=now,
    )


def _member_slots(request: HttpRequest) -> int:
    try:
        current = int(request.POST.get("m-TOTAL_FORMS", "1"))
    except ValueError:
        current = 1
    if "add_member" in request.POST:
        current += 1
    return max(1, min(MAX_MEMBERS, current))


def _show_errors(
    error: ApplicationError,
    context_form: RegistrationContextForm,
    filled: list[MemberForm],
) -> None:
    for path, problems in error.field_errors.items():
        if path.startswith("members["):
            index = int(path[len("members[") : path.index("]")])
            field = path[path.index("]") + 2 :]
            form = filled[index]
            field = {"name_native": "name_native"}.get(field, field)
            for problem in problems:
                form.add_error(field if field in form.fields else None, problem)
        elif path.startswith("registration."):
            field = path[len("registration.") :]
            for problem in problems:
                context_form.add_error(
                    field if field in context_form.fields else None, problem
                )
        else:
            for problem in problems:
                context_form.add_error(None, f"{path}: {problem}")
    if not error.field_errors:
        context_form.add_error(None, error.message)
