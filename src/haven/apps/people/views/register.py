"""Register a family (or one person) in one form."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.apps.accounts.roles import may_write_people
from haven.apps.core.actors import Actor
from haven.apps.core.views import role_required
from haven.apps.errors import ApplicationError
from haven.apps.people.forms import MemberForm, MemberFormSet, RegistrationContextForm
from haven.apps.people.inputs import FamilyMemberInput, RegistrationInput
from haven.apps.people.services import family_register, registration_source_for

MAX_MEMBERS = 20


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
                try:
                    people = family_register(
                        members=inputs,
                        registration=registration,
                        actor=Actor.of_request(request),
                        now=timezone.now(),
                    )
                except ApplicationError as error:
                    _show_errors(error, context_form, filled)
                else:
                    messages.success(
                        request,
                        _("Registered %(count)d people.") % {"count": len(people)},
                    )
                    head = people[0]
                    if head.household_id:
                        return redirect("people:household_detail", pk=head.household_id)
                    return redirect("people:person_detail", pk=head.pk)
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
    return render(
        request,
        "people/family_register.html",
        {"context_form": context_form, "members": members, "slots": slots},
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
