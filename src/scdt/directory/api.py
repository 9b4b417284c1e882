"""The directory on the API: topics, organisations and profiles (visibility applied)."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from scdt.accounts.authentication import API_AUTH
from scdt.directory import queries, services
from scdt.directory.models import Organisation, OrganisationType, Profile, Visibility
from scdt.directory.rules import can_view_profile

router = Router(tags=["directory"])

PAGE_SIZE = 50


def _anonymous(request):
    # The last of the auth callables: nobody (or a wrong token) is the anonymous visitor.
    return AnonymousUser()


OPTIONAL_AUTH = [*API_AUTH, _anonymous]


def _viewer(request):
    user = getattr(request, "auth", None)
    return user if user is not None else AnonymousUser()


class ErrorOut(Schema):
    detail: str = Field(examples=["Not found."])
    errors: list[dict] = Field(examples=[[]])


class TopicOut(Schema):
    slug: str = Field(examples=["mobility"])
    name: str = Field(description="In the request's language.", examples=["Mobility and transport"])
    name_en: str = Field(examples=["Mobility and transport"])
    name_fi: str = Field(examples=["Liikkuminen ja liikenne"])
    name_pl: str = Field(examples=["Mobilność i transport"])
    name_lt: str = Field(examples=["Judumas ir transportas"])
    hvd_category: str = Field(
        description="EU High-Value Dataset category URI, or empty.",
        examples=["http://data.europa.eu/bna/c_b79e35eb"],
    )
    position: int = Field(examples=[1])


class OrganisationOut(Schema):
    slug: str = Field(examples=["city-of-turku"])
    name: str = Field(examples=["City of Turku"])
    type: str = Field(
        description="city, public, company, research, ngo or individual.", examples=["city"]
    )
    country: str = Field(description="ISO 3166-1 alpha-2.", examples=["FI"])
    city: str = Field(examples=["Turku"])
    website: str = Field(examples=["https://www.turku.fi"])
    description: str
    logo: str | None = Field(
        description="URL of the logo, if any.", examples=["/media/logos/city-of-turku.png"]
    )
    is_demo: bool

    @staticmethod
    def resolve_logo(obj) -> str | None:
        return obj.logo.url if obj.logo else None


class OrganisationRef(Schema):
    slug: str = Field(examples=["city-of-turku"])
    name: str = Field(examples=["City of Turku"])


class ProfileOut(Schema):
    id: int = Field(examples=[7])
    full_name: str = Field(examples=["Anna Virtanen"])
    job_title: str = Field(examples=["Data architect"])
    organisation: OrganisationRef | None
    city: str = Field(examples=["Turku"])
    country: str = Field(examples=["FI"])
    bio: str
    topics: list[str] = Field(description="Topic slugs.", examples=[["mobility", "data-platforms"]])
    languages: list[str] = Field(description="ISO 639-1 codes.", examples=[["fi", "en"]])
    offer_text: str = Field(examples=["Open mobility data APIs for the Turku region."])
    seek_text: str = Field(examples=["Partners for a harbour traffic digital twin."])
    is_demo: bool

    @staticmethod
    def resolve_topics(obj) -> list[str]:
        return [topic.slug for topic in obj.topics.all()]


class MyProfileOut(ProfileOut):
    visibility: str = Field(description="public, members or hidden.", examples=["members"])
    status: str = Field(
        description="Membership: pending, approved or rejected.", examples=["approved"]
    )
    allow_matching: bool


class ProfilePatch(Schema):
    full_name: str | None = Field(None, max_length=150, examples=["Anna Virtanen"])
    job_title: str | None = Field(None, max_length=150)
    organisation: str | None = Field(
        None,
        description="Slug of an existing organisation; empty string removes it.",
        examples=["city-of-turku"],
    )
    city: str | None = Field(None, max_length=100)
    country: str | None = Field(None, description="ISO 3166-1 alpha-2, or empty.", examples=["FI"])
    bio: str | None = Field(None, max_length=1500)
    topics: list[str] | None = Field(None, description="Topic slugs.", examples=[["mobility"]])
    languages: list[str] | None = Field(None, examples=[["fi", "en"]])
    offer_text: str | None = Field(None, max_length=2000)
    seek_text: str | None = Field(None, max_length=2000)
    visibility: Visibility | None = Field(None, examples=["public"])
    allow_matching: bool | None = None


class OrganisationFilters(Schema):
    q: str = Field("", max_length=200, description="Words in the name, description or city.")
    type: OrganisationType | None = Field(None, description="Organisation type.")
    country: str = Field("", max_length=5, examples=["FI"])
    city: str = Field("", max_length=100, examples=["Turku"])


class ProfileFilters(Schema):
    q: str = Field(
        "", max_length=200, description="Words in name, title, organisation, bio, offer or seek."
    )
    topic: str = Field("", max_length=50, description="Topic slug.", examples=["mobility"])
    type: OrganisationType | None = Field(None, description="Type of the person's organisation.")
    city: str = Field("", max_length=100, examples=["Turku"])
    country: str = Field("", max_length=5, examples=["FI"])


@router.get("/topics", response=list[TopicOut], auth=None, summary="List the topic taxonomy")
def list_topics(request):
    return list(queries.topics())


@router.get(
    "/organisations",
    response=list[OrganisationOut],
    auth=None,
    summary="List and search organisations",
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def list_organisations(request, filters: Query[OrganisationFilters]):
    return queries.organisation_search(
        q=filters.q, org_type=filters.type or "", country=filters.country, city=filters.city
    )


@router.get(
    "/organisations/{slug}",
    response={200: OrganisationOut, 404: ErrorOut},
    auth=None,
    summary="One organisation",
)
def get_organisation(request, slug: str):
    return get_object_or_404(Organisation, slug=slug)


@router.get(
    "/profiles",
    response=list[ProfileOut],
    auth=OPTIONAL_AUTH,
    summary="List and search member profiles you may see",
    description=(
        "Anonymous callers see public profiles; members and organisers also members-only ones."
    ),
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def list_profiles(request, filters: Query[ProfileFilters]):
    return queries.directory_search(
        _viewer(request),
        q=filters.q,
        topic=filters.topic,
        org_type=filters.type or "",
        city=filters.city,
        country=filters.country,
    )


@router.get(
    "/profiles/{int:profile_id}",
    response={200: ProfileOut, 404: ErrorOut},
    auth=OPTIONAL_AUTH,
    summary="One profile (404 when you may not see it)",
)
def get_profile(request, profile_id: int):
    profile = get_object_or_404(
        Profile.objects.select_related("user", "organisation").prefetch_related("topics"),
        pk=profile_id,
    )
    if not can_view_profile(_viewer(request), profile):
        raise Http404
    return profile


def _my_profile(user) -> Profile:
    try:
        return (
            Profile.objects.select_related("organisation").prefetch_related("topics").get(user=user)
        )
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


@router.get(
    "/me/profile",
    response={200: MyProfileOut, 401: ErrorOut, 404: ErrorOut},
    auth=API_AUTH,
    summary="My profile",
)
def get_my_profile(request):
    return _my_profile(request.auth)


@router.patch(
    "/me/profile",
    response={200: MyProfileOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    auth=API_AUTH,
    summary="Change my profile (only the fields sent)",
)
def patch_my_profile(request, payload: ProfilePatch):
    profile = _my_profile(request.auth)
    fields = payload.dict(exclude_unset=True)
    if "organisation" in fields:
        slug = fields["organisation"]
        if slug:
            organisation = Organisation.objects.filter(slug=slug).first()
            if organisation is None:
                raise ValidationError({"organisation": _("No organisation has this slug.")})
            fields["organisation"] = organisation
        else:
            fields["organisation"] = None
    for name in ("full_name", "visibility", "allow_matching"):
        if name in fields and fields[name] is None:
            raise ValidationError({name: _("This field cannot be empty.")})
    for name in ("topics", "languages"):
        if name in fields and fields[name] is None:
            fields[name] = []
    for name in ("job_title", "city", "country", "bio", "offer_text", "seek_text"):
        if name in fields and fields[name] is None:
            fields[name] = ""
    services.update_profile(actor=request.auth, profile=profile, **fields)
    return _my_profile(request.auth)
