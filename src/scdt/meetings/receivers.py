"""The meetings app's answers to other apps' signals."""

from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from scdt.accounts.signals import collect_user_data, user_erasing
from scdt.events.signals import feed_components
from scdt.meetings.calendars import meeting_components
from scdt.meetings.models import Meeting, MeetingRequest, MeetingStatus
from scdt.meetings.services import cancel_meeting


@receiver(feed_components)
def meetings_in_personal_feed(sender, *, user, **kwargs):
    """The person's meetings (cancelled ones too, so calendars drop them) in their private feed."""
    return meeting_components(user)


@receiver(collect_user_data, dispatch_uid="meetings.collect_user_data")
def meeting_data(sender, *, user, **kwargs):
    """The person's meeting requests and meetings, for "download my data"."""
    requests = MeetingRequest.objects.filter(requester=user) | MeetingRequest.objects.filter(recipient=user)
    meetings = Meeting.objects.filter(participant_a=user) | Meeting.objects.filter(participant_b=user)
    return (
        "meetings",
        {
            "requests": [
                {
                    "uid": str(r.uid),
                    "session": r.session.name,
                    "role": "requester" if r.requester_id == user.pk else "recipient",
                    "message": r.message,
                    "status": r.status,
                    "created_at": r.created_at.isoformat(),
                }
                for r in requests.select_related("session").order_by("created_at")
            ],
            "meetings": [
                {
                    "uid": str(m.uid),
                    "session": m.session.name,
                    "slot_start": m.slot.start.isoformat(),
                    "status": m.status,
                    "my_outcome": m.a_outcome if m.participant_a_id == user.pk else m.b_outcome,
                }
                for m in meetings.select_related("session", "slot").order_by("slot__start")
            ],
        },
    )


@receiver(user_erasing, dispatch_uid="meetings.user_erasing")
def cancel_meetings_of_erased_user(sender, *, user, **kwargs):
    """Coming meetings are cancelled first, so the other person is told; then the rows go with the account."""
    upcoming = (Meeting.objects.filter(participant_a=user) | Meeting.objects.filter(participant_b=user)).filter(
        status=MeetingStatus.SCHEDULED, slot__start__gt=timezone.now()
    )
    for meeting in upcoming.select_related("session", "slot"):
        cancel_meeting(actor=user, meeting=meeting, reason=_("The participant deleted their account."))
