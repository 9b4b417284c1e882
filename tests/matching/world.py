"""Building matching worlds: items made through the apps' own services/models, documents synced."""

import datetime as dt
import importlib

from django.apps import apps as django_apps
from django.utils import timezone
from tests.factories import ProfileFactory

from scdt.catalogue.models import DataRequest, Dataset
from scdt.directory.models import Topic
from scdt.marketplace import services as marketplace
from scdt.marketplace.models import Category
from scdt.matching import queries
from scdt.matching.services import documents


def sync(*, embed=False):
    """What the receivers and the embedding task do after commit, at once."""
    documents.refresh_all(embed=embed)
    queries.forget_indexes()


def future(days: int = 60) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def make_opportunity(owner, *, publish=True, topic_slugs=("mobility",), places=(("Turku", "FI"),), **values):
    """An opportunity made by the marketplace service, published unless told otherwise."""
    fields = {
        "kind": "offer",
        "category": Category.objects.get(slug="open-data"),
        "expires_on": future(),
        "language": "en",
        "topics": list(Topic.objects.filter(slug__in=topic_slugs)),
        "places": list(places),
        "is_demo": True,  # skips the hourly limit, which has tests of its own
        **values,
    }
    opportunity = marketplace.create_opportunity(actor=owner, **fields)
    if publish:
        opportunity.status = "published"
        opportunity.published_at = timezone.now()
        opportunity.save(update_fields=["status", "published_at"])
    return opportunity


def member(**profile):
    return ProfileFactory(**profile).user


def offer(owner, title, description, **extra):
    return make_opportunity(owner, kind="offer", title=title, description=description, **extra)


def request_(owner, title, description, **extra):
    return make_opportunity(owner, kind="request", title=title, description=description, **extra)


def dataset(slug, title, description, *, publisher=None, **extra):
    return Dataset.objects.create(
        identifier=slug,
        slug=slug,
        title={"en": title},
        description={"en": description},
        publisher=publisher,
        publisher_name=publisher.name if publisher else "",
        modified=timezone.now(),
        **extra,
    )


def data_request(requester, title, description, topics=()):
    created = DataRequest.objects.create(title=title, description=description, requester=requester)
    created.topics.set(Topic.objects.filter(slug__in=topics))
    return created


def seed_reference_data():
    """The topics and categories the data migrations seed (both seeds are get_or_create).

    A transactional test before this one may have flushed them; serialized_rollback would clash
    with the content types that flush's post_migrate recreates, so they are seeded again here.
    """
    for module, seed in (
        ("scdt.directory.migrations.0002_seed_topics", "seed_topics"),
        ("scdt.marketplace.migrations.0003_seed_categories", "seed"),
    ):
        getattr(importlib.import_module(module), seed)(django_apps, None)
