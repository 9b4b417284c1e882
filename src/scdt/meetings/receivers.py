"""The meetings app's answers to other apps' signals."""

from django.dispatch import receiver

from scdt.events.views import feed_components
from scdt.meetings.calendars import meeting_components


@receiver(feed_components)
def meetings_in_personal_feed(sender, *, user, **kwargs):
    """The person's meetings (cancelled ones too, so calendars drop them) in their private feed."""
    return meeting_components(user)
