import pytest
from django.core import mail
from django.urls import reverse
from tests.factories import OrganisationFactory, ProfileFactory, UserFactory

from scdt.marketplace import services
from scdt.marketplace.models import Bookmark, Interest, Opportunity, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(member, other_member, organiser, admin_user):
    return {
        "anonymous": None,
        "unverified": UserFactory(email_verified_at=None),
        "participant": UserFactory(),  # verified, no approved profile
        "member": other_member,
        "owner": member,
        "organiser": organiser,
        "admin": admin_user,
    }


@pytest.fixture
def draft(member, make):
    return make(member, title="A draft nobody else sees")


@pytest.fixture
def submitted(member, make):
    return services.submit_opportunity(actor=member, opportunity=make(member, title="Waiting one"))


@pytest.fixture
def published(member, make):
    return make(member, publish=True, title="Published parking data")


def status_for(client, user, method, url, data=None):
    if user is not None:
        client.force_login(user)
    response = client.post(url, data or {}) if method == "post" else client.get(url)
    return response.status_code


# (role, method, url name, fixture, expected status). 302 = redirect to the login page for
# anonymous, or back to the opportunity after an action; 403 forbidden; 404 not visible.
PERMISSIONS = [
    *[
        (role, "get", "list", None, 200)
        for role in (
            "anonymous",
            "unverified",
            "participant",
            "member",
            "owner",
            "organiser",
            "admin",
        )
    ],
    *[
        (role, "get", "detail", "published", 200)
        for role in (
            "anonymous",
            "unverified",
            "participant",
            "member",
            "owner",
            "organiser",
            "admin",
        )
    ],
    ("anonymous", "get", "detail", "draft", 404),
    ("member", "get", "detail", "draft", 404),
    ("owner", "get", "detail", "draft", 200),
    ("organiser", "get", "detail", "submitted", 200),
    ("admin", "get", "detail", "draft", 200),
    ("anonymous", "get", "create", None, 302),
    ("unverified", "get", "create", None, 403),
    ("participant", "get", "create", None, 403),
    ("member", "get", "create", None, 200),
    ("admin", "get", "create", None, 200),
    ("anonymous", "get", "edit", "draft", 302),
    ("member", "get", "edit", "draft", 404),
    ("member", "get", "edit", "published", 403),
    ("owner", "get", "edit", "draft", 200),
    ("organiser", "get", "edit", "published", 403),
    ("admin", "get", "edit", "published", 200),
    ("anonymous", "get", "mine", None, 302),
    ("member", "get", "mine", None, 200),
    ("anonymous", "get", "bookmarks", None, 302),
    ("participant", "get", "bookmarks", None, 200),
    ("anonymous", "get", "moderation", None, 302),
    ("member", "get", "moderation", None, 403),
    ("owner", "get", "moderation", None, 403),
    ("organiser", "get", "moderation", None, 200),
    ("admin", "get", "moderation", None, 200),
    ("anonymous", "post", "submit", "draft", 302),
    ("member", "post", "submit", "draft", 404),
    ("owner", "post", "submit", "draft", 302),
    ("anonymous", "post", "close", "published", 302),
    ("member", "post", "close", "published", 403),
    ("owner", "post", "close", "published", 302),
    ("organiser", "post", "close", "published", 302),
    ("member", "post", "approve", "submitted", 403),
    ("owner", "post", "approve", "submitted", 403),
    ("organiser", "post", "approve", "submitted", 302),
    ("admin", "post", "approve", "submitted", 302),
    ("member", "post", "reject", "submitted", 403),
    ("organiser", "post", "reject", "submitted", 302),
    ("anonymous", "post", "bookmark", "published", 302),
    ("member", "post", "bookmark", "published", 302),
    ("anonymous", "post", "interest", "published", 302),
    ("member", "post", "interest", "published", 302),
    ("member", "post", "interest", "draft", 404),
]


@pytest.mark.parametrize("case", PERMISSIONS, ids=lambda c: "-".join(map(str, c)))
def test_permission_table(client, people, request, case):
    role, method, name, target, expected = case
    kwargs = {}
    if target:
        kwargs["ref"] = request.getfixturevalue(target).slug
    url = reverse(f"marketplace:{name}", kwargs=kwargs)
    data = {"reason": "Not specific enough."} if name == "reject" else None
    assert status_for(client, people[role], method, url, data) == expected


def test_anonymous_redirected_to_login(client):
    response = client.get(reverse("marketplace:mine"))
    assert response.url.startswith(reverse("accounts:login"))


def test_organisation_page_lists_published_only(client, member, make, published, draft):
    response = client.get(reverse("marketplace:organisation", args=[member.profile.organisation.slug]))
    assert response.status_code == 200
    assert published.title in response.text
    assert draft.title not in response.text


def test_organisation_page_unknown_slug_404(client, db):
    assert client.get(reverse("marketplace:organisation", args=["nope"])).status_code == 404


def test_detail_by_id_redirects_to_slug(client, published):
    response = client.get(reverse("marketplace:detail", args=[str(published.pk)]))
    assert response.status_code == 302
    assert response.url == reverse("marketplace:detail", args=[published.slug])


def test_detail_shows_facts_contact_to_members_only(client, member, other_member, make):
    opportunity = make(member, publish=True, category_slug="pilot", extra={"trl": 6})
    url = reverse("marketplace:detail", args=[opportunity.slug])
    anonymous = client.get(url).text
    assert "Technology readiness level" in anonymous
    assert member.email not in anonymous
    client.force_login(other_member)
    assert member.email in client.get(url).text


def test_create_flow_choose_category_then_form(client, member):
    client.force_login(member)
    assert "Open data or data service" in client.get(reverse("marketplace:create")).text
    form_page = client.get(reverse("marketplace:create") + "?category=pilot&kind=request")
    assert "Technology readiness level" in form_page.text
    response = client.post(
        reverse("marketplace:create"),
        {
            "category_slug": "pilot",
            "category": "",
            "kind": "request",
            "title": "Test bed for autonomous shuttles",
            "description": "We need a closed street area for shuttle tests.",
            "cities": "Turku, Naantali",
            "country": "FI",
            "expires_on": "2099-01-01",
            "extra_trl": "5",
            "links": "https://example.org\n",
            "submit": "1",
        },
    )
    assert response.status_code == 200  # 2099 is more than a year ahead: the form says so
    assert "at most a year ahead" in response.text


def test_create_post_saves_and_submits(client, member):
    from tests.marketplace.conftest import future

    client.force_login(member)
    pilot = __import__("scdt.marketplace.models", fromlist=["Category"]).Category.objects.get(slug="pilot")
    response = client.post(
        reverse("marketplace:create"),
        {
            "category_slug": "pilot",
            "category": pilot.pk,
            "kind": "request",
            "title": "Test bed for autonomous shuttles",
            "description": "We need a closed street area for shuttle tests.",
            "cities": "Turku, Naantali",
            "country": "FI",
            "expires_on": future().isoformat(),
            "extra_trl": "5",
            "links": "https://example.org\n",
            "submit": "1",
        },
    )
    opportunity = Opportunity.objects.get()
    assert response.status_code == 302
    assert opportunity.status == Status.SUBMITTED
    assert opportunity.extra == {"trl": 5}
    assert sorted(p.city for p in opportunity.places.all()) == ["Naantali", "Turku"]


def test_create_post_bad_extra_value_shown_on_field(client, member):
    from tests.marketplace.conftest import future

    from scdt.marketplace.models import Category

    client.force_login(member)
    response = client.post(
        reverse("marketplace:create"),
        {
            "category_slug": "pilot",
            "category": Category.objects.get(slug="pilot").pk,
            "kind": "offer",
            "title": "Shuttle test bed",
            "description": "A closed street area for shuttle tests in Turku.",
            "expires_on": future().isoformat(),
            "extra_trl": "42",
        },
    )
    assert response.status_code == 200
    assert "At most 9" in response.text


def test_browse_unknown_facet_values_give_messages_not_errors(client, published):
    response = client.get(
        reverse("marketplace:list"),
        {
            "kind": "gift",
            "category": "nope",
            "topic": "nope",
            "country": "XX",
            "org_type": "x",
            "sort": "random",
            "page": "abc",
            "q": '"NEAR*',
        },
    )
    assert response.status_code == 200
    for text in (
        "is not a kind",
        "no category",
        "no topic",
        "not a country code",
        "not an organisation type",
        "Unknown sort order",
    ):
        assert text in response.text


def test_browse_facets_have_counts_and_shareable_links(client, member, make):
    make(member, publish=True, kind="offer")
    make(member, publish=True, kind="offer", places=[("Gdańsk", "PL")])
    make(member, publish=True, kind="request")
    response = client.get(reverse("marketplace:list"), {"kind": "offer"})
    facets = {f: {v.value: v.count for v in values} for f, values in response.context["result"].facets.items()}
    assert facets["kind"] == {"offer": 2, "request": 1}  # its own filter is not applied
    assert facets["country"] == {"FI": 1, "PL": 1}  # the kind filter is
    assert facets["city"] == {"Gdańsk": 1, "Turku": 1}
    assert facets["category"] == {"open-data": 2}
    assert facets["topic"] == {"mobility": 2}
    assert facets["org_type"] == {"company": 2}
    assert "?kind=offer&amp;country=PL" in response.text


def test_browse_query_count_constant(client, django_assert_max_num_queries, member, make):
    for index in range(12):
        organisation = OrganisationFactory()
        owner = ProfileFactory(organisation=organisation).user
        make(
            owner,
            publish=True,
            title=f"Parking offer number {index}",
            topic_slugs=["mobility", "energy"],
            places=[("Turku", "FI"), ("Gdańsk", "PL")],
        )
    client.get(reverse("marketplace:list"))  # warm caches (content types, sessions)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("marketplace:list"), {"q": "parking", "country": "PL"})
    assert response.context["result"].count == 12


def test_mine_bookmarks_moderation_organisation_query_counts(  # noqa: PLR0917 fixtures
    client, django_assert_max_num_queries, member, other_member, organiser, make
):
    for index in range(8):
        opportunity = make(
            member,
            publish=True,
            title=f"Offer {index} of the data club",
            topic_slugs=["mobility", "energy"],
        )
        services.bookmark_opportunity(actor=other_member, opportunity=opportunity)
        services.submit_opportunity(actor=member, opportunity=make(member, title=f"Draft {index} waits"))
    pages = [
        (member, reverse("marketplace:mine"), 8),
        (other_member, reverse("marketplace:bookmarks"), 8),
        (organiser, reverse("marketplace:moderation"), 10),
        (None, reverse("marketplace:organisation", args=[member.profile.organisation.slug]), 8),
    ]
    for user, url, limit in pages:
        client.logout()
        if user:
            client.force_login(user)
        client.get(url)
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200


def test_bookmark_and_interest_from_page(client, other_member, published, django_capture_on_commit_callbacks):
    client.force_login(other_member)
    url = reverse("marketplace:detail", args=[published.slug])
    client.post(reverse("marketplace:bookmark", args=[published.slug]))
    assert Bookmark.objects.filter(user=other_member, opportunity=published).exists()
    assert "Remove bookmark" in client.get(url).text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("marketplace:interest", args=[published.slug]), {"message": "Hello"})
    assert Interest.objects.filter(user=other_member, opportunity=published).exists()
    assert mail.outbox[-1].to == [published.owner.email]
    client.post(reverse("marketplace:bookmark", args=[published.slug]), {"action": "remove"})
    assert not Bookmark.objects.exists()


def test_moderation_reject_without_reason_keeps_it_submitted(client, organiser, submitted):
    client.force_login(organiser)
    client.post(reverse("marketplace:reject", args=[submitted.slug]), {"reason": ""})
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
