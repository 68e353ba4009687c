"""
Recipients outside the agency, the agreements to share with them, and disclosures.

A ``Disclosure`` records who asked to send which fields of whom, to whom, why and on
what basis, who approved and who overrode what; it holds the field *names* sent,
never their values (specs/security.md R-14; docs/adr/0021).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Recipient(models.Model):
    """An organisation outside the agency that may receive people's data."""

    class Kind(models.TextChoices):
        HUMANITARIAN = "humanitarian", _("Humanitarian organisation")
        UN_AGENCY = "un_agency", _("UN agency")
        SERVICE_PROVIDER = "service_provider", _("Service provider")
        GOVERNMENT = "government", _("Government authority")
        LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = models.CharField(_("country"), max_length=2)

    class Meta:
        ordering = ["name"]
        verbose_name = _("recipient")

    def __str__(self) -> str:
        return self.name


class DataSharingAgreement(models.Model):
    """A signed agreement with one recipient: its reference, term and field set."""

    reference = models.CharField(_("reference"), max_length=60, unique=True)
    recipient = models.ForeignKey(
        Recipient, on_delete=models.PROTECT, related_name="agreements"
    )
    fields = models.JSONField(_("fields it covers"), default=list)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))

    class Meta:
        ordering = ["reference"]
        verbose_name = _("data-sharing agreement")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("valid_from")),
                name="agreement_term_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.reference


class Disclosure(models.Model):
    """One request to disclose a person's data, from asking to sending."""

    class State(models.TextChoices):
        AWAITING_APPROVAL = "awaiting_approval", _("Awaiting a second approver")
        APPROVED = "approved", _("Approved")
        SENT = "sent", _("Sent")

    class LegalBasis(models.TextChoices):
        CONSENT = "consent", _("Consent")
        VITAL_INTERESTS = "vital_interests", _("Vital interests")
        LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation")
        PUBLIC_INTEREST = "public_interest", _("Public interest or mandate")
        CONTRACT = "contract", _("Performance of a contract")

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="disclosures"
    )
    recipient = models.ForeignKey(
        Recipient, on_delete=models.PROTECT, related_name="disclosures"
    )
    agreement = models.ForeignKey(
        DataSharingAgreement, on_delete=models.PROTECT, related_name="disclosures"
    )
    purpose = models.CharField(_("purpose"), max_length=300)
    legal_basis = models.CharField(
        _("legal basis"), max_length=20, choices=LegalBasis.choices
    )
    fields = models.JSONField(_("fields"))
    consent = models.ForeignKey(
        "people.Consent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disclosures",
    )
    consent_override_reason = models.TextField(_("consent override"), blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    origin_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    origin_override_reason = models.TextField(
        _("country-of-origin override"), blank=True
    )
    # The recipient's country the override was recorded for: an override covers
    # that country only, never one the person's record gains afterwards.
    origin_override_country = models.CharField(
        _("country overridden"), max_length=2, blank=True
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("disclosure")
        constraints = [
            models.CheckConstraint(
                condition=Q(consent__isnull=False) | ~Q(consent_override_reason=""),
                name="disclosure_consent_or_override",
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True)
                | ~Q(approved_by=F("requested_by")),
                name="disclosure_second_person_approves",
            ),
            models.CheckConstraint(
                condition=~Q(state="sent") | Q(sent_at__isnull=False),
                name="disclosure_sent_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"disclosure {self.pk} ({self.state})"
