"""Opportunities on the API: search with facets, detail, own opportunities, moderation,
bookmarks and interest. Every change goes through the same services as the pages."""

import datetime as dt
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from scdt.accounts.authentication import API_AUTH
from scdt.directory.models import Topic
from scdt.marketplace import queries, rules, services
from scdt.marketplace.models import Category, Kind, Opportunity

router = Router(tags=["marketplace"])


def _anonymous(request):
    """Lets public reads through without credentials; ``request.user`` stays anonymous."""
    return True


OPTIONAL_AUTH = [*API_AUTH, _anonymous]


class ErrorOut(Schema):
    detail: str = Field(examples=["There is no category “robots”; showing all categories."])
    errors: list[dict] = Field(examples=[[{"field": "title", "message": "Give a title of at least 5 characters."}]])


class PlaceSchema(Schema):
    city: str = Field("", max_length=100, examples=["Gdańsk"])
    country: str = Field(max_length=5, description="ISO 3166-1 alpha-2.", examples=["PL"])


class OpportunityOut(Schema):
    id: int = Field(examples=[42])
    slug: str = Field(examples=["real-time-parking-occupancy-data"])
    kind: str = Field(description="offer or request.", examples=["offer"])
    category: str = Field(description="The category's slug.", examples=["open-data"])
    category_name: str = Field(examples=["Open data or data service"])
    title: str = Field(examples=["Real-time parking occupancy data"])
    language: str = Field(description="The language the text is written in.", examples=["en"])
    organisation: str | None = Field(description="The organisation's slug.", examples=["saaristo-mobility"])
    organisation_name: str | None = Field(examples=["Saaristo Mobility Oy"])
    organisation_type: str | None = Field(examples=["company"])
    topics: list[str] = Field(examples=[["mobility", "data-platforms"]])
    places: list[PlaceSchema]
    status: str = Field(
        description="draft, submitted, published, rejected, closed or expired.",
        examples=["published"],
    )
    expires_on: dt.date = Field(examples=["2026-12-31"])
    published_at: dt.datetime | None
    url: str = Field(examples=["/marketplace/real-time-parking-occupancy-data/"])


class AttachmentOut(Schema):
    id: int
    name: str = Field(examples=["brochure.pdf"])
    content_type: str = Field(examples=["application/pdf"])
    size: int = Field(examples=[183004])
    url: str


class OpportunityDetailOut(OpportunityOut):
    description: str = Field(description="Markdown, as written.")
    description_html: str = Field(description="The description rendered and sanitised.")
    extra: dict[str, Any] = Field(
        description="Values of the category's extra fields, by key.",
        examples=[{"licence": "CC-BY-4.0"}],
    )
    links: list[str] = Field(examples=[["https://data.example.org/parking"]])
    contact_name: str | None = Field(description="Members only; null for others.")
    contact_email: str | None = Field(description="Members only; null for others.")
    rejection_reason: str | None = Field(description="Owner and organisers only.")
    attachments: list[AttachmentOut]
    series: str | None = Field(description="The event series' slug, if any.")


class FacetOut(Schema):
    value: str = Field(examples=["offer"])
    label: str = Field(examples=["Offer"])
    count: int = Field(examples=[12])
    selected: bool


class OpportunityPage(Schema):
    count: int = Field(examples=[57])
    page: int = Field(examples=[1])
    pages: int = Field(examples=[3])
    results: list[OpportunityOut]
    facets: dict[str, list[FacetOut]] = Field(
        description="Per facet (kind, category, topic, city, country, org_type): values with "
        "counts. Each is counted with every other filter applied but not its own."
    )


class OpportunityFilters(Schema):
    q: str = Field(
        "",
        max_length=200,
        description="Words to find (accents optional).",
        examples=["parking Gdańsk"],
    )
    kind: str = Field("", examples=["offer"])
    category: str = Field("", description="A category slug.", examples=["open-data"])
    topic: str = Field("", description="A topic slug.", examples=["mobility"])
    city: str = Field("", examples=["Turku"])
    country: str = Field("", examples=["FI"])
    org_type: str = Field("", description="city, public, company, research, ngo or individual.")
    sort: str = Field("", description="relevance (default with q), newest (default) or expiring.")
    page: int = Field(1, ge=1, le=10_000)
    page_size: int = Field(queries.PAGE_SIZE, ge=1, le=queries.MAX_PAGE_SIZE)


class OpportunityIn(Schema):
    kind: Kind = Field(examples=["offer"])
    category: str = Field(description="A category slug (GET /opportunity-categories).", examples=["open-data"])
    title: str = Field(max_length=150, examples=["Real-time parking occupancy data"])
    description: str = Field(
        max_length=10_000,
        description="Markdown.",
        examples=["Occupancy of 2,400 on-street places in **Turku**, every minute."],
    )
    expires_on: dt.date = Field(examples=["2026-12-31"])
    language: str = Field("", description="en, fi, pl, lt, sv, de, et or lv; detected when empty.")
    topics: list[str] = Field(default_factory=list, examples=[["mobility"]])
    places: list[PlaceSchema] = Field(default_factory=list)
    contact_name: str = Field("", max_length=150)
    contact_email: str = Field("", max_length=254)
    links: list[str] = Field(default_factory=list, examples=[["https://data.example.org/parking"]])
    extra: dict[str, Any] = Field(
        default_factory=dict, examples=[{"licence": "CC-BY-4.0", "update_frequency": "real-time"}]
    )
    series: str | None = Field(None, description="An event series slug.")


class OpportunityPatch(Schema):
    kind: Kind | None = None
    title: str | None = Field(None, max_length=150)
    description: str | None = Field(None, max_length=10_000)
    expires_on: dt.date | None = None
    language: str | None = None
    topics: list[str] | None = None
    places: list[PlaceSchema] | None = None
    contact_name: str | None = Field(None, max_length=150)
    contact_email: str | None = Field(None, max_length=254)
    links: list[str] | None = None
    extra: dict[str, Any] | None = None


class RejectIn(Schema):
    reason: str = Field(max_length=1000, examples=["Please say which licence the data has."])


class InterestIn(Schema):
    message: str = Field("", max_length=1000, examples=["We would like to pilot this in Vilnius."])


class InterestOut(Schema):
    opportunity: int
    message: str
    created_at: dt.datetime


class CategoryFieldOut(Schema):
    key: str = Field(examples=["trl"])
    name: str = Field(examples=["Technology readiness level (1–9)"])
    type: str = Field(description="text, number, choice or date.", examples=["number"])
    required: bool
    choices: list[str]
    min_value: float | None
    max_value: float | None


class CategoryOut(Schema):
    slug: str = Field(examples=["pilot"])
    name: str = Field(examples=["Pilot or test environment"])
    fields: list[CategoryFieldOut]


def _summary(opportunity: Opportunity) -> dict:
    organisation = opportunity.organisation
    return {
        "id": opportunity.pk,
        "slug": opportunity.slug,
        "kind": opportunity.kind,
        "category": opportunity.category.slug,
        "category_name": opportunity.category.name,
        "title": opportunity.title,
        "language": opportunity.language,
        "organisation": organisation.slug if organisation else None,
        "organisation_name": organisation.name if organisation else None,
        "organisation_type": organisation.type if organisation else None,
        "topics": [topic.slug for topic in opportunity.topics.all()],
        "places": [{"city": p.city, "country": p.country} for p in opportunity.places.all()],
        "status": opportunity.status,
        "expires_on": opportunity.expires_on,
        "published_at": opportunity.published_at,
        "url": services.opportunity_path(opportunity),
    }


def _detail(request, opportunity: Opportunity) -> dict:
    user = request.user
    contact = rules.can_see_contact(user, opportunity)
    insider = rules.is_owner(user, opportunity) or rules.can_moderate(user)
    return {
        **_summary(opportunity),
        "description": opportunity.description,
        "description_html": opportunity.description_html,
        "extra": opportunity.extra,
        "links": opportunity.links,
        "contact_name": (opportunity.contact_name or opportunity.owner.display_name) if contact else None,
        "contact_email": (opportunity.contact_email or opportunity.owner.email) if contact else None,
        "rejection_reason": opportunity.rejection_reason if insider else None,
        "attachments": [
            {
                "id": a.pk,
                "name": a.name,
                "content_type": a.content_type,
                "size": a.size,
                "url": request.build_absolute_uri(a.file.url),
            }
            for a in opportunity.attachments.all()
        ],
        "series": opportunity.series.slug if opportunity.series_id else None,
    }


def _visible(request, ref: str) -> Opportunity:
    opportunity = queries.get_by_ref(ref)
    if opportunity is None or not rules.can_view_opportunity(request.user, opportunity):
        raise Http404
    return opportunity


def _resolve(payload: dict) -> dict:
    """Slugs of the payload turned into rows; unknown ones are field errors."""
    values = dict(payload)
    if "category" in values:
        category = Category.objects.filter(slug=values["category"]).first()
        if category is None:
            raise ValidationError({"category": _("There is no category “%(v)s”.") % {"v": values["category"]}})
        values["category"] = category
    if values.get("topics") is not None:
        slugs = list(dict.fromkeys(values["topics"]))
        topics = list(Topic.objects.filter(slug__in=slugs))
        missing = sorted(set(slugs) - {t.slug for t in topics})
        if missing:
            raise ValidationError({"topics": _("Unknown topics: %(v)s.") % {"v": ", ".join(missing)}})
        values["topics"] = topics
    if values.get("places") is not None:
        values["places"] = [(p["city"], p["country"]) for p in values["places"]]
    if values.get("series"):
        series = apps.get_model("events", "EventSeries").objects.filter(slug=values["series"]).first()
        if series is None:
            raise ValidationError({"series": _("There is no event series “%(v)s”.") % {"v": values["series"]}})
        values["series"] = series
    return values


@router.get(
    "/opportunities",
    response={200: OpportunityPage, 400: ErrorOut},
    auth=None,
    summary="Search published opportunities, with facet counts",
)
def list_opportunities(request, filters: Query[OpportunityFilters]):
    """Published offers and requests. Filters combine; unknown filter values are a 400 that
    names the value. The text query matches word beginnings, accents optional."""
    data = filters.model_dump()
    parsed, problems = queries.parse_filters(data)
    if problems:
        raise HttpError(400, problems[0])
    result = queries.browse(parsed, page=filters.page, per_page=filters.page_size)
    return {
        "count": result.count,
        "page": result.page.number,
        "pages": result.page.paginator.num_pages,
        "results": [_summary(o) for o in result.page.object_list],
        "facets": {name: [vars(v) for v in values] for name, values in result.facets.items()},
    }


@router.get(
    "/opportunities/{ref}",
    response={200: OpportunityDetailOut, 404: ErrorOut},
    auth=OPTIONAL_AUTH,
    summary="One opportunity, by id or slug",
)
def get_opportunity(request, ref: str):
    """Published ones for anybody; drafts and others for their owner and organisers."""
    return _detail(request, _visible(request, ref))


@router.post(
    "/opportunities",
    response={201: OpportunityDetailOut, 400: ErrorOut, 403: ErrorOut},
    auth=API_AUTH,
    summary="Create an opportunity (as a draft)",
)
def create_opportunity(request, payload: OpportunityIn):
    """Members only; at most ``MARKETPLACE_MAX_CREATED_PER_HOUR`` per hour. Submit it next."""
    values = _resolve(payload.model_dump())
    opportunity = services.create_opportunity(actor=request.user, **values)
    return Status(201, _detail(request, queries.get_by_ref(str(opportunity.pk))))


@router.patch(
    "/opportunities/{ref}",
    response={200: OpportunityDetailOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=API_AUTH,
    summary="Change your opportunity",
)
def update_opportunity(request, ref: str, payload: OpportunityPatch):
    """Only the fields sent change. A published one goes back to moderation."""
    opportunity = _visible(request, ref)
    values = _resolve(payload.model_dump(exclude_unset=True))
    services.update_opportunity(actor=request.user, opportunity=opportunity, **values)
    return _detail(request, queries.get_by_ref(str(opportunity.pk)))


def _transition(request, ref, service, **kwargs):
    opportunity = service(actor=request.user, opportunity=_visible(request, ref), **kwargs)
    return _detail(request, queries.get_by_ref(str(opportunity.pk)))


TRANSITION_RESPONSES = {200: OpportunityDetailOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


@router.post(
    "/opportunities/{ref}/submit",
    response=TRANSITION_RESPONSES,
    auth=API_AUTH,
    summary="Submit your opportunity for moderation",
)
def submit_opportunity(request, ref: str):
    """From draft, rejected or expired. Published at once if its series auto-approves."""
    return _transition(request, ref, services.submit_opportunity)


@router.post(
    "/opportunities/{ref}/close",
    response=TRANSITION_RESPONSES,
    auth=API_AUTH,
    summary="Close your opportunity",
)
def close_opportunity(request, ref: str):
    return _transition(request, ref, services.close_opportunity)


@router.post(
    "/opportunities/{ref}/approve",
    response=TRANSITION_RESPONSES,
    auth=API_AUTH,
    summary="Publish a submitted opportunity (organisers)",
)
def approve_opportunity(request, ref: str):
    return _transition(request, ref, services.approve_opportunity)


@router.post(
    "/opportunities/{ref}/reject",
    response=TRANSITION_RESPONSES,
    auth=API_AUTH,
    summary="Reject a submitted opportunity with a reason (organisers)",
)
def reject_opportunity(request, ref: str, payload: RejectIn):
    """The reason is mailed to the owner."""
    return _transition(request, ref, services.reject_opportunity, reason=payload.reason)


@router.get(
    "/me/opportunities",
    response=list[OpportunityOut],
    auth=API_AUTH,
    summary="My opportunities, in every state",
)
def my_opportunities(request):
    return [_summary(o) for o in queries.owned_by(request.user)]


@router.get("/me/bookmarks", response=list[OpportunityOut], auth=API_AUTH, summary="My bookmarks")
def my_bookmarks(request):
    return [_summary(o) for o in queries.bookmarked_by(request.user)]


@router.put(
    "/opportunities/{ref}/bookmark",
    response={204: None, 403: ErrorOut, 404: ErrorOut},
    auth=API_AUTH,
    summary="Bookmark an opportunity",
)
def add_bookmark(request, ref: str):
    """Members, published opportunities; repeating it changes nothing."""
    services.bookmark_opportunity(actor=request.user, opportunity=_visible(request, ref))
    return Status(204, None)


@router.delete(
    "/opportunities/{ref}/bookmark",
    response={204: None, 404: ErrorOut},
    auth=API_AUTH,
    summary="Remove a bookmark",
)
def delete_bookmark(request, ref: str):
    opportunity = queries.get_by_ref(ref)
    if opportunity is None:
        raise Http404
    services.remove_bookmark(actor=request.user, opportunity=opportunity)
    return Status(204, None)


@router.post(
    "/opportunities/{ref}/interest",
    response={201: InterestOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=API_AUTH,
    summary="Declare interest (the owner is e-mailed)",
)
def declare_interest(request, ref: str, payload: InterestIn):
    """Members, in published opportunities of others; once per person."""
    interest = services.declare_interest(
        actor=request.user, opportunity=_visible(request, ref), message=payload.message
    )
    return Status(
        201,
        {
            "opportunity": interest.opportunity_id,
            "message": interest.message,
            "created_at": interest.created_at,
        },
    )


@router.get(
    "/opportunity-categories",
    response=list[CategoryOut],
    auth=None,
    summary="Categories and their extra fields",
)
def list_categories(request):
    categories = Category.objects.filter(is_active=True).prefetch_related("fields")
    return [
        {
            "slug": c.slug,
            "name": c.name,
            "fields": [
                {
                    "key": f.key,
                    "name": f.name,
                    "type": f.type,
                    "required": f.required,
                    "choices": f.choices,
                    "min_value": f.min_value,
                    "max_value": f.max_value,
                }
                for f in c.fields.all()
            ],
        }
        for c in categories
    ]
