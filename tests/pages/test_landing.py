import pytest
from django.urls import reverse

from scdt.demo.loader import load_demo_network
from scdt.events.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_network():
    load_demo_network()


def test_landing_shows_the_workshop_series_in_local_time(client, demo_network):
    content = client.get(reverse("pages:landing")).content.decode()
    assert "Thu 2 Nov 2023" in content
    assert "12:00–16:30" in content  # Turku, part 1 and 2, in Europe/Helsinki
    assert "Tue 5 Mar 2024" in content
    assert "10:00–12:00" in content
    assert "Europe/Helsinki" in content
    assert "Tue 19 Sep 2023" in content  # Gdańsk: no published time, and said so
    assert "time not published" in content
    assert "Demonstration: SCDT matchmaking workshop" in content
    assert content.count('href="/events/') >= 7
    assert 'href="/join/"' in content


def test_landing_query_count_is_constant(client, demo_network, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        client.get(reverse("pages:landing"))


def test_demo_loader_is_idempotent(demo_network):
    before = Event.objects.count()
    created = load_demo_network()
    assert created == {"organisations": 0, "profiles": 0, "events": 0, "registrations": 0}
    assert Event.objects.count() == before == 7


def test_home_needs_login_and_shows_own_registrations(client, demo_network):
    assert client.get(reverse("pages:home")).status_code == 302
    client.login(username="participant@scdt.example", password="scdt-demo-participant")
    response = client.get(reverse("pages:home"))
    assert response.status_code == 200
    assert "Demo Participant" in response.content.decode()


def test_language_switch_persists_for_logged_in_people(client):
    from tests.factories import UserFactory

    user = UserFactory(preferred_language="en")
    client.force_login(user)
    response = client.post("/i18n/setlang/", {"language": "fi", "next": "/"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.preferred_language == "fi"
    assert client.get("/").content.decode().count('lang="fi"') >= 1


def test_language_switch_rejects_unknown_language_quietly(client):
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert response.status_code == 302
