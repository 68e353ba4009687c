"""Forms of the transfer pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from haven.apps.transfers.models import Manifest


class ManifestForm(forms.Form):
    mode = forms.ChoiceField(label=_("Mode"), choices=Manifest.Mode.choices)
    origin_key = forms.CharField(label=_("From (place key)"), max_length=80)
    departure_planned = forms.DateTimeField(
        label=_("Planned departure"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    check_in_within_hours = forms.IntegerField(
        label=_("Check-in within (hours)"), initial=12, min_value=1, max_value=96
    )
    escort_name = forms.CharField(label=_("Escort"), max_length=150)
    escort_agency = forms.CharField(label=_("Escort's agency"), max_length=150)


class EntryForm(forms.Form):
    registration_number = forms.CharField(label=_("Registration number"), max_length=24)
    destination_key = forms.CharField(label=_("Destination (place key)"), max_length=80)
