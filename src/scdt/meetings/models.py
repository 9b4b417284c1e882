"""Matchmaking sessions, their slots and tables, meeting requests, meetings and scheduler runs.

Double booking is made impossible by the database, not only by the services: every
scheduled meeting holds one :class:`MeetingSeat` per participant, unique per (person, slot),
and a scheduled meeting's table is unique per slot (partial unique indexes, which SQLite
and PostgreSQL both enforce).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from scdt.events.models import Attendance, Event


class Part(models.TextChoices):
    # The values are the scheduling engine's session names.
    MORNING = "morning", _("Morning")
    AFTERNOON = "afternoon", _("Afternoon")


class BookingMode(models.TextChoices):
    SELF = "self", _("Participants book slots when they accept a request")
    ORGANISER = "organiser", _("The organisers schedule accepted requests")


class MatchmakingSession(models.Model):
    """A block of 1:1 meetings inside an event. Times in UTC, shown in the event's zone."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="matchmaking_sessions"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    meeting_minutes = models.PositiveSmallIntegerField(_("meeting length (minutes)"), default=20)
    break_minutes = models.PositiveSmallIntegerField(_("break between meetings (minutes)"), default=5)
    afternoon_starts = models.TimeField(
        _("afternoon starts at"),
        null=True,
        blank=True,
        help_text=_("Local time in the event's zone. Empty: the session has one part."),
    )
    booking_opens = models.DateTimeField(_("booking opens"), null=True, blank=True)
    booking_closes = models.DateTimeField(
        _("booking closes"), null=True, blank=True, help_text=_("Empty: when the session starts.")
    )
    booking_mode = models.CharField(_("booking"), max_length=10, choices=BookingMode.choices, default=BookingMode.SELF)
    max_meetings_per_participant = models.PositiveSmallIntegerField(
        _("maximum meetings per participant"), null=True, blank=True
    )
    request_expiry_hours = models.PositiveSmallIntegerField(_("pending requests expire after (hours)"), default=72)
    video_link_pattern = models.CharField(
        _("video link pattern"),
        max_length=300,
        blank=True,
        help_text=_("For remote pairs, e.g. https://meet.jit.si/scdt-{session}-{meeting}"),
    )
    # Pairs of directory organisation types, e.g. [["company", "city"]]; empty: anyone meets anyone.
    allowed_type_pairs = models.JSONField(_("who may meet whom"), default=list, blank=True)
    allow_reschedule = models.BooleanField(_("participants may reschedule"), default=True)
    fairness = models.PositiveSmallIntegerField(
        _("fairness bound (breaks)"),
        null=True,
        blank=True,
        default=2,
        help_text=_("Largest difference in breaks between two participants. Empty: no bound."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("matchmaking session")
        verbose_name_plural = _("matchmaking sessions")
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="matchmaking_session_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.event} — {self.name}"

    @property
    def tz(self):
        return self.event.tz

    @property
    def booking_closes_at(self):
        return self.booking_closes or self.start

    def booking_state(self, now) -> str:
        """``"not_open"``, ``"open"`` or ``"closed"``."""
        if self.booking_opens and now < self.booking_opens:
            return "not_open"
        if now >= self.booking_closes_at:
            return "closed"
        return "open"


class Slot(models.Model):
    session = models.ForeignKey(MatchmakingSession, on_delete=models.CASCADE, related_name="slots")
    position = models.PositiveSmallIntegerField(_("position"))
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    part = models.CharField(_("part"), max_length=10, choices=Part.choices, default=Part.MORNING)

    class Meta:
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        ordering = ["session", "position"]
        constraints = [
            models.UniqueConstraint(fields=["session", "position"], name="one_slot_per_position"),
        ]

    def __str__(self) -> str:
        local = self.start.astimezone(self.session.tz)
        return local.strftime("%H:%M")


class Table(models.Model):
    session = models.ForeignKey(MatchmakingSession, on_delete=models.CASCADE, related_name="tables")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("table")
        verbose_name_plural = _("tables")
        ordering = ["session", "number"]
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], name="one_table_per_number"),
        ]

    def __str__(self) -> str:
        return self.name


class SessionParticipant(models.Model):
    """A registered participant of the event who takes part in the session."""

    session = models.ForeignKey(MatchmakingSession, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="matchmaking_participations"
    )
    attendance = models.CharField(_("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.ONSITE)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("session participant")
        verbose_name_plural = _("session participants")
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="one_participation_per_session"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.session}"


class Unavailability(models.Model):
    participant = models.ForeignKey(SessionParticipant, on_delete=models.CASCADE, related_name="unavailable")
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("unavailable slot")
        verbose_name_plural = _("unavailable slots")
        constraints = [
            models.UniqueConstraint(fields=["participant", "slot"], name="one_unavailability_per_slot"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} ✗ {self.slot_id}"


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")


class RequestContext(models.TextChoices):
    PROFILE = "profile", _("Profile")
    OPPORTUNITY = "opportunity", _("Opportunity")
    RECOMMENDATION = "recommendation", _("Recommendation")


class MeetingRequest(models.Model):
    """One person asks another for a meeting in a session. A pending request holds no slot."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session = models.ForeignKey(MatchmakingSession, on_delete=models.CASCADE, related_name="requests")
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sent_meeting_requests"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="received_meeting_requests"
    )
    message = models.TextField(_("message"), max_length=1000, blank=True)
    context = models.CharField(
        _("context"), max_length=20, choices=RequestContext.choices, default=RequestContext.PROFILE
    )
    # Free text for recommendations (e.g. the explanation the requester saw).
    context_note = models.CharField(_("context note"), max_length=300, blank=True)
    opportunity = models.ForeignKey(
        "marketplace.Opportunity",
        verbose_name=_("opportunity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_requests",
    )
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    proposed_slot = models.ForeignKey(Slot, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Who proposed ``proposed_slot``; the other side answers next.
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    expires_at = models.DateTimeField(_("expires"))
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(requester=models.F("recipient")), name="meeting_request_not_to_oneself"
            ),
            models.UniqueConstraint(
                fields=["session", "requester", "recipient"],
                condition=Q(status="pending"),
                name="one_pending_request_per_pair",
            ),
        ]
        indexes = [models.Index(fields=["status", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.requester} → {self.recipient} ({self.status})"

    @property
    def answerer_id(self) -> int:
        """The person whose answer is awaited: the recipient, or the requester after a counter-proposal."""
        if self.proposed_by_id is not None and self.proposed_by_id == self.recipient_id:
            return self.requester_id
        return self.recipient_id

    def other_party_id(self, user_id: int) -> int:
        return self.recipient_id if user_id == self.requester_id else self.requester_id


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session = models.ForeignKey(MatchmakingSession, on_delete=models.CASCADE, related_name="meetings")
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="meetings")
    request = models.OneToOneField(
        MeetingRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="meeting"
    )
    participant_a = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meetings_as_a")
    participant_b = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meetings_as_b")
    table = models.ForeignKey(Table, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings")
    # Set for remote pairs: the session's video link pattern filled in.
    video_url = models.URLField(_("video link"), max_length=400, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    pinned = models.BooleanField(_("pinned"), default=False, help_text=_("The scheduler never moves a pinned meeting."))
    # iCalendar SEQUENCE: bumped on every change calendars should see.
    sequence = models.PositiveIntegerField(default=0)
    cancelled_reason = models.CharField(_("reason"), max_length=500, blank=True)
    # After the meeting, each side says whether it happened (None: not said yet).
    a_met = models.BooleanField(_("met (first participant)"), null=True, blank=True)
    b_met = models.BooleanField(_("met (second participant)"), null=True, blank=True)
    a_outcome = models.CharField(_("outcome (first participant)"), max_length=200, blank=True)
    b_outcome = models.CharField(_("outcome (second participant)"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["slot__start", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(participant_a=models.F("participant_b")), name="meeting_of_two_people"),
            models.UniqueConstraint(
                fields=["slot", "table"],
                condition=Q(status="scheduled", table__isnull=False),
                name="one_meeting_per_table_and_slot",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_a} + {self.participant_b} @ {self.slot}"

    @property
    def is_active(self) -> bool:
        return self.status == MeetingStatus.SCHEDULED

    def involves(self, user) -> bool:
        return user.is_authenticated and user.pk in (self.participant_a_id, self.participant_b_id)

    def other_participant(self, user):
        return self.participant_b if user.pk == self.participant_a_id else self.participant_a

    @property
    def location(self) -> str:
        if self.video_url:
            return self.video_url
        return self.table.name if self.table_id else ""


class MeetingSeat(models.Model):
    """One participant's place in one slot: the row that makes double booking impossible.

    Exactly the scheduled meetings have seats; cancelling or moving a meeting removes them.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="seats")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="seats")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "slot"], name="one_meeting_per_person_and_slot"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ slot {self.slot_id}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Draft ready")
    FAILED = "failed", _("Failed")
    PUBLISHED = "published", _("Published")
    DISCARDED = "discarded", _("Discarded")


class SchedulerRun(models.Model):
    """One run of the scheduling engine on a session; its result is a draft until published."""

    session = models.ForeignKey(MatchmakingSession, on_delete=models.CASCADE, related_name="scheduler_runs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    time_limit = models.PositiveSmallIntegerField(default=30)
    # False: meetings already scheduled stay where they are (only new ones are placed).
    move_existing = models.BooleanField(default=False)
    # The engine's instance and result (see docs/scheduling.md), plus the id mapping.
    instance = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    solver_status = models.CharField(max_length=12, blank=True)
    breaks = models.PositiveIntegerField(null=True, blank=True)
    placed = models.PositiveIntegerField(default=0)
    unplaced = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("scheduler run")
        verbose_name_plural = _("scheduler runs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.session} run {self.pk} ({self.status})"
