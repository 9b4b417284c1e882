"""Factories shared by every app's tests. They build valid rows; services do the rest."""

import datetime as dt

import factory
from django.utils import timezone

from scdt.accounts.models import User
from scdt.directory.models import MembershipStatus, Organisation, OrganisationType, Profile, Visibility
from scdt.events.models import Event, EventFormat, EventSeries, EventStatus, Registration, RegistrationStatus

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    email_verified_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805 (factory_boy passes the built object)
        if create:
            obj.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    type = OrganisationType.COMPANY
    country = "FI"
    city = "Turku"


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory)
    full_name = factory.Sequence(lambda n: f"Person {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    city = "Turku"
    country = "FI"
    visibility = Visibility.MEMBERS
    status = MembershipStatus.APPROVED


class EventSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventSeries
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Workshop series {n}")
    slug = factory.Sequence(lambda n: f"series-{n}")

    @factory.post_generation
    def organisers(obj, create, extracted, **kwargs):  # noqa: N805 (factory_boy passes the built object)
        if create and extracted:
            obj.organisers.set(extracted)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    series = factory.SubFactory(EventSeriesFactory)
    title = factory.Sequence(lambda n: f"Workshop {n}")
    slug = factory.Sequence(lambda n: f"workshop-{n}")
    city = "Turku"
    venue = "EDUCity"
    time_zone = "Europe/Helsinki"
    start = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    end = factory.LazyAttribute(lambda o: o.start + dt.timedelta(hours=4))
    format = EventFormat.HYBRID
    status = EventStatus.PUBLISHED
    registration_opens = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    registration_closes = factory.LazyAttribute(lambda o: o.start - dt.timedelta(hours=1))


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    status = RegistrationStatus.APPROVED
