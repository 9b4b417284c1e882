"""Load the demo network idempotently: running it again finds everything in place and changes nothing.

Organisations and profiles go through the directory services. Users are created through the
user manager as already verified, and past registrations are written as they stood after the
workshops (the registration service rightly refuses registrations to past events).
"""

import datetime as dt
import random
import unicodedata
import zoneinfo

from django.db import transaction
from django.utils import timezone

from scdt.accounts.models import User
from scdt.demo import network
from scdt.directory.models import MembershipStatus, Organisation, Profile, Topic, Visibility
from scdt.directory.services import create_organisation, create_profile
from scdt.events.models import (
    Attendance,
    Event,
    EventFormat,
    EventSeries,
    EventStatus,
    Registration,
    RegistrationStatus,
)

ADMIN = ("admin@scdt.example", "scdt-demo-admin")
ORGANISER = ("organiser@scdt.example", "scdt-demo-organiser")
PARTICIPANT = ("participant@scdt.example", "scdt-demo-participant")
DEMO_EVENT_SLUG = "demo-matchmaking-workshop"
PROFILE_COUNT = 80


def load_demo_network(*, stdout=None) -> dict:
    """Create whatever of the demo network is missing; returns counts of what was created."""
    created = {"organisations": 0, "profiles": 0, "events": 0, "registrations": 0}
    with transaction.atomic():
        organiser = _user(ORGANISER[0], ORGANISER[1])
        _user(ADMIN[0], ADMIN[1], superuser=True)
        series = _series(network.SERIES, organiser)
        demo_series = _series(network.DEMO_SERIES, organiser, is_demo=True)
        events = [_past_workshop(series, row, created) for row in network.PAST_WORKSHOPS]
        demo_event = _demo_event(demo_series, created)
        organisations = [_organisation(row, created) for row in network.ORGANISATIONS]
        profiles = _profiles(organisations, created)
        participant_profile = _participant(organisations, created)
        _organiser_profile(organiser, organisations, created)
        _registrations(events, demo_event, [*profiles, participant_profile], created)
    return created


def _user(email, password, *, superuser=False):
    user = User.objects.filter(email=email).first()
    if user is None:
        make = User.objects.create_superuser if superuser else User.objects.create_user
        user = make(email=email, password=password, email_verified_at=timezone.now())
    return user


def _series(data, organiser, *, is_demo=False):
    series, _ = EventSeries.objects.get_or_create(
        slug=data["slug"], defaults={"title": data["title"], "description": data["description"], "is_demo": is_demo}
    )
    series.organisers.add(organiser)
    return series


def _local(date: str, time: str, zone: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{date}T{time}").replace(tzinfo=zoneinfo.ZoneInfo(zone))


def _past_workshop(series, row, created):
    slug, title, city, venue, room, address, date, start, end = row
    existing = Event.objects.filter(slug=slug).first()
    if existing:
        return existing
    zone = network.CITY_ZONES[city]
    time_known = start is not None
    start_at = _local(date, start or "00:00", zone)
    end_at = _local(date, end, zone) if end else start_at + dt.timedelta(days=1)
    created["events"] += 1
    return Event.objects.create(
        series=series,
        slug=slug,
        title=title,
        city=city,
        venue=venue,
        room=room,
        address=address,
        time_zone=zone,
        start=start_at,
        end=end_at,
        time_known=time_known,
        format=EventFormat.ONSITE,
        status=EventStatus.PUBLISHED,
        description=(
            "A workshop of the Smart City Digital Twin network on the use of open data and digital twins "
            "in cities." + ("" if time_known else " The start and end times of this workshop were not published.")
        ),
    )


def _demo_event(series, created):
    existing = Event.objects.filter(slug=DEMO_EVENT_SLUG).first()
    if existing:
        return existing
    day = (timezone.now() + dt.timedelta(weeks=6)).astimezone(zoneinfo.ZoneInfo("Europe/Helsinki")).date()
    start = _local(day.isoformat(), "12:00", "Europe/Helsinki")
    created["events"] += 1
    return Event.objects.create(
        series=series,
        slug=DEMO_EVENT_SLUG,
        title="Demonstration: SCDT matchmaking workshop",
        city="Turku",
        venue="EDUCity",
        room="Meeting room Ringsberg",
        address="Joukahaisenkatu, Turku",
        time_zone="Europe/Helsinki",
        start=start,
        end=start + dt.timedelta(hours=4, minutes=30),
        format=EventFormat.HYBRID,
        online_url="https://meet.jit.si/scdt-demo-workshop",
        capacity=30,
        registration_opens=timezone.now() - dt.timedelta(days=1),
        registration_closes=start - dt.timedelta(days=1),
        status=EventStatus.PUBLISHED,
        is_demo=True,
        description=(
            "DEMONSTRATION EVENT — this workshop is demo data of the SCDT Marketplace, not a real event. "
            "Register to try the platform: workshops, the marketplace and 1:1 meetings."
        ),
    )


def _organisation(row, created):
    slug, name, org_type, country, city, website, description, is_demo = row
    existing = Organisation.objects.filter(slug=slug).first()
    if existing:
        return existing
    created["organisations"] += 1
    organisation = create_organisation(
        actor=None,
        name=name,
        type=org_type,
        country=country,
        city=city,
        website=website,
        description=description,
        is_demo=is_demo,
    )
    if organisation.slug != slug:
        Organisation.objects.filter(pk=organisation.pk).update(slug=slug)
        organisation.slug = slug
    return organisation


def _ascii(text: str) -> str:
    text = text.replace("ł", "l").replace("Ł", "L")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _profiles(organisations, created):
    rng = random.Random(2023)
    topics = list(Topic.objects.order_by("position"))
    profiles = []
    for index in range(PROFILE_COUNT):
        organisation = organisations[index % len(organisations)]
        country = organisation.country if organisation.country in network.FIRST_NAMES else "OTHER"
        first = network.FIRST_NAMES[country][(index // 2) % len(network.FIRST_NAMES[country])]
        last = network.LAST_NAMES[country][(index * 7) % len(network.LAST_NAMES[country])]
        email = f"{_ascii(first)}.{_ascii(last)}.{index}@demo.scdt.example"
        existing = Profile.objects.filter(user__email=email).first()
        if existing:
            profiles.append(existing)
            continue
        chosen = rng.sample(topics, k=rng.randint(1, 3))
        main = chosen[0].slug
        seeker = organisation.type in {"city", "public", "ngo"}
        offer = network.OFFERS[main] if not seeker or rng.random() < 0.3 else ""
        seek = network.SEEKS[main] if seeker or rng.random() < 0.4 else ""
        if index % 9 == 0 and country in network.LOCAL_OFFERS:
            offer, seek = network.LOCAL_OFFERS[country], network.LOCAL_SEEKS[country]
        language = {"FI": "fi", "PL": "pl", "LT": "lt"}.get(country, "en")
        user = User.objects.create_user(
            email=email, password=None, email_verified_at=timezone.now(), preferred_language=language
        )
        status = MembershipStatus.PENDING if index % 16 == 15 else MembershipStatus.APPROVED
        visibility = [Visibility.PUBLIC, Visibility.MEMBERS, Visibility.MEMBERS, Visibility.HIDDEN][
            index % 4 if index % 11 else 0
        ]
        profiles.append(
            create_profile(
                user=user,
                full_name=f"{first} {last}",
                organisation=organisation,
                job_title=rng.choice(network.JOB_TITLES[organisation.type]),
                city=organisation.city,
                country=organisation.country,
                bio=f"Works at {organisation.name} on {chosen[0].name_en.lower()}.",
                topics=chosen,
                languages=sorted({language, "en"}),
                offer_text=offer,
                seek_text=seek,
                visibility=visibility,
                status=status,
                is_demo=True,
            )
        )
        created["profiles"] += 1
    return profiles


def _participant(organisations, created):
    user = _user(*PARTICIPANT)
    existing = Profile.objects.filter(user=user).first()
    if existing:
        return existing
    created["profiles"] += 1
    organisation = next(o for o in organisations if o.slug == "saaristo-mobility")
    return create_profile(
        user=user,
        full_name="Demo Participant",
        organisation=organisation,
        job_title="Business developer",
        city="Turku",
        country="FI",
        bio="The participant account of the demo network.",
        topics=Topic.objects.filter(slug__in=["mobility", "data-platforms"]),
        languages=["en", "fi"],
        offer_text=network.OFFERS["mobility"],
        seek_text=network.SEEKS["data-platforms"],
        visibility=Visibility.MEMBERS,
        status=MembershipStatus.APPROVED,
        is_demo=True,
    )


def _organiser_profile(organiser, organisations, created):
    if Profile.objects.filter(user=organiser).exists():
        return
    created["profiles"] += 1
    organisation = next(o for o in organisations if o.slug == "turku-science-park")
    create_profile(
        user=organiser,
        full_name="Demo Organiser",
        organisation=organisation,
        job_title="Network coordinator",
        city="Turku",
        country="FI",
        bio="The organiser account of the demo network.",
        topics=Topic.objects.filter(slug__in=["data-platforms", "public-services"]),
        languages=["en", "fi"],
        visibility=Visibility.PUBLIC,
        status=MembershipStatus.APPROVED,
        is_demo=True,
    )


def _registrations(events, demo_event, profiles, created):
    rng = random.Random(1909)
    approved = [p for p in profiles if p.status == MembershipStatus.APPROVED]
    for event in events:
        local = [p for p in approved if p.city == event.city] or approved
        for profile in rng.sample(local, k=min(len(local), 12)) + rng.sample(approved, k=8):
            _, made = Registration.objects.get_or_create(
                event=event,
                user=profile.user,
                defaults={"status": RegistrationStatus.APPROVED, "attendance": Attendance.ONSITE},
            )
            created["registrations"] += made
    for index, profile in enumerate(rng.sample(approved, k=20)):
        if profile.user.email == PARTICIPANT[0]:
            continue
        _, made = Registration.objects.get_or_create(
            event=demo_event,
            user=profile.user,
            defaults={
                "status": RegistrationStatus.APPROVED,
                "attendance": Attendance.REMOTE if index % 4 == 0 else Attendance.ONSITE,
            },
        )
        created["registrations"] += made
