"""Forms of the determination page and the request tracker."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from haven.apps.determinations.models import DublinRequest


class FactsForm(forms.Form):
    """The facts as JSON text, pre-filled from the record and editable."""

    facts = forms.CharField(
        label=_("Facts (JSON)"),
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false", "dir": "ltr"}),
    )

    def clean_facts(self) -> dict[str, Any]:
        text = self.cleaned_data["facts"]
        try:
            value = json.loads(text)
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                _("Not valid JSON: %(problem)s at line %(line)s, column %(column)s."),
                params={
                    "problem": error.msg,
                    "line": error.lineno,
                    "column": error.colno,
                },
            ) from error
        if not isinstance(value, dict):
            raise forms.ValidationError(_("The facts must be one JSON object."))
        return value


def _state_field(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=2,
        min_length=2,
        widget=forms.TextInput(attrs={"size": 3, "autocomplete": "off"}),
    )


class DublinRequestForm(forms.Form):
    """A take-charge or take-back request as sent."""

    kind = forms.ChoiceField(label=_("Kind"), choices=DublinRequest.Kind.choices)
    requesting_state = _state_field(_("Requesting state"))
    requested_state = _state_field(_("Requested state"))
    sent = forms.DateField(
        label=_("Sent on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    urgent = forms.BooleanField(label=_("Urgent"), required=False)
    eurodac_hit = forms.BooleanField(label=_("Rests on a Eurodac hit"), required=False)

    def clean_requesting_state(self) -> str:
        return str(self.cleaned_data["requesting_state"]).upper()

    def clean_requested_state(self) -> str:
        return str(self.cleaned_data["requested_state"]).upper()


class ReplyForm(forms.Form):
    """The requested state's reply."""

    reply = forms.ChoiceField(
        label=_("Reply"),
        choices=[
            (DublinRequest.Reply.ACCEPTED.value, DublinRequest.Reply.ACCEPTED.label),
            (DublinRequest.Reply.REFUSED.value, DublinRequest.Reply.REFUSED.label),
        ],
    )
    reply_date = forms.DateField(
        label=_("Reply date"), widget=forms.DateInput(attrs={"type": "date"})
    )
