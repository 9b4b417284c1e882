import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from tests.factories import EventFactory, EventSeriesFactory, UserFactory

from scdt.audit.models import AuditEntry
from scdt.events import services
from scdt.events.models import EventFormat, RegistrationStatus
from scdt.messaging.models import Notification

pytestmark = pytest.mark.django_db


def test_register_approves_when_place_free(django_capture_on_commit_callbacks, mailoutbox):
    event = EventFactory(capacity=2)
    user = UserFactory(preferred_language="en")

    with django_capture_on_commit_callbacks(execute=True):
        registration = services.register(user=user, event=event, attendance="onsite")

    assert registration.status == RegistrationStatus.APPROVED
    assert registration.sequence == 0
    assert len(mailoutbox) == 1
    assert "You are registered" in mailoutbox[0].subject
    filename, content, mimetype = mailoutbox[0].attachments[0]
    assert filename.endswith(".ics")
    assert mimetype.startswith("text/calendar")
    assert "METHOD:PUBLISH" in (content if isinstance(content, str) else content.decode())
    assert AuditEntry.objects.filter(action="events.registration.created").exists()


def test_register_needs_approval_gives_pending(django_capture_on_commit_callbacks, mailoutbox):
    event = EventFactory(requires_approval=True)

    with django_capture_on_commit_callbacks(execute=True):
        registration = services.register(user=UserFactory(), event=event)

    assert registration.status == RegistrationStatus.PENDING
    assert "Registration received" in mailoutbox[0].subject


def test_register_full_event_waitlists(django_capture_on_commit_callbacks, mailoutbox):
    event = EventFactory(capacity=1)
    services.register(user=UserFactory(), event=event)

    with django_capture_on_commit_callbacks(execute=True):
        registration = services.register(user=UserFactory(), event=event)

    assert registration.status == RegistrationStatus.WAITLISTED
    assert registration.waitlisted_at is not None
    assert "waiting list" in mailoutbox[-1].subject


def test_register_remote_at_full_hybrid_event_is_approved():
    event = EventFactory(capacity=1, format=EventFormat.HYBRID)
    services.register(user=UserFactory(), event=event, attendance="onsite")

    registration = services.register(user=UserFactory(), event=event, attendance="remote")

    assert registration.status == RegistrationStatus.APPROVED


def test_register_online_event_counts_remote_places():
    event = EventFactory(capacity=1, format=EventFormat.ONLINE)
    services.register(user=UserFactory(), event=event, attendance="remote")

    registration = services.register(user=UserFactory(), event=event, attendance="remote")

    assert registration.status == RegistrationStatus.WAITLISTED


def test_register_unlimited_capacity_always_approves():
    event = EventFactory(capacity=None)
    for _ in range(3):
        services.register(user=UserFactory(), event=event)

    registration = services.register(user=UserFactory(), event=event)

    assert registration.status == RegistrationStatus.APPROVED


def test_register_unverified_user_refused():
    user = UserFactory(email_verified_at=None)

    with pytest.raises(PermissionDenied, match="confirm your e-mail"):
        services.register(user=user, event=EventFactory())


def test_register_duplicate_refused():
    event = EventFactory()
    user = UserFactory()
    services.register(user=user, event=event)

    with pytest.raises(ValidationError, match="already registered"):
        services.register(user=user, event=event)


def test_register_window_not_open_refused():
    event = EventFactory(registration_opens=timezone.now() + dt.timedelta(days=2))

    with pytest.raises(ValidationError, match="Registration opens on"):
        services.register(user=UserFactory(), event=event)


def test_register_window_closed_refused():
    event = EventFactory(registration_closes=timezone.now() - dt.timedelta(minutes=1))

    with pytest.raises(ValidationError, match="closed"):
        services.register(user=UserFactory(), event=event)


def test_register_closes_at_start_by_default():
    event = EventFactory(
        start=timezone.now() - dt.timedelta(hours=1),
        end=timezone.now() + dt.timedelta(hours=2),
        registration_closes=None,
    )

    with pytest.raises(ValidationError, match="closed"):
        services.register(user=UserFactory(), event=event)


def test_register_draft_event_refused():
    with pytest.raises(ValidationError, match="not open for registration"):
        services.register(user=UserFactory(), event=EventFactory(status="draft"))


@pytest.mark.parametrize(
    ("event_format", "attendance", "allowed"),
    [
        (EventFormat.ONSITE, "onsite", True),
        (EventFormat.ONSITE, "remote", False),
        (EventFormat.ONLINE, "remote", True),
        (EventFormat.ONLINE, "onsite", False),
        (EventFormat.HYBRID, "onsite", True),
        (EventFormat.HYBRID, "remote", True),
    ],
)
def test_register_attendance_must_fit_format(event_format, attendance, allowed):
    event = EventFactory(format=event_format)

    if allowed:
        assert (
            services.register(user=UserFactory(), event=event, attendance=attendance).attendance
            == attendance
        )
    else:
        with pytest.raises(ValidationError) as excinfo:
            services.register(user=UserFactory(), event=event, attendance=attendance)
        assert "attendance" in excinfo.value.message_dict


def test_register_reuses_cancelled_row_with_same_uid():
    event = EventFactory()
    user = UserFactory()
    first = services.register(user=user, event=event)
    services.cancel_registration(actor=user, registration=first)

    again = services.register(user=user, event=event, attendance="remote")

    assert again.pk == first.pk
    assert again.uid == first.uid
    assert again.sequence == 2
    assert again.status == RegistrationStatus.APPROVED
    assert again.attendance == "remote"


def test_register_reuses_rejected_row():
    organiser = UserFactory()
    event = EventFactory(series=EventSeriesFactory(organisers=[organiser]), requires_approval=True)
    user = UserFactory()
    first = services.register(user=user, event=event)
    services.reject_registration(actor=organiser, registration=first, reason="Full of city staff")

    again = services.register(user=user, event=event)

    assert again.uid == first.uid
    assert again.status == RegistrationStatus.PENDING
    assert again.decision_reason == ""


def test_cancel_promotes_first_waitlisted_with_mail(django_capture_on_commit_callbacks, mailoutbox):
    event = EventFactory(capacity=1)
    holder = UserFactory()
    held = services.register(user=holder, event=event)
    first_waiting = UserFactory(email="first@example.org")
    second_waiting = UserFactory()
    services.register(user=first_waiting, event=event)
    services.register(user=second_waiting, event=event)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(actor=holder, registration=held)

    promoted = first_waiting.registrations.get(event=event)
    assert promoted.status == RegistrationStatus.APPROVED
    assert promoted.sequence == 1
    assert second_waiting.registrations.get(event=event).status == RegistrationStatus.WAITLISTED
    assert any(m.to == ["first@example.org"] and "place came free" in m.subject for m in mailoutbox)
    assert Notification.objects.filter(
        user=first_waiting, kind="events.registration.promoted"
    ).exists()


def test_cancel_remote_at_hybrid_promotes_nobody():
    event = EventFactory(capacity=1, format=EventFormat.HYBRID)
    services.register(user=UserFactory(), event=event, attendance="onsite")
    waiting = services.register(user=UserFactory(), event=event, attendance="onsite")
    remote_user = UserFactory()
    remote = services.register(user=remote_user, event=event, attendance="remote")

    services.cancel_registration(actor=remote_user, registration=remote)

    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.WAITLISTED


def test_cancel_by_stranger_forbidden():
    registration = services.register(user=UserFactory(), event=EventFactory())

    with pytest.raises(PermissionDenied):
        services.cancel_registration(actor=UserFactory(), registration=registration)


def test_cancel_by_organiser_allowed_and_mailed(django_capture_on_commit_callbacks, mailoutbox):
    organiser = UserFactory()
    event = EventFactory(series=EventSeriesFactory(organisers=[organiser]))
    registration = services.register(user=UserFactory(), event=event)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        cancelled = services.cancel_registration(actor=organiser, registration=registration)

    assert cancelled.status == RegistrationStatus.CANCELLED
    assert cancelled.decided_by == organiser
    assert "cancelled" in mailoutbox[0].subject


def test_cancel_twice_refused():
    user = UserFactory()
    registration = services.register(user=user, event=EventFactory())
    services.cancel_registration(actor=user, registration=registration)

    with pytest.raises(ValidationError, match="no longer active"):
        services.cancel_registration(actor=user, registration=registration)


def test_approve_pending_gets_place(django_capture_on_commit_callbacks, mailoutbox):
    organiser = UserFactory()
    event = EventFactory(
        series=EventSeriesFactory(organisers=[organiser]), requires_approval=True, capacity=5
    )
    registration = services.register(user=UserFactory(), event=event)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        approved = services.approve_registration(actor=organiser, registration=registration)

    assert approved.status == RegistrationStatus.APPROVED
    assert approved.decided_by == organiser
    assert "You are registered" in mailoutbox[0].subject


def test_approve_pending_when_full_waitlists():
    organiser = UserFactory()
    event = EventFactory(
        series=EventSeriesFactory(organisers=[organiser]), requires_approval=True, capacity=1
    )
    first = services.register(user=UserFactory(), event=event)
    second = services.register(user=UserFactory(), event=event)
    services.approve_registration(actor=organiser, registration=first)

    result = services.approve_registration(actor=organiser, registration=second)

    assert result.status == RegistrationStatus.WAITLISTED
    assert result.waitlisted_at is not None


def test_approve_by_participant_forbidden():
    registration = services.register(user=UserFactory(), event=EventFactory(requires_approval=True))

    with pytest.raises(PermissionDenied):
        services.approve_registration(actor=registration.user, registration=registration)


def test_approve_by_organiser_of_other_series_forbidden():
    other_organiser = UserFactory()
    EventSeriesFactory(organisers=[other_organiser])
    registration = services.register(user=UserFactory(), event=EventFactory(requires_approval=True))

    with pytest.raises(PermissionDenied):
        services.approve_registration(actor=other_organiser, registration=registration)


def test_approve_approved_refused():
    admin = UserFactory(is_staff=True)
    registration = services.register(user=UserFactory(), event=EventFactory())

    with pytest.raises(ValidationError):
        services.approve_registration(actor=admin, registration=registration)


def test_reject_mails_reason_and_promotes(django_capture_on_commit_callbacks, mailoutbox):
    admin = UserFactory(is_staff=True)
    event = EventFactory(capacity=1)
    held = services.register(user=UserFactory(email="held@example.org"), event=event)
    waiting = services.register(user=UserFactory(), event=event)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.reject_registration(actor=admin, registration=held, reason="Duplicate account")

    held.refresh_from_db()
    waiting.refresh_from_db()
    assert held.status == RegistrationStatus.REJECTED
    assert held.decision_reason == "Duplicate account"
    assert waiting.status == RegistrationStatus.APPROVED
    rejection = next(m for m in mailoutbox if m.to == ["held@example.org"])
    assert "Duplicate account" in rejection.body


def test_reset_calendar_token_changes_token():
    user = UserFactory()
    old = user.calendar_token

    new = services.reset_calendar_token(user=user)

    user.refresh_from_db()
    assert user.calendar_token == new != old


def test_register_mail_in_person_language(django_capture_on_commit_callbacks, mailoutbox):
    user = UserFactory(preferred_language="fi")

    with django_capture_on_commit_callbacks(execute=True):
        services.register(user=user, event=EventFactory())

    assert (
        len(mailoutbox) == 1
    )  # rendered under translation.override("fi"); texts come with .po files
