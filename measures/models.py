"""The notice and its structure: who it was given to, what it requires, what it obliges.

Everything else in the product (actions, evidence, indicators, reports) hangs off a Notice,
and every user's access is granted per Notice through a Membership.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from notice_tracker.lib.history import TrackedQuerySet
from notice_tracker.lib.search_document import SearchFields, search_document


class Authority(models.Model):
    """The council a notice is given to."""

    name = models.CharField(max_length=200, unique=True)
    address = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "authorities"

    def __str__(self) -> str:
        return self.name


def letter_upload_to(record: models.Model, filename: str) -> str:
    """A random name: the user's file name is never part of a path on disk."""
    return f"letters/{uuid.uuid4().hex}"


class NoticeQuerySet(TrackedQuerySet):
    def active(self) -> NoticeQuerySet:
        return self.filter(status=Notice.Status.ACTIVE)

    def superseding(self) -> NoticeQuerySet:
        """Notices that replaced another in the system (the revised notices)."""
        return self.filter(supersedes__isnull=False)


class Notice(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        LIFTED = "lifted", "Lifted"
        # Replaced by a revised notice (the one whose `supersedes` is this): read-only, like a lifted one.
        SUPERSEDED = "superseded", "Superseded"

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="notices")
    title = models.CharField(max_length=200, default="Improvement Notice")
    issued_on = models.DateField()
    issuer = models.CharField(max_length=200, default="Department for Education")
    signed_by = models.CharField(max_length=200, blank=True)
    signatory_role = models.CharField(max_length=300, blank=True)
    supersedes = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    # When the notice names an earlier notice that is not in the system, its date is kept here.
    supersedes_issued_on = models.DateField(null=True, blank=True)
    background = models.TextField(blank=True, help_text="Why the notice was given (its section 1).")
    consequence = models.TextField(blank=True, help_text="What follows failure to comply.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    lifted_on = models.DateField(null=True, blank=True)
    # The Department's letter lifting the notice (see notice_tracker/lib/documents.py).
    lifting_letter_file = models.FileField(upload_to=letter_upload_to, max_length=200, blank=True)
    lifting_letter_name = models.CharField("lifting letter file name", max_length=255, blank=True)
    lifting_letter_content_type = models.CharField(max_length=100, blank=True)
    lifting_letter_size = models.PositiveBigIntegerField(null=True, blank=True)
    lifting_letter_sha256 = models.CharField("lifting letter SHA-256", max_length=64, blank=True)
    delivery_deadline = models.DateField(
        null=True, blank=True, help_text="The date by which the improvement plan's actions should be delivered."
    )
    source_text = models.TextField(blank=True, help_text="The notice as imported, kept for traceability.")
    source_sha256 = models.CharField(max_length=64, blank=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    objects = NoticeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_on", "authority__name"]
        constraints = [
            # The natural key that makes re-importing the same notice a no-op.
            models.UniqueConstraint(fields=["authority", "issued_on"], name="notice_unique_per_authority_date"),
            models.CheckConstraint(
                condition=(
                    Q(status__in=["active", "superseded"], lifted_on__isnull=True)
                    | Q(status="lifted", lifted_on__isnull=False)
                ),
                name="notice_lifted_on_iff_lifted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.authority.name}: {self.title} of {self.issued_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("dashboards:notice-detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def has_lifting_letter(self) -> bool:
        return bool(self.lifting_letter_file)

    @property
    def is_superseded(self) -> bool:
        return self.status == self.Status.SUPERSEDED

    @property
    def replaced_by(self) -> Notice | None:
        """The revised notice that superseded this one, if it is in the system."""
        if not self.is_superseded:
            return None
        return Notice.objects.select_related("authority").filter(supersedes=self).order_by("-issued_on").first()


class SourceReport(models.Model):
    """A report the notice rests on: an Ofsted inspection, a peer review, the Chair's deep dive."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="source_reports")
    title = models.CharField(max_length=300)
    published_on = models.DateField(null=True, blank=True)
    body = models.TextField(blank=True)

    class Meta:
        ordering = ["published_on", "title"]
        constraints = [models.UniqueConstraint(fields=["notice", "title"], name="sourcereport_unique_title")]

    def __str__(self) -> str:
        return self.title


class Measure(models.Model):
    """One numbered section of the notice that the council must act on (sections 2–10 in Medway's)."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="measures")
    # Unique within the notice; differs from printed_number only where the source repeats a number.
    reference = models.CharField(max_length=10)
    printed_number = models.CharField(max_length=10)
    heading = models.TextField()
    intro = models.TextField(blank=True)
    closing = models.TextField(blank=True, help_text="Text after the measure's items that is not itself an item.")
    footnotes = models.TextField(blank=True)
    position = models.PositiveIntegerField()

    objects = TrackedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["notice", "position"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "reference"], name="measure_unique_reference"),
            models.UniqueConstraint(fields=["notice", "position"], name="measure_unique_position"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}. {self.heading}"

    def get_absolute_url(self) -> str:
        return reverse("dashboards:measure-detail", args=[self.notice_id, self.reference])


class Requirement(models.Model):
    """One bullet or lettered item of a measure: something the council must do or prove."""

    SEARCH_FIELDS: SearchFields = {"A": ("reference",), "B": ("subheading", "text"), "C": ("footnotes",)}

    class Kind(models.TextChoices):
        ACTION = "action", "Action"
        IMPACT = "impact", "Evidence of impact"

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="requirements")
    reference = models.CharField(max_length=20)
    text = models.TextField()
    subheading = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ACTION)
    footnotes = models.TextField(blank=True)
    position = models.PositiveIntegerField()
    search_document = search_document(SEARCH_FIELDS)

    objects = TrackedQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_document"])

    class Meta:
        ordering = ["measure__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "reference"], name="requirement_unique_reference"),
            models.UniqueConstraint(fields=["measure", "position"], name="requirement_unique_position"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.text[:80]}"


class Organisation(models.Model):
    """A council service or partner agency taking part in the improvement work under one notice."""

    class Kind(models.TextChoices):
        COUNCIL = "council", "Council service"
        HEALTH = "health", "Health"
        POLICE = "police", "Police"
        EDUCATION = "education", "Schools and education"
        SAFEGUARDING_BOARD = "safeguarding_board", "Safeguarding Children Board"
        GOVERNMENT = "government", "Government"
        OTHER = "other", "Other partner"

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="organisations")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COUNCIL)

    objects = TrackedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["notice", "name"], name="organisation_unique_name")]

    def __str__(self) -> str:
        return self.name


class Duty(models.Model):
    """A recurring or one-off obligation the notice sets (its governance sections, 11–14 in Medway's)."""

    class Code(models.TextChoices):
        BOARD_MEETING = "board_meeting", "Improvement Board meeting"
        CHAIR_REPORT = "chair_report", "Chair's report to the Minister"
        MSCB_REPORT = "mscb_report", "Safeguarding Board Chair's report to the Improvement Board"
        DFE_REVIEW = "dfe_review", "DfE progress review"
        LEAD_MEMBER_REPORT = "lead_member_report", "Lead Member's progress report"
        PLAN_PROGRESS_REPORT = "plan_progress_report", "Council's progress report to the Board"
        PLAN_REVISION = "plan_revision", "Improvement Plan revised"
        EXTERNAL_VALIDATION = "external_validation", "External validation of progress"
        REPORT_TO_DFE = "report_to_dfe", "Report to DfE"
        DELIVERY_DEADLINE = "delivery_deadline", "Improvement plan delivered"
        OTHER = "other", "Other obligation"

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="duties")
    code = models.CharField(max_length=30, choices=Code.choices)
    title = models.CharField(max_length=300)
    section = models.CharField(max_length=10, blank=True, help_text="The notice section that imposes it.")
    source_text = models.TextField(blank=True)
    responsible = models.CharField(max_length=200, blank=True)
    recipient = models.CharField(max_length=300, blank=True)
    cadence_months = models.PositiveSmallIntegerField(null=True, blank=True)
    # For cadences notices give in weeks ("six-weekly"); at most one of the two is set.
    cadence_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    starts_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    # A one-off duty is met once; recurring ones are met by the meetings and reports that record them.
    completed_on = models.DateField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    objects = TrackedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["notice", "position"]
        verbose_name_plural = "duties"
        constraints = [
            # One duty of each kind the product knows; obligations it has no kind for ("other")
            # are told apart by their titles, however many a notice sets.
            models.UniqueConstraint(fields=["notice", "code"], condition=~Q(code="other"), name="duty_unique_code"),
            models.UniqueConstraint(
                fields=["notice", "title"], condition=Q(code="other"), name="duty_other_unique_title"
            ),
            # A recurring duty needs a date to count from; a one-off may have a date or none
            # ("the Improvement Plan must be revised" sets no deadline).
            models.CheckConstraint(
                condition=(
                    Q(
                        cadence_months__isnull=False,
                        cadence_months__gt=0,
                        cadence_weeks__isnull=True,
                        starts_on__isnull=False,
                    )
                    | Q(
                        cadence_weeks__isnull=False,
                        cadence_weeks__gt=0,
                        cadence_months__isnull=True,
                        starts_on__isnull=False,
                    )
                    | Q(cadence_months__isnull=True, cadence_weeks__isnull=True)
                ),
                name="duty_recurring_or_dated",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_recurring(self) -> bool:
        return self.cadence_months is not None or self.cadence_weeks is not None

    @property
    def cadence_label(self) -> str:
        labels = {1: "Monthly", 3: "Every 3 months", 6: "Every 6 months", 12: "Yearly"}
        if self.cadence_weeks is not None:
            return "Weekly" if self.cadence_weeks == 1 else f"Every {self.cadence_weeks} weeks"
        if self.cadence_months is None:
            return "Once"
        return labels.get(self.cadence_months, f"Every {self.cadence_months} months")

    def next_due(self, *, on: date) -> date | None:
        from measures.duties import next_due_date

        return next_due_date(self, on=on)


class Membership(models.Model):
    """A user's role on one notice. Access to everything under a notice goes through this."""

    class Role(models.TextChoices):
        ADMINISTRATOR = "administrator", "Administrator"
        OFFICER = "officer", "Officer"
        CHAIR = "chair", "Improvement Board Chair"
        LEAD_MEMBER = "lead_member", "Lead Member"
        MSCB_CHAIR = "mscb_chair", "Safeguarding Board Chair"
        OBSERVER = "observer", "DfE observer"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    # The administrator may let someone besides the Chair accept or reject evidence.
    can_review_evidence = models.BooleanField(default=False)
    # The notice's administrators see this person's sign-in events from here on, never before.
    joined_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = TrackedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["notice", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "notice"], name="membership_one_role_per_notice"),
            # Observers never write, so never review evidence (measures.roles.may_be_evidence_reviewer).
            models.CheckConstraint(
                condition=~models.Q(role="observer", can_review_evidence=True),
                name="membership_observer_never_reviews",
                violation_error_message="A DfE observer cannot review evidence.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} on {self.notice_id}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.organisation is not None and self.notice_id and self.organisation.notice_id != self.notice_id:
            raise ValidationError({"organisation": "Choose an organisation taking part in this notice."})


class Invitation(models.Model):
    """An offer of a role on a notice, e-mailed to the address the administrator typed.

    It grants nothing: the Membership is made only when someone follows the e-mailed link and
    accepts, signed in (or with the account they make there). Until then the notice's pages show
    only what the administrator typed, so adding a person never says whether, or whose, an account
    already exists. The link carries a random token of which only the SHA-256 is kept; it works
    once and expires after INVITATION_DAYS.
    """

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="invitations")
    name = models.CharField(max_length=300)
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Membership.Role.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="invitations"
    )
    can_review_evidence = models.BooleanField(default=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    token_sha256 = models.CharField(max_length=64, unique=True, editable=False)
    sent_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(editable=False)
    # Set when accepted: the link is spent and the membership made.
    accepted_at = models.DateTimeField(null=True, blank=True, editable=False)
    membership = models.OneToOneField(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitation", editable=False
    )

    class Meta:
        ordering = ["notice", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="observer", can_review_evidence=True),
                name="invitation_observer_never_reviews",
                violation_error_message="A DfE observer cannot review evidence.",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation to {self.name} — {self.get_role_display()} on {self.notice_id}"

    @property
    def is_expired(self) -> bool:
        return self.accepted_at is None and self.expires_at <= timezone.now()

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.organisation is not None and self.notice_id and self.organisation.notice_id != self.notice_id:
            raise ValidationError({"organisation": "Choose an organisation taking part in this notice."})


# The columns a measure's or a requirement's name (`str`) reads: for a filter's options, with `.only()`.
MEASURE_OPTION_COLUMNS = ("id", "notice_id", "reference", "heading", "position")
REQUIREMENT_OPTION_COLUMNS = ("id", "measure_id", "reference", "text", "position")


class DepartmentObserver(models.Model):
    """A Department for Education official who observes every notice, and every future one.

    They hold an ordinary observer Membership on each notice (made by measures.services when they
    are added and whenever a notice is imported), so every read-only guarantee of that role applies
    unchanged; this row only says to keep it so.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="department_observer")
    added_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "DfE observer of every notice"
        verbose_name_plural = "DfE observers of every notice"

    def __str__(self) -> str:
        return f"{self.user} observes every notice"


def import_upload_to(record: models.Model, filename: str) -> str:
    """A random name: the user's file name is never part of a path on disk."""
    return f"notice-imports/{uuid.uuid4().hex}"


class NoticeImport(models.Model):
    """A notice imported through the web: the file as uploaded, the administrator's corrections to
    what the importer read, and, for a revised notice, which old measures and requirements became
    which new ones. Kept with the notice it made, so the same file and corrections give the same
    notice again (measures.services.notice_import_replay).

    A draft (no `notice` yet) is what the administrator is reviewing; confirming it imports the
    notice, all or nothing.
    """

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)
    # The file as uploaded (see notice_tracker/lib/documents.py): its SHA-256 names exactly what was read.
    source_file = models.FileField(upload_to=import_upload_to, max_length=200)
    source_name = models.CharField("file name", max_length=255)
    source_content_type = models.CharField(max_length=100)
    source_size = models.PositiveBigIntegerField()
    source_sha256 = models.CharField("SHA-256", max_length=64)
    # The notice being replaced by this revised one (its actions, evidence and indicators move over).
    supersedes = models.ForeignKey(
        Notice, null=True, blank=True, on_delete=models.PROTECT, related_name="revision_imports"
    )
    # {"measures": {parsed ref: new ref}, "not_requirements": [parsed ref], "closing_requirements":
    #  [measure ref], "duty_dates": {duty key: "YYYY-MM-DD"}}: see measures/importer/corrections.py.
    corrections = models.JSONField(default=dict, blank=True)
    # {"measures": {old measure id: parsed ref or ""}, "requirements": {old requirement id: parsed ref or ""}}.
    mapping = models.JSONField(default=dict, blank=True)
    notice = models.ForeignKey(Notice, null=True, blank=True, on_delete=models.PROTECT, related_name="imports")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Bumped on every save of the corrections; a save based on an older version is refused.
    version = models.PositiveIntegerField(default=1)

    objects = TrackedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(notice__isnull=True, confirmed_at__isnull=True)
                | Q(notice__isnull=False, confirmed_at__isnull=False),
                name="noticeimport_confirmed_iff_notice",
            ),
        ]

    def __str__(self) -> str:
        return f"Import of {self.source_name} ({self.source_sha256[:12]})"

    @property
    def is_confirmed(self) -> bool:
        return self.notice_id is not None

    def get_absolute_url(self) -> str:
        return reverse("measures:import-review", args=[self.pk])
