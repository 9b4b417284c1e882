import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.i18n import set_language as django_set_language

from scdt.accounts.services import set_preferred_language
from scdt.directory.models import MembershipStatus, Organisation, Profile
from scdt.events.models import ACTIVE_REGISTRATION_STATUSES, Event, EventStatus, Registration
from scdt.matching.services.panels import home_panels
from scdt.messaging.models import Notification
from scdt.pages.forms import JoinForm
from scdt.pages.services import join_network
from scdt.service_errors import show_service_errors

# The four cities of the network, as the landing page presents them.
CITIES = [
    {"name": "Turku", "country": _("Finland"), "zone": "Europe/Helsinki"},
    {"name": "Gdańsk", "country": _("Poland"), "zone": "Europe/Warsaw"},
    {"name": "Wrocław", "country": _("Poland"), "zone": "Europe/Warsaw"},
    {"name": "Vilnius", "country": _("Lithuania"), "zone": "Europe/Vilnius"},
]


def landing(request):
    events = list(Event.objects.filter(status=EventStatus.PUBLISHED).select_related("series").order_by("start"))
    now = timezone.now()
    context = {
        "cities": CITIES,
        "past_events": [e for e in events if e.end <= now],
        "upcoming_events": [e for e in events if e.end > now],
        "member_count": Profile.objects.filter(status=MembershipStatus.APPROVED).count(),
        "organisation_count": Organisation.objects.count(),
    }
    return render(request, "pages/landing.html", context)


@login_required
def home(request):
    user = request.user
    profile = Profile.objects.filter(user=user).select_related("organisation").first()
    registrations = (
        Registration.objects.filter(user=user, status__in=ACTIVE_REGISTRATION_STATUSES, event__end__gt=timezone.now())
        .select_related("event")
        .order_by("event__start")
    )
    notifications = Notification.objects.filter(user=user).order_by("-created_at")[:10]
    return render(
        request,
        "pages/home.html",
        {
            "profile": profile,
            "registrations": registrations,
            "notifications": notifications,
            "recommendations": home_panels(user),
        },
    )


@require_http_methods(["GET", "POST"])
def join(request):
    if request.user.is_authenticated:
        messages.info(request, _("You are already a member; here is your home page."))
        return redirect("pages:home")
    initial = {}
    if event_slug := request.GET.get("event"):
        initial["event"] = Event.objects.filter(slug=event_slug).first()
    form = JoinForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        new_organisation = None
        if not data["organisation"]:
            new_organisation = {
                "name": data["organisation_name"],
                "type": data["organisation_type"],
                "country": data["organisation_country"],
                "city": data["organisation_city"],
                "website": data["organisation_website"],
            }
        try:
            user = join_network(
                email=data["email"],
                password=data["password"],
                language=get_language() or "en",
                full_name=data["full_name"],
                job_title=data["job_title"],
                languages=data["languages"],
                topics=data["topics"],
                offer_text=data["offer_text"],
                seek_text=data["seek_text"],
                visibility=data["visibility"],
                organisation=data["organisation"],
                new_organisation=new_organisation,
                first_event=data["event"],
                attendance=data["attendance"],
            )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            request.session["joined_email"] = user.email
            return redirect("pages:joined")
    return render(request, "pages/join.html", {"form": form})


def joined(request):
    return render(request, "pages/joined.html", {"email": request.session.get("joined_email", "")})


@require_http_methods(["POST"])
def set_language(request):
    """Switch the interface language; a logged-in person's choice also becomes their e-mail language."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language != request.user.preferred_language:
        # Django's view has already ignored an unknown language; so do we.
        with contextlib.suppress(ValidationError):
            set_preferred_language(user=request.user, language=language)
    return response
