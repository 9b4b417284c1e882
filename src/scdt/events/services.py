"""Every change to registrations: register, cancel, approve, reject, promote the waiting list.

Each service runs in one transaction, locks the event row first (so two people cannot take
the last place at once), writes the audit log and mails the person after commit.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from scdt.accounts.models import new_calendar_token
from scdt.audit.services import log_action
from scdt.events import calendars, queries
from scdt.events.models import (
    ACTIVE_REGISTRATION_STATUSES,
    Attendance,
    Event,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from scdt.events.rules import (
    can_cancel_registration,
    can_manage_registration,
    is_admin,
    is_series_organiser,
    is_verified,
)
from scdt.messaging.services import notify, send_templated_email

ICS_MIMETYPE = "text/calendar; method=PUBLISH"


def _lock_event(event: Event) -> Event:
    return Event.objects.select_for_update(of=("self",)).select_related("series").get(pk=event.pk)


def _lock_registration(registration: Registration) -> Registration:
    return Registration.objects.select_for_update(of=("self",)).select_related("user").get(pk=registration.pk)


def _has_free_place(event: Event, attendance: str) -> bool:
    if event.capacity is None or not event.takes_place(attendance):
        return True
    return queries.places_taken(event) < event.capacity


def _mail_person(registration: Registration, template: str, **context) -> None:
    user = registration.user
    if user is None:
        return
    event = registration.event
    send_templated_email(
        to=user.email,
        template=f"events/email/{template}",
        context={
            "registration": registration,
            "event": event,
            "user": user,
            "event_path": reverse("events:detail", kwargs={"slug": event.slug}),
            **context,
        },
        language=user.preferred_language,
        attachments=[(f"{event.slug}.ics", calendars.registration_calendar(registration), ICS_MIMETYPE)],
    )


def _check_can_register(*, user, event: Event, attendance: str) -> None:
    if not user.is_authenticated:
        raise PermissionDenied(_("Please log in to register."))
    if not is_verified(user):
        raise PermissionDenied(_("Please confirm your e-mail address before registering to workshops."))
    if event.status != EventStatus.PUBLISHED:
        raise ValidationError(_("This workshop is not open for registration."))
    now = timezone.now()
    state = event.registration_window_state(now)
    if state == "not_open":
        opens = formats.date_format(event.registration_opens.astimezone(event.tz), "DATETIME_FORMAT")
        raise ValidationError(
            _("Registration opens on %(opens)s (%(zone)s).") % {"opens": opens, "zone": event.time_zone}
        )
    if state == "closed":
        raise ValidationError(_("Registration for this workshop is closed."))
    if attendance not in Attendance.values:
        raise ValidationError({"attendance": _("Choose on-site or remote attendance.")})
    if attendance not in event.allowed_attendances:
        if attendance == Attendance.ONSITE:
            message = _("This workshop is online only: register for remote attendance.")
        else:
            message = _("This workshop is on-site only: remote attendance is not possible.")
        raise ValidationError({"attendance": message})


def register(*, user, event: Event, attendance: str = Attendance.ONSITE) -> Registration:
    """Register ``user`` to ``event`` and mail them a confirmation with an ``.ics`` file.

    Needs a verified user (PermissionDenied), a published event inside its registration
    window and an attendance the format allows (ValidationError). A person already
    registered gets a ValidationError; a cancelled or rejected row of theirs is reused
    (same uid, sequence + 1). The new status is *pending* when the event needs approval,
    otherwise *approved* while a place is free and *waitlisted* once it is full.
    """
    with transaction.atomic():
        event = _lock_event(event)
        _check_can_register(user=user, event=event, attendance=attendance)
        registration = Registration.objects.select_for_update(of=("self",)).filter(event=event, user=user).first()
        if registration is not None and registration.is_active:
            raise ValidationError(_("You are already registered to this workshop."))
        now = timezone.now()
        if event.requires_approval:
            status = RegistrationStatus.PENDING
        elif _has_free_place(event, attendance):
            status = RegistrationStatus.APPROVED
        else:
            status = RegistrationStatus.WAITLISTED
        reused = registration is not None
        if registration is None:
            registration = Registration(event=event, user=user)
        else:
            registration.sequence += 1
        registration.attendance = attendance
        registration.status = status
        registration.waitlisted_at = now if status == RegistrationStatus.WAITLISTED else None
        registration.decided_by = None
        registration.decided_at = None
        registration.decision_reason = ""
        registration.save()
        log_action(
            "events.registration.created",
            actor=user,
            target=registration,
            status=status,
            attendance=attendance,
            reused=reused,
        )
        _mail_person(registration, f"registration_{status}")
    return registration


def promote_waitlist(*, event: Event) -> list[Registration]:
    """Approve waitlisted registrations, first come first served, while places are free.

    Only registrations whose attendance takes a place wait, so each promotion fills one.
    Each promoted person gets an e-mail and an in-app notification.
    """
    promoted = []
    with transaction.atomic():
        event = _lock_event(event)
        waiting = (
            Registration.objects.select_for_update(of=("self",))
            .filter(event=event, status=RegistrationStatus.WAITLISTED)
            .select_related("user")
            .order_by("waitlisted_at", "id")
        )
        for registration in waiting:
            if not _has_free_place(event, registration.attendance):
                break
            registration.status = RegistrationStatus.APPROVED
            registration.decided_at = timezone.now()
            registration.sequence += 1
            registration.save()
            log_action("events.registration.promoted", target=registration)
            if registration.user is not None:
                _mail_person(registration, "registration_promoted")
                notify(
                    user=registration.user,
                    kind="events.registration.promoted",
                    text=_("A place came free: you are now registered to %(event)s.") % {"event": event.title},
                    url=reverse("events:detail", kwargs={"slug": event.slug}),
                )
            promoted.append(registration)
    return promoted


def _cancel(*, actor, registration: Registration, mail: bool) -> Registration:
    event = _lock_event(registration.event)
    registration = _lock_registration(registration)
    registration.event = event
    if not registration.is_active:
        raise ValidationError(_("This registration is no longer active."))
    registration.status = RegistrationStatus.CANCELLED
    registration.waitlisted_at = None
    registration.sequence += 1
    if actor is not None and actor.pk != registration.user_id:
        registration.decided_by = actor
        registration.decided_at = timezone.now()
    registration.save()
    log_action("events.registration.cancelled", actor=actor, target=registration)
    if mail:
        _mail_person(
            registration,
            "registration_cancelled",
            by_organiser=registration.decided_by_id is not None,
        )
    promote_waitlist(event=event)
    return registration


def cancel_registration(*, actor, registration: Registration) -> Registration:
    """Cancel a registration (its owner, an organiser of the event or an admin).

    The row stays, with status *cancelled* and sequence + 1, so calendars drop the entry.
    The freed place goes to the waiting list (see :func:`promote_waitlist`).
    """
    if not can_cancel_registration(actor, registration):
        raise PermissionDenied(_("You may not cancel this registration."))
    with transaction.atomic():
        return _cancel(actor=actor, registration=registration, mail=True)


def approve_registration(*, actor, registration: Registration) -> Registration:
    """Approve a pending registration (organisers and admins).

    The person gets a place, or the waiting list when the event is full; mailed either way.
    """
    if not can_manage_registration(actor, registration):
        raise PermissionDenied(_("Only the organisers can approve registrations."))
    with transaction.atomic():
        event = _lock_event(registration.event)
        registration = _lock_registration(registration)
        registration.event = event
        if registration.status != RegistrationStatus.PENDING:
            raise ValidationError(_("Only registrations waiting for approval can be approved."))
        now = timezone.now()
        if _has_free_place(event, registration.attendance):
            registration.status = RegistrationStatus.APPROVED
        else:
            registration.status = RegistrationStatus.WAITLISTED
            registration.waitlisted_at = now
        registration.decided_by = actor
        registration.decided_at = now
        registration.sequence += 1
        registration.save()
        log_action(
            "events.registration.approved",
            actor=actor,
            target=registration,
            status=registration.status,
        )
        _mail_person(registration, f"registration_{registration.status}", decided=True)
    return registration


def reject_registration(*, actor, registration: Registration, reason: str = "") -> Registration:
    """Turn down a pending, waitlisted or approved registration (organisers and admins).

    The person is mailed with ``reason``; a place it held goes to the waiting list.
    """
    if not can_manage_registration(actor, registration):
        raise PermissionDenied(_("Only the organisers can reject registrations."))
    reason = (reason or "").strip()
    if len(reason) > 500:
        raise ValidationError({"reason": _("Keep the reason under 500 characters.")})
    with transaction.atomic():
        event = _lock_event(registration.event)
        registration = _lock_registration(registration)
        registration.event = event
        if not registration.is_active:
            raise ValidationError(_("This registration is no longer active."))
        registration.status = RegistrationStatus.REJECTED
        registration.waitlisted_at = None
        registration.decided_by = actor
        registration.decided_at = timezone.now()
        registration.decision_reason = reason
        registration.sequence += 1
        registration.save()
        log_action("events.registration.rejected", actor=actor, target=registration, reason=reason)
        _mail_person(registration, "registration_rejected", reason=reason)
        promote_waitlist(event=event)
    return registration


# Changing one of these moves the event in people's calendars.
CALENDAR_FIELDS = frozenset(
    {"title", "start", "end", "time_known", "time_zone", "venue", "room", "address", "city", "online_url", "status"}
)


def save_event(*, actor, event: Event, changed_fields=()) -> Event:
    """Create or update an event (organisers of its series, admins).

    A change to its time, place or status bumps ``event.sequence`` so every calendar entry of it
    updates, and the people registered are told, with the updated calendar entry attached.
    """
    if not (is_admin(actor) or (event.series_id and is_series_organiser(actor, event.series))):
        raise PermissionDenied(_("Only the organisers of this series may change its workshops."))
    event.full_clean()
    is_new = event.pk is None
    moved = not is_new and bool(CALENDAR_FIELDS & set(changed_fields))
    with transaction.atomic():
        if moved:
            event.sequence += 1
        event.save()
        log_action(
            "events.event.created" if is_new else "events.event.changed",
            actor=actor,
            target=event,
            fields=sorted(changed_fields),
        )
        if moved:
            active = event.registrations.filter(status__in=ACTIVE_REGISTRATION_STATUSES).select_related("user", "event")
            for registration in active:
                _mail_person(registration, "registration_event_changed")
                notify(
                    user=registration.user,
                    kind="events.event.changed",
                    text=_("%(event)s has changed: please check the time and place.") % {"event": event.title},
                    url=reverse("events:detail", kwargs={"slug": event.slug}),
                )
    return event


def reset_calendar_token(*, user) -> str:
    """Give ``user`` a new private feed address; the old one stops working at once."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Please log in."))
    with transaction.atomic():
        user.calendar_token = new_calendar_token()
        user.save(update_fields=["calendar_token"])
        log_action("events.calendar_token.reset", actor=user, target=user)
    return user.calendar_token


def erase_registrations(*, user) -> None:
    """Account erasure: past registrations become anonymous, future ones are cancelled and deleted.

    Cancelling first hands the places to the waiting list; nobody is mailed about it.
    """
    now = timezone.now()
    with transaction.atomic():
        future = list(Registration.objects.filter(user=user, event__end__gte=now).select_related("event"))
        for registration in future:
            if registration.is_active:
                _cancel(actor=user, registration=registration, mail=False)
        Registration.objects.filter(pk__in=[r.pk for r in future]).delete()
        anonymised = Registration.objects.filter(user=user, event__end__lt=now).update(user=None)
        log_action(
            "events.registrations.erased",
            actor=None,
            user_id=user.pk,
            deleted=len(future),
            anonymised=anonymised,
        )
