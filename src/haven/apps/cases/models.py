"""
A person's case and what moves it: requests, reasoned decisions and their letters,
appeals, returns, the transitions log and the personal status code.

Every change of state goes through ``haven.engines.workflow`` and leaves one
``CaseTransition`` row with time, actor, role and reason.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from haven.apps.people.models import Person
from haven.engines.kernel import Regime

REGIME_CHOICES = [(regime.value, regime.label) for regime in Regime]


class Case(models.Model):
    """The one case of a person, and the stage it has reached."""

    class State(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        SCREENED = "screened", _("Screened")
        TRACING = "tracing", _("Tracing")
        DETERMINATION = "determination", _("Determination")
        REQUEST_SENT = "request_sent", _("Request sent")
        ACCEPTED = "accepted", _("Accepted")
        REFUSED = "refused", _("Refused")
        TRANSFER = "transfer", _("Transfer")
        ARRIVED = "arrived", _("Arrived")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        ABSCONDED = "absconded", _("Absconded")
        RETURNED = "returned", _("Returned")

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="case")
    state = models.CharField(
        _("stage"), max_length=20, choices=State.choices, default=State.REGISTERED
    )
    state_since = models.DateTimeField(_("in this stage since"))
    identified_at = models.DateTimeField(_("identified at"))
    regime = models.CharField(
        _("regime"), max_length=8, choices=REGIME_CHOICES, default=Regime.DUBLIN3
    )
    language = models.CharField(_("language of letters"), max_length=3, default="en")
    contact = models.CharField(_("whom to contact"), max_length=200)
    version = models.PositiveIntegerField(_("version"), default=1)
    # Closed as merged: both people of a merge had a case, the survivor's is kept
    # and this one links to it until the merge is undone (docs/adr/0017).
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("merged into"),
    )
    merged_at = models.DateTimeField(_("closed as merged at"), null=True, blank=True)

    class Meta:
        ordering = ["-state_since"]
        verbose_name = _("case")

    def __str__(self) -> str:
        return f"case {self.pk}"


class CaseTransition(models.Model):
    """One step of a process of the case: from, to, when, who (and role), why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions")
    machine = models.CharField(max_length=12)
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    from_state = models.CharField(max_length=20)
    to_state = models.CharField(max_length=20)
    at = models.DateTimeField()
    actor = models.CharField(max_length=150)
    role = models.CharField(max_length=32)
    reason = models.TextField()

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["machine", "to_state", "at"])]

    def __str__(self) -> str:
        return f"{self.machine}: {self.from_state} → {self.to_state}"


class DublinRequest(models.Model):
    """
    A request from one state to another about a person, and what came of it.

    Take charge, take back (under the AMMR a notification), information (Dublin
    III Art 34), humanitarian (Art 17(2)) and re-examination requests, under each
    regime. Only events are stored: when it was drafted, sent, received, replied
    to and how, withdrawn and why. Every time limit is computed from them by
    ``haven.engines.workflow`` whenever it is shown (``cases.selectors``).
    """

    class Kind(models.TextChoices):
        TAKE_CHARGE = "take_charge", _("Take-charge request")
        TAKE_BACK = "take_back", _("Take-back request")
        INFORMATION = "information", _("Information request")
        HUMANITARIAN = "humanitarian", _("Humanitarian request (Art 17(2))")
        RE_EXAMINATION = "re_examination", _("Re-examination request")

    class State(models.TextChoices):
        DRAFTED = "drafted", _("Drafted")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        SENT = "sent", _("Sent")
        REPLY_DUE = "reply_due", _("Received, reply due")
        ACCEPTED = "accepted", _("Accepted")
        DEEMED_ACCEPTED = "deemed_accepted", _("Accepted by silence")
        CONFIRMED = "confirmed", _("Receipt confirmed")
        DEEMED_CONFIRMED = "deemed_confirmed", _("Confirmed by silence")
        REFUSED = "refused", _("Refused")
        ANSWERED = "answered", _("Answered")
        LAPSED = "lapsed", _("Lapsed without reply")
        TRANSFER_DUE = "transfer_due", _("Transfer due")
        TRANSFERRED = "transferred", _("Transferred")
        EXPIRED = "expired", _("Expired")

    class Reply(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        CONFIRMED = "confirmed", _("Receipt confirmed")
        REFUSED = "refused", _("Refused")
        ANSWERED = "answered", _("Answered")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="requests")
    determination = models.ForeignKey(
        "determinations.Determination",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
    )
    refers_to = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="re_examinations",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    regime = models.CharField(_("regime"), max_length=8, choices=REGIME_CHOICES)
    requesting_state = models.CharField(_("requesting state"), max_length=2)
    requested_state = models.CharField(_("requested state"), max_length=2)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    urgent = models.BooleanField(_("urgent reply asked"), default=False)
    eurodac = models.BooleanField(_("based on a Eurodac hit"), default=False)
    eurodac_hit_on = models.DateField(_("Eurodac hit on"), null=True, blank=True)
    lodged_on = models.DateField(_("application lodged on"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.DRAFTED
    )
    drafted_at = models.DateTimeField(_("drafted at"))
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    reply = models.CharField(
        _("reply"), max_length=10, choices=Reply.choices, blank=True, default=""
    )
    replied_on = models.DateField(_("reply dated"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)

    class Meta:
        ordering = ["-drafted_at", "-id"]
        verbose_name = _("Dublin request")
        indexes = [models.Index(fields=["state", "sent_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(requesting_state=models.F("requested_state")),
                name="request_other_state",
            ),
            models.CheckConstraint(
                condition=Q(reply="") | Q(replied_on__isnull=False),
                name="request_reply_dated",
            ),
            models.CheckConstraint(
                condition=~Q(state="withdrawn") | ~Q(withdrawal_reason=""),
                name="request_withdrawal_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "take_charge",
                        "take_back",
                        "information",
                        "humanitarian",
                        "re_examination",
                    ]
                ),
                name="request_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(regime__in=["dublin3", "ammr", "dubs"]),
                name="request_regime_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.requesting_state}→{self.requested_state}"


class Decision(models.Model):
    """A decision with its reason code, its free-text reason and the appeal route."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="decisions")
    request = models.ForeignKey(
        DublinRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    subject = models.CharField(_("subject"), max_length=16)
    outcome = models.CharField(_("outcome"), max_length=8)
    reason_code = models.CharField(_("reason code"), max_length=40)
    reason_text = models.TextField(_("reasons"))
    decided_on = models.DateField(_("decided on"))
    decided_by = models.CharField(_("decided by"), max_length=150)
    appeal_route = models.CharField(_("appeal route"), max_length=40, blank=True)
    appeal_deadline = models.DateField(_("appeal deadline"), null=True, blank=True)
    appeal_rule = models.CharField(_("appeal rule"), max_length=120, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("decision")
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason_code="") & ~Q(reason_text=""),
                name="decision_has_reasons",
            ),
            models.CheckConstraint(
                condition=Q(outcome="accepted") | ~Q(appeal_route=""),
                name="refusal_names_appeal_route",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject}: {self.outcome}"


class Letter(models.Model):
    """A decision letter as issued, in one language; the HTML is kept as sent."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="letters"
    )
    language = models.CharField(_("language"), max_length=3)
    translation_reviewed = models.BooleanField(_("translation reviewed"))
    html = models.TextField()
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.CharField(_("issued by"), max_length=150)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("letter")

    def __str__(self) -> str:
        return f"letter {self.pk} ({self.language})"


class Delivery(models.Model):
    """How, when and with which interpreter a letter reached the person."""

    class Method(models.TextChoices):
        IN_PERSON = "in_person", _("Handed over in person")
        READ_OUT = "read_out", _("Read out with an interpreter")
        GUARDIAN = "guardian", _("Through a guardian or social worker")
        POST = "post", _("By post")
        EMAIL = "email", _("By e-mail")

    letter = models.ForeignKey(
        Letter, on_delete=models.CASCADE, related_name="deliveries"
    )
    method = models.CharField(_("how"), max_length=10, choices=Method.choices)
    delivered_at = models.DateTimeField(_("when"))
    interpreter = models.CharField(_("interpreter"), max_length=150, blank=True)
    interpreter_language = models.CharField(
        _("interpreted into"), max_length=3, blank=True
    )
    recorded_by = models.CharField(_("recorded by"), max_length=150)

    class Meta:
        ordering = ["delivered_at"]
        verbose_name = _("delivery")

    def __str__(self) -> str:
        return f"{self.method} {self.delivered_at:%Y-%m-%d}"


class Appeal(models.Model):
    """An appeal against a decision, through its route."""

    class State(models.TextChoices):
        LODGED = "lodged", _("Lodged")
        PENDING = "pending", _("Pending")
        DECIDED = "decided", _("Decided")

    class Outcome(models.TextChoices):
        ALLOWED = "allowed", _("Allowed")
        DISMISSED = "dismissed", _("Dismissed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="appeals")
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="appeals"
    )
    state = models.CharField(
        _("state"), max_length=8, choices=State.choices, default=State.LODGED
    )
    lodged_on = models.DateField(_("lodged on"))
    in_time = models.BooleanField(_("lodged in time"))
    suspensive = models.BooleanField(_("suspends the decision"), default=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, blank=True
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)

    class Meta:
        ordering = ["-lodged_on", "-id"]
        verbose_name = _("appeal")

    def __str__(self) -> str:
        return f"appeal {self.pk} ({self.state})"


class Return(models.Model):
    """A return of a person found not in need of protection."""

    class Route(models.TextChoices):
        VOLUNTARY = "voluntary", _("Voluntary")
        ENFORCED = "enforced", _("Enforced")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="returns")
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="returns"
    )
    route = models.CharField(_("route"), max_length=10, choices=Route.choices)
    returned_on = models.DateField(_("date of return"))
    country = models.CharField(_("returned to"), max_length=2)
    recorded_at = models.DateTimeField()
    recorded_by = models.CharField(max_length=150)

    class Meta:
        ordering = ["-returned_on", "-id"]
        verbose_name = _("return")

    def __str__(self) -> str:
        return f"{self.route} return {self.returned_on}"


class StatusCode(models.Model):
    """
    A personal code to the status page. Only its keyed hash is stored, so the code
    is shown once, on issue, and cannot be read back from the database.
    """

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="status_codes"
    )
    digest = models.CharField(max_length=64, unique=True)
    issued_at = models.DateTimeField()
    issued_by = models.CharField(max_length=150)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return f"status code {self.pk}"
