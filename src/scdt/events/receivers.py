"""Receivers of the accounts app's signals: own-data export and account erasure."""

from scdt.events.models import Registration
from scdt.events.services import erase_registrations


def collect_user_data(sender, user, **kwargs):
    """Export: every registration of ``user`` as plain data."""
    registrations = (
        Registration.objects.filter(user=user).select_related("event").order_by("event__start")
    )
    return (
        "registrations",
        [
            {
                "uid": str(registration.uid),
                "event": registration.event.title,
                "event_slug": registration.event.slug,
                "event_start": registration.event.start.isoformat(),
                "event_time_zone": registration.event.time_zone,
                "attendance": registration.attendance,
                "status": registration.status,
                "registered_at": registration.created_at.isoformat(),
                "updated_at": registration.updated_at.isoformat(),
            }
            for registration in registrations
        ],
    )


def user_erasing(sender, user, **kwargs):
    """Erasure: past registrations stay as anonymous counts; future ones free their places."""
    erase_registrations(user=user)
