"""Forms of the case pages; the services check meaning, the forms check shape."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from haven.apps.cases.models import Appeal, Delivery, Return
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
