"""Load the demo marketplace (``demo_opportunities``) through the services, idempotently.

Needs the demo network first (``scdt.demo.loader.load_demo_network``): each opportunity is
owned by the first approved member of its organisation, and moderated by the demo organiser.
Decisions are recorded without mailing the fictional owners. Running it again skips rows
that exist (same title and organisation) and creates nothing twice.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from scdt.directory.models import MembershipStatus, Organisation, Profile, Topic
from scdt.marketplace import services
from scdt.marketplace.demo_opportunities import EXPIRING_SOON, OPPORTUNITIES
from scdt.marketplace.models import Category, Opportunity

ORGANISER_EMAIL = "organiser@scdt.example"
PARTICIPANT_EMAIL = "participant@scdt.example"


def _places(text: str) -> list[tuple[str, str]]:
    places = []
    for part in filter(None, text.split(";")):
        city, _sep, country = part.rpartition(":")
        places.append((city, country))
    return places


def _owners() -> dict[str, object]:
    """The first approved member of each organisation (the demo participant for its own)."""
    owners: dict[str, object] = {}
    profiles = (
        Profile.objects.filter(status=MembershipStatus.APPROVED, organisation__isnull=False)
        .select_related("user", "organisation")
        .order_by("id")
    )
    for profile in profiles:
        owners.setdefault(profile.organisation.slug, profile.user)
    participant = get_user_model().objects.filter(email=PARTICIPANT_EMAIL).first()
    if participant is not None:
        owners["saaristo-mobility"] = participant
    return owners


def load_demo_opportunities() -> int:
    """Create the demo opportunities that are missing; returns how many were created."""
    organiser = get_user_model().objects.filter(email=ORGANISER_EMAIL).first()
    if organiser is None:
        return 0
    owners = _owners()
    organisations = {o.slug: o for o in Organisation.objects.all()}
    categories = {c.slug: c for c in Category.objects.all()}
    topics = {t.slug: t for t in Topic.objects.all()}
    today = timezone.localdate()
    created = 0
    for index, row in enumerate(OPPORTUNITIES):
        slug, kind, category, language, title, description, topic_slugs, places, extra, state = row
        organisation, owner = organisations.get(slug), owners.get(slug)
        if organisation is None or owner is None:
            continue
        if Opportunity.objects.filter(title=title, organisation=organisation).exists():
            continue
        days = 5 if title in EXPIRING_SOON else 30 + (index * 37) % 300
        with transaction.atomic():
            opportunity = services.create_opportunity(
                actor=owner,
                kind=kind,
                category=categories[category],
                title=title,
                description=description,
                language=language,
                expires_on=today + dt.timedelta(days=days),
                topics=[topics[t] for t in filter(None, topic_slugs.split(",")) if t in topics],
                places=_places(places),
                organisation=organisation,
                extra=extra,
                is_demo=True,
            )
            _move_to(opportunity, state, owner=owner, organiser=organiser)
        created += 1
    return created


def _move_to(opportunity, state: str, *, owner, organiser) -> None:
    if state == "draft":
        return
    opportunity = services.submit_opportunity(actor=owner, opportunity=opportunity)
    if state == "submitted":
        return
    if state.startswith("rejected:"):
        services.reject_opportunity(
            actor=organiser,
            opportunity=opportunity,
            reason=state.split(":", 1)[1],
            tell_owner=False,
        )
        return
    opportunity = services.approve_opportunity(actor=organiser, opportunity=opportunity, tell_owner=False)
    if state == "closed":
        services.close_opportunity(actor=owner, opportunity=opportunity)
