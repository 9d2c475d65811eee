"""Performance indicators and their figures per period: aggregates only, never a child's record."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from indicators import analysis
from indicators.periods import add_months, period_label
from measures.models import Notice, Organisation, Requirement
from notice_tracker.lib.history import TrackedQuerySet
from notice_tracker.lib.search_document import SearchFields, search_document

# Words used in the app's own URLs, so no indicator code may take them.
RESERVED_CODES = {"return", "import", "library", "new"}
_DIGITS, _PLACES = 12, 2


class Indicator(models.Model):
    SEARCH_FIELDS: SearchFields = {"A": ("code", "name"), "B": ("definition",)}

    class Unit(models.TextChoices):
        PERCENTAGE = analysis.Unit.PERCENTAGE, "Percentage"
        COUNT = analysis.Unit.COUNT, "Count"
        DAYS = analysis.Unit.DAYS, "Days"
        RATE = analysis.Unit.RATE, "Rate per 10,000 children"

    class Direction(models.TextChoices):
        HIGHER = analysis.Direction.HIGHER, "Higher is better"
        LOWER = analysis.Direction.LOWER, "Lower is better"
        BAND = analysis.Direction.BAND, "Within a target band"
        CONTEXT = analysis.Direction.CONTEXT, "Context only (no target)"

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(
        max_length=30,
        validators=[RegexValidator(r"^[A-Za-z0-9][A-Za-z0-9-]*$", "Use letters, digits and hyphens, e.g. CP-REVIEWS.")],
        help_text="Short code used in imports and addresses, e.g. CP-REVIEWS.",
    )
    name = models.CharField(max_length=200)
    definition = models.TextField(help_text="What is counted, over what population, by which rule.")
    unit = models.CharField(max_length=20, choices=Unit.choices)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    target = models.DecimalField(
        max_digits=_DIGITS, decimal_places=_PLACES, null=True, blank=True, help_text="For a band, its lower edge."
    )
    target_upper = models.DecimalField(
        max_digits=_DIGITS, decimal_places=_PLACES, null=True, blank=True, help_text="Only for a band: its upper edge."
    )
    tolerance = models.DecimalField(
        max_digits=_DIGITS,
        decimal_places=_PLACES,
        default=0,
        help_text="How far short of target still counts as amber rather than red.",
    )
    statutory_limit = models.DecimalField(
        max_digits=_DIGITS,
        decimal_places=_PLACES,
        null=True,
        blank=True,
        help_text="A figure beyond this is red whatever the target.",
    )
    national_benchmark = models.DecimalField(max_digits=_DIGITS, decimal_places=_PLACES, null=True, blank=True)
    neighbour_benchmark = models.DecimalField(
        max_digits=_DIGITS,
        decimal_places=_PLACES,
        null=True,
        blank=True,
        verbose_name="statistical neighbours' benchmark",
    )
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY)
    source_system = models.CharField(max_length=200, blank=True)
    baseline = models.DecimalField(max_digits=_DIGITS, decimal_places=_PLACES, null=True, blank=True)
    baseline_period = models.DateField(null=True, blank=True)
    owner_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="indicators")
    requirements = models.ManyToManyField(Requirement, blank=True, related_name="indicators")
    position = models.PositiveIntegerField(default=0)
    # Bumped on every edit through the services; an edit based on an older version is refused.
    version = models.PositiveIntegerField(default=1)
    search_document = search_document(SEARCH_FIELDS)

    objects = TrackedQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[requirements], excluded_fields=["search_document"])

    class Meta:
        ordering = ["notice", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "code"], name="indicator_unique_code"),
            models.CheckConstraint(condition=Q(tolerance__gte=0), name="indicator_tolerance_not_negative"),
            # A band has both edges, upper not below lower (or neither, until the notice sets them);
            # other directions have no upper edge. isnull terms are explicit: NULL would pass a CHECK.
            models.CheckConstraint(
                condition=Q(direction="band", target__isnull=True, target_upper__isnull=True)
                | Q(direction="band", target__isnull=False, target_upper__isnull=False, target_upper__gte=F("target"))
                | (~Q(direction="band") & Q(target_upper__isnull=True)),
                name="indicator_band_edges",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("indicators:indicator-detail", args=[self.notice_id, self.code])

    @property
    def is_percentage(self) -> bool:
        return self.unit == self.Unit.PERCENTAGE

    def format(self, value) -> str:
        return analysis.format_value(None if value is None else float(value), self.unit)

    @property
    def tolerance_display(self) -> str:
        return analysis.format_amount(float(self.tolerance), self.unit)

    @property
    def target_display(self) -> str:
        if self.direction == self.Direction.CONTEXT or self.target is None:
            return "No target"
        if self.direction == self.Direction.BAND:
            return f"{self.format(self.target)} to {self.format(self.target_upper)}"
        sign = "≥" if self.direction == self.Direction.HIGHER else "≤"
        return f"{sign} {self.format(self.target)}"


class IndicatorValueQuerySet(TrackedQuerySet):
    def ended_by(self, day: date | None) -> IndicatorValueQuerySet:
        """Figures for periods (a month, or a quarter for a quarterly indicator) that had ended by `day`."""
        if day is None:
            return self
        after = day + timedelta(days=1)
        quarterly = Q(indicator__frequency=Indicator.Frequency.QUARTERLY)
        return self.filter(
            (quarterly & Q(period__lte=add_months(after, -3))) | (~quarterly & Q(period__lte=add_months(after, -1)))
        )


class IndicatorValue(models.Model):
    """One period's aggregate figure for one indicator, with its commentary."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period = models.DateField(help_text="The first day of the month (or quarter) the figure covers.")
    value = models.DecimalField(max_digits=_DIGITS, decimal_places=_PLACES)
    numerator = models.PositiveIntegerField(null=True, blank=True)
    denominator = models.PositiveIntegerField(null=True, blank=True)
    commentary = models.TextField(blank=True, help_text="The owner's explanation of the period's figure.")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField()
    # Bumped on every correction; a return based on an older figure is refused.
    version = models.PositiveIntegerField(default=1)

    objects = IndicatorValueQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "period"]
        constraints = [
            # Also the index behind every read: an indicator's figures by period.
            models.UniqueConstraint(fields=["indicator", "period"], name="indicatorvalue_one_per_period"),
            models.CheckConstraint(condition=Q(value__gte=0), name="indicatorvalue_not_negative"),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True, denominator__isnull=True)
                | Q(numerator__isnull=False, denominator__isnull=False, denominator__gt=0),
                name="indicatorvalue_numerator_with_denominator",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period_label}: {self.value}"

    @property
    def period_label(self) -> str:
        return period_label(self.period, self.indicator.frequency)

    @property
    def display(self) -> str:
        """The figure in its unit: '82.5%', '12 days'."""
        return self.indicator.format(self.value)
