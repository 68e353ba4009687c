"""
The pledge and quota ledger: schemes with caps, pledges, placements, allocation runs.

The database itself keeps every placement within its pledge and its scheme's cap:
``Pledge.places_delivered`` and ``Scheme.places_delivered`` are counters that the
placement service raises with ``F()`` in the same transaction as it inserts the
placement, and CHECK constraints refuse any counter above its pledge or cap. A money
pledge pledges no places, so nothing can be delivered against it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Scheme(models.Model):
    """A resettlement or relocation scheme, such as UK s.67 (Dubs), with its cap."""

    class Covers(models.TextChoices):
        EVERYONE = "everyone", _("Everyone not yet placed")
        UNACCOMPANIED_CHILDREN = (
            "unaccompanied_children",
            _("Unaccompanied children (as of the run's date)"),
        )

    key = models.SlugField(_("key"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    # Whom an allocation run of the scheme may place (placements.eligibility).
    covers = models.CharField(
        _("covers"),
        max_length=24,
        choices=Covers.choices,
        default=Covers.EVERYONE,
    )
    cap = models.PositiveIntegerField(_("cap"), null=True, blank=True)
    places_delivered = models.PositiveIntegerField(_("places delivered"), default=0)

    class Meta:
        ordering = ["name"]
        verbose_name = _("scheme")
        constraints = [
            models.CheckConstraint(
                condition=Q(cap__isnull=True) | Q(places_delivered__lte=F("cap")),
                name="scheme_delivered_within_cap",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CapVersion(models.Model):
    """One value of a scheme's cap and the day it took effect."""

    scheme = models.ForeignKey(
        Scheme, on_delete=models.CASCADE, related_name="cap_versions"
    )
    places = models.PositiveIntegerField(_("places"))
    effective_from = models.DateField(_("effective from"))
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["scheme", "effective_from"]
        verbose_name = _("cap version")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "effective_from"], name="cap_version_one_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scheme_id}: {self.places} from {self.effective_from}"


class Pledge(models.Model):
    """Places or money pledged by a state, local authority or municipality."""

    class PledgerKind(models.TextChoices):
        STATE = "state", _("State")
        LOCAL_AUTHORITY = "local_authority", _("Local authority")
        MUNICIPALITY = "municipality", _("Municipality")

    class Kind(models.TextChoices):
        PLACES = "places", _("Places")
        MONEY = "money", _("Money")

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="pledges")
    pledger_kind = models.CharField(
        _("pledger kind"), max_length=16, choices=PledgerKind.choices
    )
    pledger = models.CharField(_("pledger"), max_length=200)
    country = models.CharField(_("country"), max_length=2)
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices)
    places = models.PositiveIntegerField(_("places"), default=0)
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    pledged_on = models.DateField(_("pledged on"))
    places_delivered = models.PositiveIntegerField(_("places delivered"), default=0)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["scheme", "country", "pledger"]
        verbose_name = _("pledge")
        constraints = [
            models.CheckConstraint(
                condition=Q(places_delivered__lte=F("places")),
                name="pledge_delivered_within_places",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="pledge_period_ordered",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="places", amount__isnull=True)
                    | Q(kind="money", places=0, amount__gt=0) & ~Q(currency="")
                ),
                name="pledge_kind_consistent",
            ),
            models.CheckConstraint(
                condition=Q(
                    pledger_kind__in=["state", "local_authority", "municipality"]
                ),
                name="pledge_pledger_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pledger} ({self.scheme_id})"

    @property
    def places_remaining(self) -> int:
        """Return the places pledged and not yet delivered."""
        return self.places - self.places_delivered


class AllocationRun(models.Model):
    """One run of the placement optimiser, with its figures and full report."""

    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, null=True, blank=True, related_name="runs"
    )
    source = models.CharField(_("source"), max_length=20)
    solver = models.CharField(_("solver"), max_length=10)
    objective_name = models.CharField(_("objective"), max_length=20)
    objective = models.FloatField(_("objective value"))
    lp_bound = models.FloatField(_("LP bound"))
    best_bound = models.FloatField(_("best bound"))
    gap = models.FloatField(_("gap"))
    proven_optimal = models.BooleanField(_("proven optimal"))
    families_placed = models.PositiveIntegerField(_("families placed"))
    persons_placed = models.PositiveIntegerField(_("people placed"))
    persons_unplaced = models.PositiveIntegerField(_("people not placed"))
    report = models.JSONField(_("report"), default=dict)
    recorded_at = models.DateTimeField(_("placements recorded at"), null=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("allocation run")

    def __str__(self) -> str:
        return f"run {self.pk} ({self.solver})"


class RunOverride(models.Model):
    """An officer's change of one proposed placement, kept with its reason."""

    run = models.ForeignKey(
        AllocationRun, on_delete=models.CASCADE, related_name="overrides"
    )
    family_id = models.CharField(_("family"), max_length=64)
    proposed_place = models.CharField(_("proposed place"), max_length=64, blank=True)
    place = models.CharField(_("place chosen"), max_length=64, blank=True)
    reason = models.TextField(_("reason"))
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    overridden_at = models.DateTimeField(_("overridden at"))

    class Meta:
        ordering = ["run", "family_id", "overridden_at", "id"]
        verbose_name = _("override")
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""), name="run_override_reason_required"
            )
        ]

    def __str__(self) -> str:
        return f"{self.family_id} → {self.place or '-'}"


class Placement(models.Model):
    """A person or a household placed against one pledge, using some of its places."""

    pledge = models.ForeignKey(
        Pledge, on_delete=models.PROTECT, related_name="placements"
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
    )
    household = models.ForeignKey(
        "people.Household",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
    )
    places = models.PositiveIntegerField(_("places used"))
    placed_on = models.DateField(_("placed on"))
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    placed_by_name = models.CharField(_("placed by"), max_length=150)
    run = models.ForeignKey(
        AllocationRun,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
    )

    class Meta:
        ordering = ["placed_on", "id"]
        verbose_name = _("placement")
        constraints = [
            models.CheckConstraint(
                condition=Q(places__gte=1), name="placement_uses_places"
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False, household__isnull=True)
                | Q(person__isnull=True, household__isnull=False),
                name="placement_person_or_household",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.places} on pledge {self.pledge_id}"
