"""Catalogue pages: search and facets, dataset page, follow, requests, reuses, sources."""

import pytest
from django.urls import reverse
from tests.factories import PASSWORD, EventSeriesFactory, UserFactory

from scdt.catalogue import services
from scdt.catalogue.demo import load_demo_catalogue
from scdt.catalogue.models import DataRequest, Dataset, DatasetFollow, HarvestRun, RequestStatus, Reuse

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    load_demo_catalogue()


def _login(client, user=None):
    user = user or UserFactory()
    client.login(username=user.email, password=PASSWORD)
    return user


def test_catalogue_list_searches_and_filters(client, catalogue):
    everything = client.get(reverse("catalogue:list"))
    searched = client.get(reverse("catalogue:list"), {"q": "rowery", "city": "Wrocław"})
    themed = client.get(reverse("catalogue:list"), {"theme": "TRAN", "format": "CSV", "hvd": "c_b79e35eb"})

    assert everything.status_code == 200
    assert everything.context["page"].paginator.count == Dataset.objects.count()
    assert {d.city for d in searched.context["page"].object_list} == {"Wrocław"}
    assert searched.context["page"].paginator.count >= 1
    for dataset in themed.context["page"].object_list:
        assert "TRAN" in dataset.themes
        assert dataset.hvd_category == "c_b79e35eb"
    facet_names = [name for name, _title, _rows in everything.context["facets"]]
    assert facet_names == ["city", "publisher", "theme", "hvd", "format", "licence", "frequency"]


def test_catalogue_list_ignores_nonsense_input(client, catalogue):
    response = client.get(reverse("catalogue:list"), {"q": '"* OR ( NEAR', "page": "x", "sort": "evil"})

    assert response.status_code == 200


def test_catalogue_list_query_count_is_constant(client, catalogue, django_assert_max_num_queries):
    with django_assert_max_num_queries(30):
        response = client.get(reverse("catalogue:list"), {"q": "dane", "theme": "TRAN"})
    assert len(response.context["page"].object_list) > 5


def test_dataset_page_shows_quality_map_and_reuses(client, catalogue):
    dataset = Dataset.objects.filter(city="Turku", spatial_bbox__isnull=False).first()
    services.create_reuse(actor=UserFactory(), title="Turku twin", kind="solution", datasets=[dataset])

    response = client.get(dataset.get_absolute_url())

    assert response.status_code == 200
    content = response.content.decode()
    assert "leaflet.js" in content
    assert "dataset-map-data" in content
    assert "Turku twin" in content
    assert response.context["quality"].maximum > 0


def test_dataset_page_of_unknown_slug_is_404(client):
    assert client.get("/catalogue/datasets/nothing-here/").status_code == 404


def test_dataset_follow_and_unfollow(client, catalogue):
    user = _login(client)
    dataset = Dataset.objects.first()
    url = reverse("catalogue:dataset_follow", kwargs={"slug": dataset.slug})

    client.post(url, {"action": "follow"})
    followed = DatasetFollow.objects.filter(user=user, dataset=dataset).exists()
    client.post(url, {"action": "unfollow"})

    assert followed
    assert not DatasetFollow.objects.filter(user=user, dataset=dataset).exists()


def test_request_can_be_filed_upvoted_merged_and_fulfilled_through_pages(client, catalogue):
    requester = _login(client)
    response = client.post(
        reverse("catalogue:request_new"),
        {"title": "Snow clearing routes", "description": "Live positions of ploughs", "city": "Turku"},
    )
    data_request = DataRequest.objects.get(title="Snow clearing routes")
    assert response.status_code == 302
    other = services.file_data_request(user=UserFactory(), title="Ploughs", description="Where are ploughs?")
    organiser = UserFactory()
    EventSeriesFactory(organisers=[organiser])
    client.logout()
    _login(client, UserFactory())
    client.post(reverse("catalogue:request_action", kwargs={"pk": data_request.pk, "action": "vote"}))
    client.logout()
    _login(client, organiser)
    client.post(reverse("catalogue:request_action", kwargs={"pk": other.pk, "action": "merge"}),
                {"into": data_request.pk})  # fmt: skip
    dataset = Dataset.objects.first()
    client.post(reverse("catalogue:request_action", kwargs={"pk": data_request.pk, "action": "fulfil"}),
                {"dataset": dataset.get_absolute_url()})  # fmt: skip

    data_request.refresh_from_db()
    assert data_request.status == RequestStatus.FULFILLED
    assert data_request.fulfilled_by == dataset
    assert data_request.vote_count == 3
    assert data_request.requester == requester
    assert client.get(dataset.get_absolute_url()).context["fulfilled_requests"] == [data_request]


def test_request_action_with_bad_input_shows_errors(client):
    organiser = UserFactory()
    EventSeriesFactory(organisers=[organiser])
    data_request = services.file_data_request(user=UserFactory(), title="T", description="D")
    _login(client, organiser)

    response = client.post(
        reverse("catalogue:request_action", kwargs={"pk": data_request.pk, "action": "decline"}), {"reason": ""}
    )

    assert response.status_code == 400
    assert response.context["decline_form"].errors


def test_request_answer_forbidden_for_participants(client):
    data_request = services.file_data_request(user=UserFactory(), title="T", description="D")
    _login(client)

    client.post(reverse("catalogue:request_action", kwargs={"pk": data_request.pk, "action": "acknowledge"}))

    data_request.refresh_from_db()
    assert data_request.status == RequestStatus.OPEN


def test_request_list_query_count(client, django_assert_max_num_queries):
    for n in range(12):
        services.file_data_request(user=UserFactory(), title=f"Need {n}", description="D")

    with django_assert_max_num_queries(8):
        response = client.get(reverse("catalogue:requests"), {"order": "votes"})

    assert len(response.context["page"].object_list) == 12


def test_reuse_list_query_count(client, catalogue, django_assert_max_num_queries):
    user = UserFactory()
    datasets = list(Dataset.objects.all()[:20])
    for n in range(10):
        services.create_reuse(actor=user, title=f"App {n}", kind="application", datasets=datasets[n : n + 3])

    with django_assert_max_num_queries(8):
        response = client.get(reverse("catalogue:reuses"))

    assert Reuse.objects.count() == 10
    assert response.status_code == 200


def test_reuse_form_records_a_reuse(client, catalogue):
    _login(client)
    dataset = Dataset.objects.first()

    response = client.post(
        reverse("catalogue:reuse_new"),
        {"title": "Study", "kind": "study", "datasets": dataset.get_absolute_url() + "\nno-such-thing"},
    )
    assert response.status_code == 200
    assert "no-such-thing" in response.content.decode()
    response = client.post(
        reverse("catalogue:reuse_new"), {"title": "Study", "kind": "study", "datasets": dataset.slug}
    )
    assert response.status_code == 302
    assert dataset.reuses.count() == 1


def test_sources_pages_are_for_organisers(client, catalogue, django_assert_max_num_queries):
    _login(client)
    assert client.get(reverse("catalogue:sources")).status_code == 403
    organiser = UserFactory()
    EventSeriesFactory(organisers=[organiser])
    client.logout()
    _login(client, organiser)

    with django_assert_max_num_queries(10):
        listing = client.get(reverse("catalogue:sources"))
    detail = client.get(reverse("catalogue:source", kwargs={"slug": "gdansk-ckan"}))

    assert listing.status_code == 200
    assert detail.status_code == 200
    assert HarvestRun.objects.count() == 5


def test_publisher_view_lists_oldest_unanswered_first(client):
    from tests.factories import ProfileFactory

    profile = ProfileFactory()
    first = services.file_data_request(
        user=UserFactory(), title="Old", description="D", addressed_to=profile.organisation
    )
    second = services.file_data_request(
        user=UserFactory(), title="New", description="D", addressed_to=profile.organisation
    )
    services.acknowledge_request(actor=profile.user, data_request=first)
    third = services.file_data_request(
        user=UserFactory(), title="Newest", description="D", addressed_to=profile.organisation
    )
    _login(client, profile.user)

    response = client.get(reverse("catalogue:publisher_requests"))

    assert [r.pk for r in response.context["page"].object_list] == [second.pk, third.pk, first.pk]
