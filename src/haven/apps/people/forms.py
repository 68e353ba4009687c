"""Forms for the registration pages; they build the values the services take."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from haven.apps.people.codes import COUNTRIES, LANGUAGES, NEED_CODES
from haven.apps.people.inputs import NameInput, PersonInput
from haven.apps.people.models import Location, Person, Registration, Relationship


def choice_field(field: forms.Field) -> forms.ChoiceField:
    """Return ``field`` typed as a choice field, whose choices are set at run time."""
    assert isinstance(field, forms.ChoiceField)
    return field


def _country_choices() -> list[tuple[str, str]]:
    return sorted(
        ((code, str(label)) for code, label in COUNTRIES.items()), key=lambda c: c[1]
    )


def _language_choices() -> list[tuple[str, str]]:
    return sorted(
        ((code, str(label)) for code, label in LANGUAGES.items()), key=lambda c: c[1]
    )


class SearchForm(forms.Form):
    """A name in any script, or a registration number."""

    q = forms.CharField(label=_("Name or registration number"), max_length=200)


class RegistrationContextForm(forms.Form):
    """Where and by whom the family is registered."""

    # No default source here: the view starts from the user's own agency
    # (``registration_source_for``), so an NGO's registration is not a state's.
    source_kind = forms.ChoiceField(
        label=_("Source"), choices=Registration.SourceKind.choices
    )
    source_name = forms.CharField(label=_("Registry"), max_length=120)
    location_key = forms.ChoiceField(label=_("Place of registration"), required=False)
    registered_by = forms.CharField(label=_("Registered by"), max_length=120)
    # Lodging an asylum application is its own act, never implied by the source:
    # it starts the Dublin time limits (Dublin III Art 20(2), 21(1)).
    asylum_lodged = forms.BooleanField(
        label=_(
            "An asylum application is lodged with this registration "
            "(a state authority only; it starts the Dublin time limits)"
        ),
        required=False,
    )
    asylum_lodged_on = forms.DateField(
        label=_("Day the asylum application was lodged"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self) -> dict[str, Any]:
        """Require the lodging day with the box ticked, and nothing without it."""
        data = super().clean() or {}
        lodged, day = data.get("asylum_lodged"), data.get("asylum_lodged_on")
        if lodged and day is None and "asylum_lodged_on" not in self.errors:
            self.add_error(
                "asylum_lodged_on", _("Give the day the application was lodged.")
            )
        if not lodged and day is not None:
            self.add_error(
                "asylum_lodged",
                _("Tick the box to lodge an application, or leave the day empty."),
            )
        return data

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        places = Location.objects.exclude(kind=Location.Kind.CITY).order_by(
            "kind", "name"
        )
        choice_field(self.fields["location_key"]).choices = [("", "—")] + [
            (place.key, f"{place.name} ({place.get_kind_display()})")
            for place in places
        ]


class PersonForm(forms.Form):
    """One person's identity as given at registration."""

    given_name = forms.CharField(
        label=_("Given name (Latin letters)"), max_length=120, required=False
    )
    father_name = forms.CharField(
        label=_("Father's name"), max_length=120, required=False
    )
    grandfather_name = forms.CharField(
        label=_("Grandfather's name"), max_length=120, required=False
    )
    family_name = forms.CharField(
        label=_("Family name"), max_length=120, required=False
    )
    name_native = forms.CharField(
        label=_("Full name in original script"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto", "class": "native"}),
    )
    other_spellings = forms.CharField(
        label=_("Other Latin spellings (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Person.Sex.choices)
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    dob_precision = forms.ChoiceField(
        label=_("Date of birth is"),
        choices=Person.DobPrecision.choices,
        initial=Person.DobPrecision.UNKNOWN,
    )
    age_dispute = forms.ChoiceField(
        label=_("Age dispute"),
        choices=Person.AgeDispute.choices,
        initial=Person.AgeDispute.NONE,
    )
    child_status = forms.ChoiceField(
        label=_("Child status"),
        choices=Person.ChildStatus.choices,
        initial=Person.ChildStatus.NOT_A_CHILD,
    )
    nationalities = forms.MultipleChoiceField(label=_("Nationalities"), required=False)
    languages = forms.MultipleChoiceField(label=_("Languages"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    place_of_origin = forms.CharField(
        label=_("Place of origin"), max_length=200, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self.fields["nationalities"]).choices = _country_choices()
        choice_field(self.fields["languages"]).choices = _language_choices()

    def is_blank(self) -> bool:
        """Return True when no name was typed (an unused member slot)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return not any(
            (data.get(f) or "").strip()
            for f in (
                "given_name",
                "father_name",
                "grandfather_name",
                "family_name",
                "name_native",
            )
        )

    def to_input(self, **extra: Any) -> PersonInput:
        """Return the value the registration services take."""
        data = self.cleaned_data
        spellings = tuple(
            NameInput(given_name=line.strip())
            for line in (data.get("other_spellings") or "").splitlines()
            if line.strip()
        )
        return PersonInput(
            name=NameInput(
                data.get("given_name") or "",
                data.get("father_name") or "",
                data.get("grandfather_name") or "",
                data.get("family_name") or "",
                data.get("name_native") or "",
            ),
            other_spellings=spellings,
            sex=data["sex"],
            date_of_birth=data.get("date_of_birth"),
            dob_precision=data["dob_precision"],
            age_dispute=data["age_dispute"],
            nationalities=tuple(data.get("nationalities") or ()),
            languages=tuple(data.get("languages") or ()),
            phone=data.get("phone") or "",
            place_of_origin=data.get("place_of_origin") or "",
            child_status=data["child_status"],
            **extra,
        )


class MemberForm(PersonForm):
    """A family member: a person, their relation to the head, needs and consent."""

    relation_to_head = forms.ChoiceField(
        label=_("Relation to the head of the family"),
        choices=[("head", _("Head of the family")), *Relationship.Relation.choices],
    )
    needs = forms.MultipleChoiceField(
        label=_("Specific needs"),
        required=False,
        choices=[(n.code, format_lazy("{} · {}", n.code, n.label)) for n in NEED_CODES],
        widget=forms.CheckboxSelectMultiple,
    )
    consent_tracing = forms.BooleanField(
        label=_("Consents to family tracing"), required=False
    )

    field_order = ["relation_to_head"]

    def to_member_input(self) -> PersonInput:
        data = self.cleaned_data
        return self.to_input(
            needs=tuple(data.get("needs") or ()),
            consent_tracing=bool(data.get("consent_tracing")),
        )


MemberFormSet = formset_factory(MemberForm, extra=0, min_num=1, max_num=20)


class PersonEditForm(PersonForm):
    """Edit a person; ``version`` is the version the caseworker started from."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class NeedForm(forms.Form):
    """Record one specific need."""

    code = forms.ChoiceField(
        label=_("Specific need"),
        choices=[(n.code, format_lazy("{} · {}", n.code, n.label)) for n in NEED_CODES],
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class VoidForm(forms.Form):
    """Why a record is void: registered in error, or a duplicate."""

    reason = forms.ChoiceField(
        label=_("Reason"), choices=Person.VoidReason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
