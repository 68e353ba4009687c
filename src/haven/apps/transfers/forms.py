"""Forms of the transfer pages: places are chosen by name, people by a search."""

from __future__ import annotations

from django import forms
from django.db.models import Case, QuerySet, When
from django.utils.translation import gettext_lazy as _

from haven.apps.people.models import Location
from haven.apps.transfers.models import Manifest


def places() -> QuerySet[Location]:
    """
    Return the places a group leaves from or goes to: camps, sectors and centres
    first, then cities, each by country and name.

    Cities are among them: a child joining a relative in the United Kingdom
    travels to the relative's city.
    """
    city_last = Case(When(kind=Location.Kind.CITY, then=1), default=0)
    return Location.objects.order_by(city_last, "country", "name", "pk")


class PlaceChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A select of places shown by name; the internal key is never typed."""

    def label_from_instance(self, obj: Location) -> str:
        return f"{obj.name} ({obj.get_kind_display()}, {obj.country})"


class ManifestForm(forms.Form):
    mode = forms.ChoiceField(label=_("Mode"), choices=Manifest.Mode.choices)
    origin = PlaceChoiceField(label=_("From"), queryset=Location.objects.none())
    departure_planned = forms.DateTimeField(
        label=_("Planned departure"),
        # To the minute: the browser refuses a value with seconds as off its step.
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
    )
    check_in_within_hours = forms.IntegerField(
        label=_("Check-in within (hours)"), initial=12, min_value=1, max_value=96
    )
    escort_name = forms.CharField(label=_("Escort"), max_length=150)
    escort_agency = forms.CharField(label=_("Escort's agency"), max_length=150)
    second_escort_name = forms.CharField(
        label=_("Second escort"), max_length=150, required=False
    )
    second_escort_agency = forms.CharField(
        label=_("Second escort's agency"), max_length=150, required=False
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["origin"]
        assert isinstance(field, PlaceChoiceField)
        field.queryset = places()
        # A bus nearly always leaves from the camp: it is offered first.
        field.initial = Location.objects.filter(kind=Location.Kind.CAMP).first()


class PeopleSearchForm(forms.Form):
    query = forms.CharField(
        label=_("Find people by name or registration number"), max_length=200
    )


class EntriesForm(forms.Form):
    """Where the people ticked in the search results go, and any override.

    The ticked people come as ``person`` values; the service checks each is in
    the user's records.
    """

    destination = PlaceChoiceField(label=_("To"), queryset=Location.objects.none())
    override_reason = forms.CharField(
        label=_("Reason to override a blocking case stage"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["destination"]
        assert isinstance(field, PlaceChoiceField)
        field.queryset = places()
