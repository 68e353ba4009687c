"""Forms of the case pages; the services check meaning, the forms check shape."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from haven.apps.cases.models import Appeal, Delivery, DublinRequest, Return
from haven.apps.cases.reasons import (
    LETTER_LANGUAGES,
    OUTCOMES,
    REASON_CODES,
    SUBJECTS,
)
from haven.engines.workflow import APPEAL_ROUTES


class CaseOpenForm(forms.Form):
    registration_number = forms.CharField(label=_("Registration number"), max_length=24)
    contact = forms.CharField(label=_("Whom to contact"), max_length=200)


class TransitionForm(forms.Form):
    target = forms.ChoiceField(label=_("Next stage"), choices=())
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: object, targets: list[tuple[str, str]], **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["target"].choices = targets  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    subject = forms.ChoiceField(label=_("Subject"), choices=list(SUBJECTS.items()))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=list(OUTCOMES.items()))
    reason_code = forms.ChoiceField(
        label=_("Reason"),
        choices=[("", "—")] + [(r.code, r.label) for r in REASON_CODES.values()],
    )
    reason_text = forms.CharField(
        label=_("Reasons in full"), widget=forms.Textarea(attrs={"rows": 3})
    )
    appeal_route = forms.ChoiceField(
        label=_("Appeal route"),
        required=False,
        choices=[("", "—")] + [(r.code, r.body) for r in APPEAL_ROUTES.values()],
    )
    language = forms.ChoiceField(
        label=_("Language of the letter"),
        choices=[(lang.code, lang.name) for lang in LETTER_LANGUAGES.values()],
    )
    request = forms.TypedChoiceField(
        label=_("Reply to request"), coerce=int, required=False, empty_value=None
    )


class DeliveryForm(forms.Form):
    method = forms.ChoiceField(label=_("How"), choices=Delivery.Method.choices)
    delivered_at = forms.DateTimeField(
        label=_("When"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    interpreter = forms.CharField(
        label=_("Interpreter"), required=False, max_length=150
    )
    interpreter_language = forms.CharField(
        label=_("Interpreted into"), required=False, max_length=3
    )


class AppealForm(forms.Form):
    lodged_on = forms.DateField(
        label=_("Lodged on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    suspensive = forms.BooleanField(
        label=_("Suspends the decision"), required=False, initial=True
    )


class AppealStepForm(forms.Form):
    target = forms.ChoiceField(label=_("Next state"), choices=Appeal.State.choices)
    outcome = forms.ChoiceField(
        label=_("Outcome"), required=False, choices=[("", "—"), *Appeal.Outcome.choices]
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ReturnForm(forms.Form):
    decision = forms.TypedChoiceField(label=_("Decision"), coerce=int, choices=())
    route = forms.ChoiceField(label=_("Route"), choices=Return.Route.choices)
    returned_on = forms.DateField(
        label=_("Date of return"), widget=forms.DateInput(attrs={"type": "date"})
    )
    country = forms.CharField(label=_("Returned to (country code)"), max_length=2)


class StatusLookupForm(forms.Form):
    code = forms.CharField(
        label=_("Your personal code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters"}
        ),
    )


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
