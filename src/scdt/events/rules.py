"""Who may do what with series, events and registrations (django-rules predicates)."""

import rules

from scdt.accounts.rules import is_admin, is_verified


@rules.predicate
def is_series_organiser(user, series) -> bool:
    if series is None or not user.is_authenticated:
        return False
    return series.organisers.filter(pk=user.pk).exists()


@rules.predicate
def is_event_organiser(user, event) -> bool:
    if event is None or not user.is_authenticated:
        return False
    return event.series.organisers.filter(pk=user.pk).exists()


@rules.predicate
def is_any_organiser(user) -> bool:
    return bool(user.is_authenticated and user.organised_series.exists())


@rules.predicate
def is_registration_owner(user, registration) -> bool:
    return bool(
        registration is not None
        and user.is_authenticated
        and registration.user_id is not None
        and registration.user_id == user.pk
    )


@rules.predicate
def is_registration_event_organiser(user, registration) -> bool:
    return registration is not None and is_event_organiser(user, registration.event)


can_manage_event = is_admin | is_event_organiser
can_manage_registration = is_admin | is_registration_event_organiser
can_cancel_registration = is_registration_owner | can_manage_registration
can_organise = is_admin | is_any_organiser

rules.add_perm("events.register_event", is_verified)
rules.add_perm("events.manage_series", is_admin | is_series_organiser)
rules.add_perm("events.manage_event", can_manage_event)
rules.add_perm("events.manage_registration", can_manage_registration)
rules.add_perm("events.cancel_registration", can_cancel_registration)
rules.add_perm("events.organise", can_organise)
