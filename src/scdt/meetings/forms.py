"""Forms of the meetings pages. Times are entered and shown in the event's zone."""

import datetime as dt
import itertools

from django import forms
from django.utils.translation import gettext_lazy as _

from scdt.directory.models import OrganisationType
from scdt.meetings.models import BookingMode

TYPE_PAIRS = [
    (f"{a}|{b}", f"{dict(OrganisationType.choices)[a]} + {dict(OrganisationType.choices)[b]}")
    for a, b in itertools.combinations_with_replacement(OrganisationType.values, 2)
]


def slot_label(slot, tz) -> str:
    start, end = slot.start.astimezone(tz), slot.end.astimezone(tz)
    return f"{start:%H:%M}–{end:%H:%M}"


class SessionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    start = forms.DateTimeField(
        label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    end = forms.DateTimeField(
        label=_("Ends"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    meeting_minutes = forms.IntegerField(label=_("Meeting length (minutes)"), min_value=5, max_value=240, initial=20)
    break_minutes = forms.IntegerField(
        label=_("Break between meetings (minutes)"), min_value=0, max_value=120, initial=5
    )
    afternoon_starts = forms.TimeField(
        label=_("Afternoon starts at"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Empty: the session has one part."),
    )
    booking_opens = forms.DateTimeField(
        label=_("Booking opens"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    booking_closes = forms.DateTimeField(
        label=_("Booking closes"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Empty: when the session starts."),
    )
    booking_mode = forms.ChoiceField(
        label=_("Booking"), choices=BookingMode.choices, initial=BookingMode.SELF, widget=forms.RadioSelect
    )
    max_meetings_per_participant = forms.IntegerField(
        label=_("Maximum meetings per participant"), required=False, min_value=1, max_value=96
    )
    request_expiry_hours = forms.IntegerField(
        label=_("Pending requests expire after (hours)"), min_value=1, max_value=2000, initial=72
    )
    table_count = forms.IntegerField(
        label=_("Number of tables"),
        min_value=0,
        max_value=500,
        initial=10,
        help_text=_("On-site pairs sit at a table; 0 for an online-only session."),
    )
    table_names = forms.CharField(
        label=_("Table names"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional, one per line; unnamed tables are numbered."),
    )
    video_link_pattern = forms.CharField(
        label=_("Video link pattern"),
        required=False,
        max_length=300,
        help_text=_("For remote pairs, e.g. https://meet.jit.si/scdt-{session}-{meeting}"),
    )
    allowed_type_pairs = forms.MultipleChoiceField(
        label=_("Who may meet whom"),
        required=False,
        choices=TYPE_PAIRS,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: anyone may meet anyone."),
    )
    allow_reschedule = forms.BooleanField(
        label=_("Participants may reschedule their meetings"), required=False, initial=True
    )
    fairness = forms.IntegerField(
        label=_("Fairness bound for the scheduler (breaks)"),
        required=False,
        min_value=0,
        max_value=50,
        initial=2,
        help_text=_("Largest difference in breaks between two participants. Empty: no bound."),
    )

    def __init__(self, *args, event, session=None, **kwargs):
        self.event = event
        if session is not None and not args and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(session)
        super().__init__(*args, **kwargs)

    def initial_from(self, session) -> dict:
        tz = self.event.tz

        def local(value):
            return value.astimezone(tz).replace(tzinfo=None) if value else None

        tables = list(session.tables.order_by("number"))
        return {
            "name": session.name,
            "description": session.description,
            "start": local(session.start),
            "end": local(session.end),
            "meeting_minutes": session.meeting_minutes,
            "break_minutes": session.break_minutes,
            "afternoon_starts": session.afternoon_starts,
            "booking_opens": local(session.booking_opens),
            "booking_closes": local(session.booking_closes),
            "booking_mode": session.booking_mode,
            "max_meetings_per_participant": session.max_meetings_per_participant,
            "request_expiry_hours": session.request_expiry_hours,
            "table_count": len(tables),
            "table_names": "\n".join(table.name for table in tables),
            "video_link_pattern": session.video_link_pattern,
            "allowed_type_pairs": [f"{a}|{b}" for a, b in session.allowed_type_pairs],
            "allow_reschedule": session.allow_reschedule,
            "fairness": session.fairness,
        }

    def _aware(self, value):
        # The browser sends the event's wall-clock time; the form field made it aware in
        # the server zone, so re-read it as event-local.
        if value is None:
            return None
        return value.replace(tzinfo=None).replace(tzinfo=self.event.tz) if isinstance(value, dt.datetime) else value

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        names = [line.strip() for line in data["table_names"].splitlines() if line.strip()]
        count = data["table_count"]
        tables = [names[i] if i < len(names) else str(_("Table %(n)d") % {"n": i + 1}) for i in range(count)]
        return {
            "name": data["name"],
            "description": data["description"],
            "start": self._aware(data["start"]),
            "end": self._aware(data["end"]),
            "meeting_minutes": data["meeting_minutes"],
            "break_minutes": data["break_minutes"],
            "afternoon_starts": data["afternoon_starts"],
            "booking_opens": self._aware(data["booking_opens"]),
            "booking_closes": self._aware(data["booking_closes"]),
            "booking_mode": data["booking_mode"],
            "max_meetings_per_participant": data["max_meetings_per_participant"],
            "request_expiry_hours": data["request_expiry_hours"],
            "video_link_pattern": data["video_link_pattern"].strip(),
            "allowed_type_pairs": [pair.split("|") for pair in data["allowed_type_pairs"]],
            "allow_reschedule": data["allow_reschedule"],
            "fairness": data["fairness"],
            "tables": tables,
        }


class SlotForm(forms.Form):
    """Pick a slot; empty means "the first slot we are both free in"."""

    slot = forms.TypedChoiceField(label=_("Time"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, slots, tz, required=False, initial_slot=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["slot"]
        choices = [(slot.pk, slot_label(slot, tz)) for slot in slots]
        field.required = required
        field.choices = choices if required else [("", _("The first time we are both free")), *choices]
        if initial_slot is not None:
            field.initial = initial_slot.pk


class RequestForm(forms.Form):
    session = forms.TypedChoiceField(label=_("Matchmaking session"), coerce=int)
    message = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What would you like to talk about?"),
    )

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [
            (session.pk, f"{session.event.title} — {session.name}") for session in sessions
        ]


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional, shown to them)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CancelMeetingForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=500)


class OutcomeForm(forms.Form):
    met = forms.TypedChoiceField(
        label=_("Did the meeting happen?"),
        choices=[("yes", _("We met")), ("no", _("It did not happen"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    outcome = forms.CharField(label=_("Outcome in one line"), required=False, max_length=200)


class AvailabilityForm(forms.Form):
    unavailable = forms.TypedMultipleChoiceField(
        label=_("Times I am not available"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, slots, tz, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unavailable"].choices = [(slot.pk, slot_label(slot, tz)) for slot in slots]


class RunForm(forms.Form):
    time_limit = forms.IntegerField(label=_("Time limit (seconds)"), min_value=1, max_value=300, initial=20)
    move_existing = forms.BooleanField(
        label=_("Re-optimise: the scheduler may move booked meetings (never pinned ones)"), required=False
    )
