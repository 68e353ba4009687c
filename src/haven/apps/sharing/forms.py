"""Forms of the disclosure pages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from haven.apps.sharing.fields import DISCLOSABLE_FIELDS
from haven.apps.sharing.models import DataSharingAgreement, Disclosure, Recipient

FIELD_LABELS: dict[str, Promise] = {
    "registration_number": _("Registration number"),
    "given_name": _("Given name"),
    "father_name": _("Father's name"),
    "grandfather_name": _("Grandfather's name"),
    "family_name": _("Family name"),
    "name_native": _("Name in own script"),
    "sex": _("Sex"),
    "date_of_birth": _("Date of birth"),
    "dob_precision": _("Precision of the date of birth"),
    "nationalities": _("Nationalities"),
    "languages": _("Languages"),
    "child_status": _("Child status"),
}


def field_label(name: str) -> str:
    """Return the readable label of a disclosable field, or its name."""
    return str(FIELD_LABELS.get(name, name))


class DisclosureRequestForm(forms.Form):
    """
    A request to disclose a person's data: to whom, under which agreement, why.

    Only the recipient must be chosen here; every other requirement is the
    gate's to check, so that one refusal names all that is missing. No field is
    ticked at first: the set starts minimal.
    """

    recipient = forms.ModelChoiceField(
        label=_("Recipient"), queryset=Recipient.objects.none(), empty_label="—"
    )
    agreement = forms.ChoiceField(
        label=_("Data-sharing agreement"),
        required=False,
        help_text=_("Agreements in force today, with whom they are signed."),
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=300,
        required=False,
        help_text=_("Why the recipient needs the data."),
    )
    legal_basis = forms.ChoiceField(
        label=_("Legal basis"),
        required=False,
        choices=[("", "—"), *Disclosure.LegalBasis.choices],
    )
    field_set = forms.MultipleChoiceField(
        label=_("Fields to send"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(name, FIELD_LABELS[name]) for name in DISCLOSABLE_FIELDS],
        help_text=_("Only those the recipient needs, and the agreement covers."),
    )
    consent = forms.CharField(
        label=_("Consent override: reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Only when the person has not consented to share with this recipient."
        ),
    )

    def __init__(
        self,
        *args: Any,
        recipients: QuerySet[Recipient],
        agreements: Iterable[DataSharingAgreement],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        recipient_field = self.fields["recipient"]
        assert isinstance(recipient_field, forms.ModelChoiceField)
        recipient_field.queryset = recipients
        agreement_field = self.fields["agreement"]
        assert isinstance(agreement_field, forms.ChoiceField)
        agreement_field.choices = [
            ("", "—"),
            *(
                (
                    a.reference,
                    gettext("%(reference)s · %(recipient)s (until %(until)s)")
                    % {
                        "reference": a.reference,
                        "recipient": a.recipient.name,
                        "until": a.valid_until.isoformat(),
                    },
                )
                for a in agreements
            ),
        ]


class ReasonForm(forms.Form):
    """A written reason for a country-of-origin policy override."""

    reason = forms.CharField(
        label=_("Reason for the override"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
