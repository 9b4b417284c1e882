"""Public workshop pages, registration actions, the personal agenda and calendar files."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from scdt.events import calendars, queries, services
from scdt.events.forms import RegistrationForm
from scdt.events.models import Event, EventStatus, Registration, RegistrationStatus
from scdt.events.rules import can_manage_event, is_verified
from scdt.events.signals import feed_components
from scdt.events.structured_data import event_json_ld, json_ld_script

REGISTERED_MESSAGES = {
    RegistrationStatus.APPROVED: gettext_lazy(
        "You are registered. A confirmation is on its way to your inbox."
    ),
    RegistrationStatus.PENDING: gettext_lazy(
        "Thank you! The organisers will review your registration; we will e-mail you."
    ),
    RegistrationStatus.WAITLISTED: gettext_lazy(
        "The workshop is full: you are on the waiting list. We will e-mail you."
    ),
}


def safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def visible_event(request, slug: str) -> Event:
    """A published or cancelled event; drafts only for their organisers and admins."""
    event = get_object_or_404(Event.objects.select_related("series"), slug=slug)
    if event.status == EventStatus.DRAFT and not can_manage_event(request.user, event):
        raise Http404
    return event


@require_GET
def event_list(request):
    now = timezone.now()
    context = {
        "upcoming": list(queries.upcoming_events(now)),
        "past": list(queries.past_events(now)[:30]),
    }
    return render(request, "events/event_list.html", context)


def _why_not(request, event: Event, state: str, registration, places_left) -> str:
    """Why the viewer cannot register now, in one sentence; empty when they can."""
    if event.status == EventStatus.CANCELLED:
        return _("This workshop is cancelled.")
    if event.status != EventStatus.PUBLISHED:
        return _("This workshop is not published yet.")
    if registration is not None and registration.is_active:
        return ""
    if state == "not_open":
        return _("Registration has not opened yet.")
    if state == "closed":
        return _("Registration is closed.")
    if not request.user.is_authenticated:
        return _("Log in or join the network to register.")
    if not is_verified(request.user):
        return _("Confirm your e-mail address (see the link we sent you) to register.")
    return ""


def _detail_context(request, event: Event, form=None) -> dict:
    now = timezone.now()
    registration = queries.registration_of(request.user, event)
    places_left = queries.places_left(event)
    state = event.registration_window_state(now)
    reason = _why_not(request, event, state, registration, places_left)
    can_register = not reason and (registration is None or not registration.is_active)
    url = request.build_absolute_uri(reverse("events:detail", kwargs={"slug": event.slug}))
    json_ld = event_json_ld(event, url=url, organiser_name=_("Smart City Digital Twin network"))
    return {
        "event": event,
        "registration": registration,
        "places_left": places_left,
        "is_full": places_left == 0,
        "window_state": state,
        "cannot_register_reason": reason,
        "can_register": can_register,
        "form": form or (RegistrationForm(event=event) if can_register else None),
        "json_ld": json_ld_script(json_ld),
        "can_manage": can_manage_event(request.user, event),
    }


@require_GET
def event_detail(request, slug):
    event = visible_event(request, slug)
    return render(request, "events/event_detail.html", _detail_context(request, event))


@require_GET
def event_ics(request, slug):
    event = visible_event(request, slug)
    response = HttpResponse(calendars.event_calendar(event), content_type=calendars.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


@require_POST
@login_required
def register(request, slug):
    event = visible_event(request, slug)
    form = RegistrationForm(request.POST, event=event)
    if form.is_valid():
        try:
            registration = services.register(
                user=request.user, event=event, attendance=form.cleaned_data["attendance"]
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, exc if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(request, REGISTERED_MESSAGES[registration.status])
            return redirect("events:detail", slug=event.slug)
    context = _detail_context(request, event, form=form)
    context["form"] = form
    return render(request, "events/event_detail.html", context, status=400)


@require_POST
@login_required
def cancel(request, uid):
    registration = get_object_or_404(
        Registration.objects.select_related("event", "event__series"), uid=uid
    )
    try:
        services.cancel_registration(actor=request.user, registration=registration)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The registration is cancelled."))
    return redirect(
        safe_next(request, reverse("events:detail", kwargs={"slug": registration.event.slug}))
    )


@require_GET
@login_required
def agenda(request):
    upcoming, past = queries.agenda_registrations(request.user)
    feed_url = request.build_absolute_uri(
        reverse("events:feed", kwargs={"token": request.user.calendar_token})
    )
    return render(
        request, "events/agenda.html", {"upcoming": upcoming, "past": past, "feed_url": feed_url}
    )


@require_POST
@login_required
def reset_feed(request):
    services.reset_calendar_token(user=request.user)
    messages.success(
        request, _("Your calendar feed has a new address. Update it in your calendar app.")
    )
    return redirect("events:agenda")


@require_GET
def feed(request, token):
    user = get_user_model().objects.filter(calendar_token=token, is_active=True).first()
    if user is None:
        raise Http404
    components = calendars.registration_components(user)
    for _receiver, extra in feed_components.send(sender=None, user=user):
        components.extend(extra or [])
    content = calendars.build_calendar(components, name=_("SCDT workshops")).to_ical()
    return HttpResponse(content, content_type=calendars.CONTENT_TYPE)
