import csv
import datetime as dt
import io
import zoneinfo

import pytest
from django.urls import reverse
from tests.factories import (
    PASSWORD,
    EventFactory,
    EventSeriesFactory,
    OrganisationFactory,
    ProfileFactory,
    UserFactory,
)

from scdt.events import services
from scdt.events.models import RegistrationStatus

pytestmark = pytest.mark.django_db


def _login(client, user):
    assert client.login(username=user.email, password=PASSWORD)
    return user


def _organised_event(**kwargs):
    organiser = UserFactory()
    event = EventFactory(series=EventSeriesFactory(organisers=[organiser]), **kwargs)
    return organiser, event


def _participant(name, organisation="Turku Energia"):
    profile = ProfileFactory(full_name=name, organisation=OrganisationFactory(name=organisation))
    return profile.user


@pytest.mark.parametrize("url_name", ["events:organise_event", "events:registrations_csv"])
def test_organiser_pages_forbidden_for_participant_and_other_organiser(client, url_name):
    _, event = _organised_event()
    other_organiser = UserFactory()
    EventSeriesFactory(organisers=[other_organiser])
    url = reverse(url_name, kwargs={"slug": event.slug})

    _login(client, UserFactory())
    assert client.get(url).status_code == 403
    _login(client, other_organiser)
    assert client.get(url).status_code == 403


def test_organise_forbidden_for_participant(client):
    _login(client, UserFactory())

    assert client.get(reverse("events:organise")).status_code == 403


def test_organise_anonymous_redirects_to_login(client):
    response = client.get(reverse("events:organise"))

    assert response.status_code == 302


def test_organise_lists_only_my_series(client, django_assert_max_num_queries):
    organiser = UserFactory()
    mine = EventSeriesFactory(title="Mine", organisers=[organiser])
    EventSeriesFactory(title="Not mine")
    for _ in range(5):
        event = EventFactory(series=mine, capacity=10)
        services.register(user=UserFactory(), event=event)
    _login(client, organiser)

    with django_assert_max_num_queries(10):
        html = client.get(reverse("events:organise")).content.decode()

    assert "Mine" in html
    assert "Not mine" not in html
    assert "1 / 10" in html


def test_organise_admin_sees_every_series(client):
    EventSeriesFactory(title="Somebody's series")
    _login(client, UserFactory(is_staff=True))

    html = client.get(reverse("events:organise")).content.decode()

    assert "Somebody&#x27;s series" in html


def test_organise_event_counts_and_filters(client):
    organiser, event = _organised_event(requires_approval=True)
    anna = _participant("Anna Virtanen", "Turku Energia")
    jonas = _participant("Jonas Kazlauskas", "Vilnius Tech")
    services.register(user=anna, event=event, attendance="onsite")
    jonas_registration = services.register(user=jonas, event=event, attendance="remote")
    services.approve_registration(actor=organiser, registration=jonas_registration)
    _login(client, organiser)
    url = reverse("events:organise_event", kwargs={"slug": event.slug})

    everyone = client.get(url).content.decode()
    pending = client.get(url, {"status": "pending"}).content.decode()
    searched = client.get(url, {"q": "vilnius"}).content.decode()

    assert "Anna Virtanen" in everyone
    assert "Jonas Kazlauskas" in everyone
    assert "<dt>Waiting for approval</dt><dd>1</dd>" in everyone
    assert "<dt>Approved</dt><dd>1</dd>" in everyone
    assert "Anna Virtanen" in pending
    assert "Jonas Kazlauskas" not in pending
    assert "Jonas Kazlauskas" in searched
    assert "Anna Virtanen" not in searched


def test_organise_event_query_count_does_not_grow(client, django_assert_max_num_queries):
    organiser, event = _organised_event()
    for number in range(10):
        services.register(user=_participant(f"Person {number}"), event=event)
    services.register(user=UserFactory(), event=event)  # no profile
    _login(client, organiser)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("events:organise_event", kwargs={"slug": event.slug}))

    assert response.status_code == 200


def test_approve_and_reject_actions(client):
    organiser, event = _organised_event(requires_approval=True)
    first = services.register(user=UserFactory(), event=event)
    second = services.register(user=UserFactory(), event=event)
    _login(client, organiser)

    client.post(reverse("events:approve", kwargs={"uid": first.uid}))
    client.post(reverse("events:reject", kwargs={"uid": second.uid}), {"reason": "Not a member"})

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == RegistrationStatus.APPROVED
    assert second.status == RegistrationStatus.REJECTED
    assert second.decision_reason == "Not a member"


def test_approve_action_by_participant_forbidden(client):
    _, event = _organised_event(requires_approval=True)
    registration = services.register(user=UserFactory(), event=event)
    _login(client, registration.user)

    response = client.post(reverse("events:approve", kwargs={"uid": registration.uid}))

    assert response.status_code == 403


def test_csv_content_in_event_zone_and_filtered(client):
    organiser, event = _organised_event()
    anna = _participant("Anna Virtanen", "=HYPERLINK(1)")
    jonas = _participant("Jonas Kazlauskas", "Vilnius Tech")
    anna_registration = services.register(user=anna, event=event, attendance="onsite")
    services.register(user=jonas, event=event, attendance="remote")
    _login(client, organiser)
    url = reverse("events:registrations_csv", kwargs={"slug": event.slug})

    all_rows = list(csv.reader(io.StringIO(client.get(url).content.decode())))
    remote_rows = list(
        csv.reader(io.StringIO(client.get(url, {"attendance": "remote"}).content.decode()))
    )

    assert all_rows[0] == [
        "Name",
        "E-mail",
        "Organisation",
        "Attendance",
        "Status",
        "Registered at",
    ]
    anna_row = all_rows[1]
    assert anna_row[:5] == ["Anna Virtanen", anna.email, "'=HYPERLINK(1)", "On-site", "Approved"]
    local = anna_registration.created_at.astimezone(zoneinfo.ZoneInfo("Europe/Helsinki"))
    assert anna_row[5] == f"{local:%Y-%m-%d %H:%M} (Europe/Helsinki)"
    assert [row[0] for row in remote_rows[1:]] == ["Jonas Kazlauskas"]


def test_csv_lists_erased_people_anonymously(client):
    organiser, event = _organised_event(
        start=dt.datetime(2020, 1, 1, 10, tzinfo=dt.UTC),
        end=dt.datetime(2020, 1, 1, 12, tzinfo=dt.UTC),
    )
    event.registrations.create(user=None, status=RegistrationStatus.APPROVED)
    _login(client, organiser)

    content = client.get(
        reverse("events:registrations_csv", kwargs={"slug": event.slug})
    ).content.decode()

    assert "(erased account)" in content
