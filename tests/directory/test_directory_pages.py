import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from tests.factories import (
    PASSWORD,
    EventSeriesFactory,
    OrganisationFactory,
    ProfileFactory,
    UserFactory,
)

from scdt.directory.models import (
    MembershipStatus,
    Organisation,
    OrganisationType,
    Profile,
    Topic,
    Visibility,
)

pytestmark = pytest.mark.django_db

LIST_URL = "/directory/"


def login(client, user):
    client.force_login(user)
    return user


def names(response):
    return {profile.full_name for profile in response.context["page"].object_list}


# --- directory list ---------------------------------------------------------------------


def test_directory_list_anonymous_sees_public_approved_only(client):
    ProfileFactory(full_name="Public Paula", visibility=Visibility.PUBLIC)
    ProfileFactory(full_name="Member Mia", visibility=Visibility.MEMBERS)
    ProfileFactory(full_name="Hidden Hugo", visibility=Visibility.HIDDEN)
    ProfileFactory(
        full_name="Pending Pete", visibility=Visibility.PUBLIC, status=MembershipStatus.PENDING
    )

    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert names(response) == {"Public Paula"}
    assert b"Public Paula" in response.content


def test_directory_list_member_sees_public_and_members(client):
    ProfileFactory(full_name="Public Paula", visibility=Visibility.PUBLIC)
    ProfileFactory(full_name="Member Mia", visibility=Visibility.MEMBERS)
    ProfileFactory(full_name="Hidden Hugo", visibility=Visibility.HIDDEN)
    login(client, ProfileFactory(full_name="Me Myself", visibility=Visibility.HIDDEN).user)

    response = client.get(LIST_URL)

    assert names(response) == {"Public Paula", "Member Mia", "Me Myself"}


def test_directory_list_search_words_match_across_fields(client):
    organisation = OrganisationFactory(name="Harbour Analytics")
    ProfileFactory(full_name="Anna", visibility=Visibility.PUBLIC, organisation=organisation)
    ProfileFactory(
        full_name="Ben", visibility=Visibility.PUBLIC, offer_text="Traffic counters for the harbour"
    )
    ProfileFactory(full_name="Cecilia", visibility=Visibility.PUBLIC, seek_text="Energy data")

    response = client.get(LIST_URL, {"q": "harbour"})
    narrowed = client.get(LIST_URL, {"q": "harbour traffic"})

    assert names(response) == {"Anna", "Ben"}
    assert names(narrowed) == {"Ben"}


def test_directory_list_filters_and_counts(client):
    mobility = Topic.objects.get(slug="mobility")
    city_org = OrganisationFactory(type=OrganisationType.CITY)
    a = ProfileFactory(
        full_name="A",
        visibility=Visibility.PUBLIC,
        city="Gdańsk",
        country="PL",
        organisation=city_org,
    )
    a.topics.set([mobility])
    b = ProfileFactory(full_name="B", visibility=Visibility.PUBLIC, city="Turku", country="FI")
    b.topics.set([mobility])
    ProfileFactory(full_name="C", visibility=Visibility.PUBLIC, city="Vilnius", country="LT")

    by_topic = client.get(LIST_URL, {"topic": "mobility"})
    by_type = client.get(LIST_URL, {"org_type": "city"})
    by_city = client.get(LIST_URL, {"city": "gdańsk"})
    by_country = client.get(LIST_URL, {"country": "LT"})
    combined = client.get(LIST_URL, {"topic": "mobility", "country": "FI"})

    assert names(by_topic) == {"A", "B"}
    assert names(by_type) == {"A"}
    assert names(by_city) == {"A"}
    assert names(by_country) == {"C"}
    assert names(combined) == {"B"}
    facets = combined.context["facets"]
    assert facets["country"] == {"FI": 1, "PL": 1}  # other filters applied, not the country itself
    assert facets["topic"] == {"mobility": 1}


def test_directory_list_invalid_filters_ignored_not_500(client):
    ProfileFactory(full_name="A", visibility=Visibility.PUBLIC)

    response = client.get(
        LIST_URL, {"topic": "nonsense", "country": "XX", "org_type": "x", "page": "abc"}
    )

    assert response.status_code == 200
    assert names(response) == {"A"}


def test_directory_list_paginates_by_24(client):
    ProfileFactory.create_batch(30, visibility=Visibility.PUBLIC)

    first = client.get(LIST_URL)
    second = client.get(LIST_URL, {"page": 2})

    assert len(first.context["page"].object_list) == 24
    assert len(second.context["page"].object_list) == 6
    assert first.context["page"].paginator.count == 30


def test_directory_list_query_count_constant(client, django_assert_max_num_queries):
    topics = list(Topic.objects.all()[:3])
    for index in range(15):
        profile = ProfileFactory(visibility=Visibility.PUBLIC if index % 2 else Visibility.MEMBERS)
        profile.topics.set(topics)
    login(client, ProfileFactory().user)

    with django_assert_max_num_queries(14):
        response = client.get(LIST_URL)

    assert len(response.context["page"].object_list) == 16


# --- profile page ------------------------------------------------------------------------


def test_profile_page_visible_to_member(client):
    target = ProfileFactory(
        full_name="Mia", visibility=Visibility.MEMBERS, offer_text="Digital twins", languages=["lt"]
    )
    login(client, ProfileFactory().user)

    response = client.get(reverse("directory:profile", args=[target.pk]))

    assert response.status_code == 200
    assert b"Digital twins" in response.content
    assert b"<dd>Lithuanian</dd>" in response.content


def test_profile_page_hidden_is_404_for_member(client):
    target = ProfileFactory(visibility=Visibility.HIDDEN)
    login(client, ProfileFactory().user)

    response = client.get(reverse("directory:profile", args=[target.pk]))

    assert response.status_code == 404


def test_profile_page_members_only_is_404_for_anonymous(client):
    target = ProfileFactory(visibility=Visibility.MEMBERS)

    response = client.get(reverse("directory:profile", args=[target.pk]))

    assert response.status_code == 404


# --- my profile --------------------------------------------------------------------------


def test_my_profile_requires_login(client):
    response = client.get(reverse("directory:my_profile"))

    assert response.status_code == 302


def test_my_profile_creates_pending_profile(client):
    user = login(client, UserFactory())
    topic = Topic.objects.get(slug="water")

    response = client.post(
        reverse("directory:my_profile"),
        {
            "full_name": "Anna",
            "topics": [topic.pk],
            "languages": ["fi", "en"],
            "visibility": "public",
            "allow_matching": "on",
        },
    )

    assert response.status_code == 302
    profile = Profile.objects.get(user=user)
    assert profile.status == MembershipStatus.PENDING
    assert profile.languages == ["fi", "en"]
    assert [t.slug for t in profile.topics.all()] == ["water"]


def test_my_profile_updates_existing(client):
    profile = ProfileFactory(full_name="Old")
    login(client, profile.user)

    response = client.post(
        reverse("directory:my_profile"),
        {"full_name": "New name", "visibility": "members", "languages": ["lt"], "country": "LT"},
    )

    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.full_name, profile.languages, profile.country) == ("New name", ["lt"], "LT")
    assert profile.status == MembershipStatus.APPROVED


def test_my_profile_bad_input_shows_errors(client):
    login(client, UserFactory())

    response = client.post(
        reverse("directory:my_profile"),
        {"full_name": "", "visibility": "members", "languages": ["xx"]},
    )

    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"full_name", "languages"}
    assert not Profile.objects.exists()


def test_my_profile_page_renders_checkboxes(client):
    login(client, ProfileFactory().user)

    response = client.get(reverse("directory:my_profile"))

    assert response.status_code == 200
    assert b'type="checkbox" name="topics"' in response.content
    assert b'type="checkbox" name="languages"' in response.content


# --- organisations -----------------------------------------------------------------------


def test_organisation_list_filters(client):
    OrganisationFactory(name="Turku City", type=OrganisationType.CITY, country="FI", city="Turku")
    OrganisationFactory(
        name="Gdańsk Tech", type=OrganisationType.RESEARCH, country="PL", city="Gdańsk"
    )

    everything = client.get(reverse("directory:organisations"))
    research = client.get(reverse("directory:organisations"), {"org_type": "research"})
    finnish = client.get(reverse("directory:organisations"), {"country": "FI", "city": "turku"})

    assert {o.name for o in everything.context["page"].object_list} == {"Turku City", "Gdańsk Tech"}
    assert {o.name for o in research.context["page"].object_list} == {"Gdańsk Tech"}
    assert {o.name for o in finnish.context["page"].object_list} == {"Turku City"}


def test_organisation_list_query_count_constant(client, django_assert_max_num_queries):
    OrganisationFactory.create_batch(15)

    with django_assert_max_num_queries(4):
        response = client.get(reverse("directory:organisations"))

    assert len(response.context["page"].object_list) == 15


def test_organisation_page_shows_only_visible_members(client):
    organisation = OrganisationFactory()
    ProfileFactory(
        full_name="Public Paula", organisation=organisation, visibility=Visibility.PUBLIC
    )
    ProfileFactory(full_name="Member Mia", organisation=organisation, visibility=Visibility.MEMBERS)

    response = client.get(reverse("directory:organisation", args=[organisation.slug]))

    assert response.status_code == 200
    assert b"Public Paula" in response.content
    assert b"Member Mia" not in response.content


def test_organisation_edit_by_member_saves_logo(client):
    organisation = OrganisationFactory()
    login(client, ProfileFactory(organisation=organisation).user)
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20)).save(buffer, format="PNG")
    logo = SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")

    response = client.post(
        reverse("directory:organisation_edit", args=[organisation.slug]),
        {
            "name": "Renamed",
            "type": "company",
            "country": "FI",
            "city": "Turku",
            "website": "https://example.org",
            "description": "",
            "logo": logo,
        },
    )

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Renamed"
    assert organisation.logo.name.endswith(".png")


def test_organisation_edit_fake_logo_shows_error(client):
    organisation = OrganisationFactory(name="Keep me")
    login(client, ProfileFactory(organisation=organisation).user)
    fake = SimpleUploadedFile("logo.png", b"not an image at all", content_type="image/png")

    response = client.post(
        reverse("directory:organisation_edit", args=[organisation.slug]),
        {"name": "Changed", "type": "company", "country": "FI", "city": "Turku", "logo": fake},
    )

    assert response.status_code == 200
    assert "logo" in response.context["form"].errors
    assert Organisation.objects.get(pk=organisation.pk).name == "Keep me"


def test_organisation_edit_by_stranger_forbidden(client):
    organisation = OrganisationFactory()
    login(client, ProfileFactory().user)

    response = client.get(reverse("directory:organisation_edit", args=[organisation.slug]))

    assert response.status_code == 403


# --- pending members -----------------------------------------------------------------------


def organiser_client(client):
    user = UserFactory()
    EventSeriesFactory(organisers=[user])
    return login(client, user)


def test_members_pending_participant_forbidden(client):
    login(client, ProfileFactory().user)

    response = client.get(reverse("directory:members_pending"))

    assert response.status_code == 403


def test_members_pending_lists_pending_with_constant_queries(client, django_assert_max_num_queries):
    for _ in range(15):
        ProfileFactory(status=MembershipStatus.PENDING).topics.set(Topic.objects.all()[:2])
    ProfileFactory(full_name="Already In")
    organiser_client(client)

    with django_assert_max_num_queries(10):
        response = client.get(reverse("directory:members_pending"))

    assert len(response.context["rows"]) == 15
    assert b"Already In" not in response.content


def test_members_pending_approve_and_reject(client, django_capture_on_commit_callbacks):
    first = ProfileFactory(status=MembershipStatus.PENDING)
    second = ProfileFactory(status=MembershipStatus.PENDING)
    organiser_client(client)
    url = reverse("directory:members_pending")

    with django_capture_on_commit_callbacks(execute=True):
        approved = client.post(url, {"profile": first.pk, "action": "approve"})
        rejected = client.post(
            url, {"profile": second.pk, "action": "reject", "reason": "Unknown organisation."}
        )

    assert approved.status_code == rejected.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (MembershipStatus.APPROVED, MembershipStatus.REJECTED)
    assert len(mail.outbox) == 2
    assert "Unknown organisation." in mail.outbox[1].body


def test_members_pending_reject_without_reason_shows_error(client):
    target = ProfileFactory(status=MembershipStatus.PENDING)
    organiser_client(client)

    response = client.post(
        reverse("directory:members_pending"),
        {"profile": target.pk, "action": "reject", "reason": ""},
    )

    assert response.status_code == 200
    target.refresh_from_db()
    assert target.status == MembershipStatus.PENDING
    assert b"This field is required" in response.content


def test_login_with_password_reaches_my_profile(client):
    # The factories' password works with the real login: the page is reachable as a person would.
    user = UserFactory()
    ProfileFactory(user=user)

    assert client.login(email=user.email, password=PASSWORD)
    assert client.get(reverse("directory:my_profile")).status_code == 200
