"""Forms of the tracing pages."""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.apps.tracing.models import MatchDecision, TracingRequest


class TracingRequestForm(forms.Form):
    """Who is sought, by whom, and what is remembered."""

    requested_by = forms.CharField(
        label=_("Asked by"), max_length=200, help_text=_("The child, or who asks")
    )
    relation = forms.ChoiceField(
        label=_("Relation"), choices=TracingRequest.Relation.choices
    )
    name_as_remembered = forms.CharField(label=_("Name as remembered"), max_length=300)
    approx_age = forms.IntegerField(
        label=_("Approximate age"), min_value=0, max_value=120, required=False
    )
    last_known_city = forms.CharField(
        label=_("Last known city"), max_length=120, required=False
    )
    nationality = forms.CharField(
        label=_("Nationality (two letters)"), max_length=2, required=False
    )
    remembered = forms.CharField(
        label=_("What else is remembered"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DecisionForm(forms.Form):
    """Confirm or reject a candidate, with a reason."""

    decision = forms.ChoiceField(
        label=_("Decision"), choices=MatchDecision.Decision.choices
    )
    reason = forms.CharField(label=_("Reason"), max_length=1000)


class ReasonForm(forms.Form):
    """A reason for merging two records or keeping them apart."""

    reason = forms.CharField(label=_("Reason"), max_length=1000)


class MergeChooseForm(forms.Form):
    """Which other record, and which of the two survives."""

    class Survivor(models.TextChoices):
        THIS = "this", _("Keep this record; merge the other into it")
        OTHER = "other", _("Keep the other record; merge this one into it")

    other = forms.CharField(
        label=_("Registration number of the other record"), max_length=24
    )
    survivor = forms.ChoiceField(
        label=_("Which record survives"),
        choices=Survivor.choices,
        initial=Survivor.THIS,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False)


class ResolveForm(forms.Form):
    """Which side's row of a merge conflict to keep."""

    keep = forms.ChoiceField(
        label=_("Keep"),
        choices=[
            ("survivor", _("The surviving record's")),
            ("merged", _("The merged record's")),
        ],
        widget=forms.RadioSelect,
    )
