"""Forms of the determination page, the request tracker and the case page."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from haven.apps.cases.models import DublinRequest


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


def _date_field(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class RequestDraftForm(forms.Form):
    """A request drafted from a determination, pre-filled from it (one form for
    the determination page and the case page)."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (value, label)
            for value, label in DublinRequest.Kind.choices
            if value != DublinRequest.Kind.RE_EXAMINATION
        ],
    )
    requesting_state = _state_field(_("Requesting state"))
    requested_state = _state_field(_("Requested state"))
    legal_basis = forms.CharField(
        label=_("Legal basis"), max_length=200, required=False
    )
    lodged_on = _date_field(_("Application lodged on"), required=False)
    eurodac_hit_on = _date_field(_("Eurodac hit on"), required=False)
    urgent = forms.BooleanField(label=_("Urgent reply asked"), required=False)

    def clean_requesting_state(self) -> str:
        return str(self.cleaned_data["requesting_state"]).upper()

    def clean_requested_state(self) -> str:
        return str(self.cleaned_data["requested_state"]).upper()


class ReplyForm(forms.Form):
    """The requested state's reply: an explicit choice, nothing pre-selected."""

    reply = forms.ChoiceField(
        label=_("Reply"),
        choices=DublinRequest.Reply.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the reply that came back.")},
    )
    replied_on = _date_field(_("Reply dated"))

    def __init__(self, *args: Any, replies: list[str] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if replies is not None:
            self.fields["reply"].choices = [  # type: ignore[attr-defined]
                (value, label)
                for value, label in DublinRequest.Reply.choices
                if value in replies
            ]


class RequestStepForm(forms.Form):
    """Send, record the receipt of, or withdraw a request, with the reason."""

    target = forms.ChoiceField(
        choices=[
            (DublinRequest.State.SENT.value, _("Sent")),
            (DublinRequest.State.REPLY_DUE.value, _("Received by the other state")),
            (DublinRequest.State.WITHDRAWN.value, _("Withdraw")),
        ],
        widget=forms.HiddenInput,
    )
    on = _date_field(_("On"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=500)
