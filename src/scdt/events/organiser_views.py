"""Organiser pages: the series someone organises, an event's registrations, the CSV export."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from scdt.events import queries, services
from scdt.events.forms import RegistrationFilterForm, RejectForm
from scdt.events.models import Event, Registration, RegistrationStatus
from scdt.events.rules import can_manage_event, can_organise
from scdt.events.templatetags.event_times import format_in_event_zone
from scdt.events.views import safe_next


def managed_event(request, slug: str) -> Event:
    event = get_object_or_404(Event.objects.select_related("series"), slug=slug)
    if not can_manage_event(request.user, event):
        raise PermissionDenied(_("Only the organisers of this workshop can see its registrations."))
    return event


@require_GET
@login_required
def organise(request):
    if not can_organise(request.user):
        raise PermissionDenied(_("This page is for workshop organisers."))
    return render(
        request, "events/organise.html", {"series_list": queries.organised_series(request.user)}
    )


@require_GET
@login_required
def organise_event(request, slug):
    event = managed_event(request, slug)
    filter_form = RegistrationFilterForm(request.GET or None)
    registrations = queries.filter_registrations(event, **filter_form.filters())
    counts = queries.status_counts(event)
    context = {
        "event": event,
        "filter_form": filter_form,
        "registrations": registrations,
        "status_counts": [(label, counts[value]) for value, label in RegistrationStatus.choices],
        "places_left": queries.places_left(event),
        "reject_form": RejectForm(),
        "csv_query": request.GET.urlencode(),
        "here": request.get_full_path(),
    }
    return render(request, "events/organise_event.html", context)


def _decide(request, uid, decide) -> HttpResponse:
    registration = get_object_or_404(
        Registration.objects.select_related("event", "event__series", "user"), uid=uid
    )
    default = reverse("events:organise_event", kwargs={"slug": registration.event.slug})
    try:
        message = decide(registration)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, message)
    return redirect(safe_next(request, default))


@require_POST
@login_required
def approve(request, uid):
    def decide(registration):
        registration = services.approve_registration(actor=request.user, registration=registration)
        if registration.status == RegistrationStatus.WAITLISTED:
            return _("The workshop is full: the person is now on the waiting list.")
        return _("The registration is approved.")

    return _decide(request, uid, decide)


@require_POST
@login_required
def reject(request, uid):
    form = RejectForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""

    def decide(registration):
        if not form.is_valid():
            raise ValidationError(form.errors["reason"])
        services.reject_registration(actor=request.user, registration=registration, reason=reason)
        return _("The registration is rejected and the person is informed.")

    return _decide(request, uid, decide)


@require_GET
@login_required
def registrations_csv(request, slug):
    event = managed_event(request, slug)
    filter_form = RegistrationFilterForm(request.GET or None)
    registrations = queries.filter_registrations(event, **filter_form.filters())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-registrations.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Name"),
            _("E-mail"),
            _("Organisation"),
            _("Attendance"),
            _("Status"),
            _("Registered at"),
        ]
    )
    for registration in registrations:
        user = registration.user
        profile = getattr(user, "profile", None) if user else None
        writer.writerow(
            [
                _csv_safe(profile.full_name if profile else ""),
                _csv_safe(user.email if user else _("(erased account)")),
                _csv_safe(profile.organisation.name if profile and profile.organisation else ""),
                registration.get_attendance_display(),
                registration.get_status_display(),
                format_in_event_zone(registration.created_at, event),
            ]
        )
    return response


def _csv_safe(value: str) -> str:
    # Spreadsheets run cells starting with these as formulas (CSV injection).
    return f"'{value}" if value[:1] in {"=", "+", "-", "@"} else value
