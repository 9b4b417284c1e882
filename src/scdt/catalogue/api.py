"""The catalogue on /api/v1/: datasets with facets, harvest sources and runs (organisers),
data requests with their lifecycle, reuses."""

import datetime as dt
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from scdt.accounts.authentication import API_AUTH
from scdt.catalogue import quality, queries, services
from scdt.catalogue.models import DataRequest, Dataset, HarvestSource, SourceType
from scdt.catalogue.rules import can_manage_catalogue
from scdt.catalogue.tasks import harvest_source
from scdt.directory.models import Organisation, Topic

router = Router(tags=["catalogue"])


class ErrorOut(Schema):
    detail: str = Field(examples=["Only organisers and admins manage harvest sources."])
    errors: list[dict] = Field(examples=[[{"field": "", "message": "Not found."}]])


class DistributionOut(Schema):
    title: str
    access_url: str
    download_url: str
    format: str = Field(description="EU file-type code.", examples=["CSV"])
    media_type: str = Field(examples=["text/csv"])
    byte_size: int | None


class DatasetOut(Schema):
    slug: str = Field(examples=["cycling-counters-of-the-city-of-turku"])
    title: dict[str, str] = Field(description="Per language.", examples=[{"fi": "Pyöräilyn laskentapisteet"}])
    description: dict[str, str]
    keywords: list[str]
    themes: list[str] = Field(description="EU data theme codes.", examples=[["TRAN"]])
    hvd_category: str = Field(description="HVD category code, or empty.", examples=["c_b79e35eb"])
    publisher: str = Field(alias="publisher_name", examples=["Turun kaupunki"])
    city: str = Field(examples=["Turku"])
    licence: str = Field(description="EU licence code, or empty if unknown.", examples=["CC_BY_4_0"])
    frequency: str = Field(examples=["DAILY"])
    modified: dt.datetime | None
    landing_page: str
    withdrawn: bool
    url: str = Field(alias="get_absolute_url", examples=["/catalogue/datasets/cycling-counters/"])


class QualityDimensionOut(Schema):
    name: str
    score: int
    maximum: int
    missing: list[str]


class DatasetDetailOut(DatasetOut):
    identifier: str = Field(description="The record's identifier at its source.")
    contact_name: str
    contact_email: str
    spatial_label: str
    spatial_bbox: list[float] | None = Field(description="[west, south, east, north], WGS 84.")
    temporal_start: dt.date | None
    temporal_end: dt.date | None
    issued: dt.datetime | None
    access_rights: str
    languages: list[str]
    source: str | None = Field(description="Slug of the harvest source.")
    distributions: list[DistributionOut]
    quality: list[QualityDimensionOut]
    used_in: list[str] = Field(description="Titles of reuses built on this dataset.")


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class DatasetPageOut(Schema):
    count: int = Field(examples=[112])
    count_is_estimate: bool = Field(
        description="True for very broad searches on PostgreSQL, where the count is the planner's estimate."
    )
    page: int
    pages: int
    results: list[DatasetOut]
    facets: dict[str, list[FacetValueOut]]


class DatasetQuery(Schema):
    q: str = Field("", description="Words; each matches as a prefix.")
    city: list[str] = Field(default_factory=list)
    publisher: list[str] = Field(default_factory=list, description="Publisher slugs.")
    theme: list[str] = Field(default_factory=list, description="EU data theme codes.")
    hvd: list[str] = Field(default_factory=list, description="HVD category codes.")
    format: list[str] = Field(default_factory=list, description="EU file-type codes.")
    licence: list[str] = Field(default_factory=list)
    frequency: list[str] = Field(default_factory=list)
    keyword: list[str] = Field(default_factory=list)
    sort: Literal["", "relevance", "modified", "title", "created"] = ""
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=100)


def _dataset_detail(dataset: Dataset) -> dict:
    distributions = list(dataset.distributions.all())
    report = quality.assess(dataset, distributions)
    return {
        **{name: getattr(dataset, name) for name in DatasetDetailOut.model_fields if hasattr(dataset, name)},
        "publisher_name": dataset.publisher_name,
        "get_absolute_url": dataset.get_absolute_url(),
        "source": dataset.source.slug if dataset.source_id else None,
        "distributions": distributions,
        "quality": [
            {"name": str(d.name), "score": d.score, "maximum": d.maximum, "missing": [str(m) for m in d.missing]}
            for d in report.dimensions
        ],
        "used_in": [reuse.title for reuse in dataset.reuses.all()],
    }


@router.get("/datasets", response=DatasetPageOut, auth=None, summary="Search datasets, with facets")
def list_datasets(request, filters: Query[DatasetQuery]):
    """The same search and facets as /catalogue/: repeat a facet parameter to combine values."""
    data = QueryDict(mutable=True)
    for key, value in filters.dict().items():
        if isinstance(value, list):
            data.setlist(key, value)
        elif key not in {"page", "page_size"}:
            data[key] = value
    search_filters = queries.DatasetFilters.from_querydict(data)
    results = queries.search_datasets(search_filters)
    paginator = Paginator(results, filters.page_size)
    page = paginator.get_page(filters.page)
    facets = queries.facet_counts(search_filters, total=results.total)
    return {
        "count": paginator.count,
        "count_is_estimate": results.approximate,
        "page": page.number,
        "pages": paginator.num_pages,
        "results": list(page.object_list),
        "facets": {
            name: [{"value": v, "label": str(label), "count": n, "selected": s} for v, label, n, s in rows]
            for name, rows in facets.items()
        },
    }


@router.get("/datasets/{slug}", response={200: DatasetDetailOut, 404: ErrorOut}, auth=None, summary="One dataset")
def get_dataset(request, slug: str):
    dataset = queries.dataset_detail(slug)
    if dataset is None:
        raise Http404
    return _dataset_detail(dataset)


class FollowOut(Schema):
    following: bool


@router.post(
    "/datasets/{slug}/follow", response={200: FollowOut, 403: ErrorOut, 404: ErrorOut}, auth=API_AUTH,
    summary="Follow a dataset (be told when it changes)",
)  # fmt: skip
def follow_dataset(request, slug: str):
    services.follow_dataset(user=request.auth, dataset=get_object_or_404(Dataset, slug=slug))
    return {"following": True}


@router.delete(
    "/datasets/{slug}/follow", response={200: FollowOut, 404: ErrorOut}, auth=API_AUTH, summary="Stop following"
)
def unfollow_dataset(request, slug: str):
    services.unfollow_dataset(user=request.auth, dataset=get_object_or_404(Dataset, slug=slug))
    return {"following": False}


# --- harvest sources (organisers) --------------------------------------------------------


class HarvestRunOut(Schema):
    id: int
    status: str = Field(examples=["finished"])
    incremental: bool
    started_at: dt.datetime
    finished_at: dt.datetime | None
    seen: int
    created: int
    updated: int
    unchanged: int
    withdrawn: int
    failed: int
    errors: list[dict] = Field(examples=[[{"identifier": "abc", "message": "The record has no title."}]])
    message: str


class HarvestSourceOut(Schema):
    slug: str = Field(examples=["gdansk-ckan"])
    name: str
    type: str = Field(examples=["ckan"])
    url: str = Field(examples=["https://ckan.multimediagdansk.pl/api/3/action/"])
    city: str
    enabled: bool
    interval_hours: int
    last_harvested_at: dt.datetime | None


class HarvestSourceIn(Schema):
    name: str = Field(examples=["Gdańsk open data"])
    type: SourceType = Field(examples=["ckan"])
    url: str = Field(examples=["https://ckan.multimediagdansk.pl/api/3/action/"])
    city: str = ""
    country: str = ""
    default_language: Literal["en", "fi", "pl", "lt"] = "en"
    organisation: str | None = Field(None, description="Slug of the publishing organisation.")
    enabled: bool = True
    interval_hours: int = 24


def _require_manager(request) -> None:
    if not can_manage_catalogue(request.auth):
        raise PermissionDenied("Only organisers and admins manage harvest sources.")


@router.get(
    "/harvest-sources", response={200: list[HarvestSourceOut], 403: ErrorOut}, auth=API_AUTH,
    summary="Harvest sources (organisers)",
)  # fmt: skip
def list_sources(request):
    _require_manager(request)
    return list(HarvestSource.objects.all())


@router.post(
    "/harvest-sources", response={201: HarvestSourceOut, 400: ErrorOut, 403: ErrorOut}, auth=API_AUTH,
    summary="Add a harvest source (organisers)",
)  # fmt: skip
def create_source(request, payload: HarvestSourceIn):
    data = payload.dict()
    organisation = data.pop("organisation")
    data["organisation"] = get_object_or_404(Organisation, slug=organisation) if organisation else None
    return Status(201, services.create_harvest_source(actor=request.auth, **data))


@router.get(
    "/harvest-sources/{slug}/runs", response={200: list[HarvestRunOut], 403: ErrorOut, 404: ErrorOut},
    auth=API_AUTH, summary="The latest runs of a source, with reports (organisers)",
)  # fmt: skip
def list_runs(request, slug: str):
    _require_manager(request)
    return list(queries.recent_runs(get_object_or_404(HarvestSource, slug=slug), 50))


class QueuedOut(Schema):
    queued: bool


@router.post(
    "/harvest-sources/{slug}/harvest", response={202: QueuedOut, 403: ErrorOut, 404: ErrorOut},
    auth=API_AUTH, summary="Queue a harvest of a source (organisers)",
)  # fmt: skip
def queue_harvest(request, slug: str):
    _require_manager(request)
    harvest_source.enqueue(get_object_or_404(HarvestSource, slug=slug).pk)
    return Status(202, {"queued": True})


# --- data requests -----------------------------------------------------------------------


class DataRequestOut(Schema):
    id: int
    title: str = Field(examples=["Snow plough positions in Turku"])
    description: str
    purpose: str
    wanted_format: str = Field(examples=["GEOJSON"])
    wanted_frequency: str = Field(examples=["CONT"])
    city: str
    addressed_to: str | None = Field(description="Slug of the organisation addressed.")
    status: str = Field(examples=["planned"])
    planned_for: dt.date | None
    fulfilled_by: str | None = Field(description="Slug of the dataset that fulfils it.")
    decline_reason: str
    merged_into: int | None
    vote_count: int
    created_at: dt.datetime

    @staticmethod
    def resolve_addressed_to(obj):
        return obj.addressed_to.slug if obj.addressed_to_id else None

    @staticmethod
    def resolve_fulfilled_by(obj):
        return obj.fulfilled_by.slug if obj.fulfilled_by_id else None

    @staticmethod
    def resolve_merged_into(obj):
        return obj.merged_into_id


class DataRequestIn(Schema):
    title: str
    description: str
    purpose: str = ""
    wanted_format: str = ""
    wanted_frequency: str = Field("", description="EU frequency code, e.g. MONTHLY.")
    city: str = ""
    addressed_to: str | None = Field(None, description="Slug of the organisation that could publish it.")
    topics: list[str] = Field(default_factory=list, description="Topic slugs.")


class RequestQuery(Schema):
    status: str = Field("", description="A status, 'active' (unresolved) or empty for all but merged.")
    q: str = ""
    order: Literal["", "votes"] = ""
    page: int = Field(1, ge=1)


class DataRequestPageOut(Schema):
    count: int
    page: int
    pages: int
    results: list[DataRequestOut]


class CommentIn(Schema):
    text: str = Field(examples=["We would use this for winter route planning."])


class CommentOut(Schema):
    id: int
    text: str
    created_at: dt.datetime


class TransitionIn(Schema):
    action: Literal["acknowledge", "plan", "fulfil", "decline"]
    planned_for: dt.date | None = Field(None, description="For plan.")
    dataset: str | None = Field(None, description="Slug of the dataset, for fulfil.")
    reason: str = Field("", description="For decline.")


class MergeIn(Schema):
    into: int = Field(description="Id of the request that stays.")


@router.get("/data-requests", response=DataRequestPageOut, auth=None, summary="Data requests")
def list_requests(request, filters: Query[RequestQuery]):
    paginator = Paginator(queries.data_requests(status=filters.status, q=filters.q, order=filters.order), 20)
    page = paginator.get_page(filters.page)
    return {"count": paginator.count, "page": page.number, "pages": paginator.num_pages,
            "results": list(page.object_list)}  # fmt: skip


@router.post(
    "/data-requests", response={201: DataRequestOut, 400: ErrorOut, 403: ErrorOut}, auth=API_AUTH,
    summary="File a data request",
)  # fmt: skip
def create_request(request, payload: DataRequestIn):
    data = payload.dict()
    slug = data.pop("addressed_to")
    data["addressed_to"] = get_object_or_404(Organisation, slug=slug) if slug else None
    data["topics"] = list(Topic.objects.filter(slug__in=data["topics"]))
    return Status(201, services.file_data_request(user=request.auth, **data))


def _request(pk: int) -> DataRequest:
    data_request = queries.request_detail(pk)
    if data_request is None:
        raise Http404
    return data_request


@router.get(
    "/data-requests/{request_id}", response={200: DataRequestOut, 404: ErrorOut}, auth=None, summary="A data request"
)
def get_request(request, request_id: int):
    return _request(request_id)


@router.post(
    "/data-requests/{request_id}/comments", response={201: CommentOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=API_AUTH, summary="Comment on a data request",
)  # fmt: skip
def comment(request, request_id: int, payload: CommentIn):
    return Status(
        201, services.comment_on_request(user=request.auth, data_request=_request(request_id), text=payload.text)
    )


@router.post(
    "/data-requests/{request_id}/vote", response={200: DataRequestOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=API_AUTH, summary="I need this too",
)  # fmt: skip
def vote(request, request_id: int):
    return services.upvote_request(user=request.auth, data_request=_request(request_id))


@router.delete(
    "/data-requests/{request_id}/vote", response={200: DataRequestOut, 404: ErrorOut}, auth=API_AUTH,
    summary="Withdraw my vote",
)  # fmt: skip
def unvote(request, request_id: int):
    return services.withdraw_vote(user=request.auth, data_request=_request(request_id))


@router.post(
    "/data-requests/{request_id}/follow", response={200: FollowOut, 403: ErrorOut, 404: ErrorOut},
    auth=API_AUTH, summary="Follow a data request",
)  # fmt: skip
def follow_request(request, request_id: int):
    services.follow_request(user=request.auth, data_request=_request(request_id))
    return {"following": True}


@router.delete(
    "/data-requests/{request_id}/follow", response={200: FollowOut, 404: ErrorOut}, auth=API_AUTH,
    summary="Stop following a data request",
)  # fmt: skip
def unfollow_request(request, request_id: int):
    services.unfollow_request(user=request.auth, data_request=_request(request_id))
    return {"following": False}


@router.post(
    "/data-requests/{request_id}/transitions",
    response={200: DataRequestOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut}, auth=API_AUTH,
    summary="Answer a request: acknowledge, plan, fulfil or decline (publishers, organisers)",
)  # fmt: skip
def transition(request, request_id: int, payload: TransitionIn):
    data_request = _request(request_id)
    actor = request.auth
    if payload.action == "acknowledge":
        return services.acknowledge_request(actor=actor, data_request=data_request)
    if payload.action == "plan":
        if payload.planned_for is None:
            raise ValidationError({"planned_for": "Give the planned date."})
        return services.plan_request(actor=actor, data_request=data_request, planned_for=payload.planned_for)
    if payload.action == "fulfil":
        dataset = Dataset.objects.filter(slug=payload.dataset or "", withdrawn=False).first()
        return services.fulfil_request(actor=actor, data_request=data_request, dataset=dataset)
    return services.decline_request(actor=actor, data_request=data_request, reason=payload.reason)


@router.post(
    "/data-requests/{request_id}/merge", response={200: DataRequestOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=API_AUTH, summary="Merge this request into another (organisers)",
)  # fmt: skip
def merge(request, request_id: int, payload: MergeIn):
    return services.merge_requests(actor=request.auth, duplicate=_request(request_id), into=_request(payload.into))


# --- reuses ----------------------------------------------------------------------------


class ReuseOut(Schema):
    slug: str
    title: str = Field(examples=["Winter cycling route planner"])
    kind: str = Field(examples=["application"])
    description: str
    url: str
    organisation: str | None
    datasets: list[str] = Field(description="Dataset slugs.")
    opportunity_ids: list[int]

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.slug if obj.organisation_id else None

    @staticmethod
    def resolve_datasets(obj):
        return [d.slug for d in obj.datasets.all()]


class ReuseIn(Schema):
    title: str
    kind: Literal["application", "service", "study", "solution", "visualisation"]
    datasets: list[str] = Field(description="Dataset slugs.")
    description: str = ""
    url: str = ""
    organisation: str | None = None
    opportunity_ids: list[int] = Field(default_factory=list)


@router.get("/reuses", response=list[ReuseOut], auth=None, summary="Reuses of the catalogue's datasets")
def list_reuses(request, dataset: str = ""):
    reuses = queries.reuses()
    if dataset:
        reuses = reuses.filter(datasets__slug=dataset)
    return list(reuses[:500])


@router.post("/reuses", response={201: ReuseOut, 400: ErrorOut, 403: ErrorOut}, auth=API_AUTH, summary="Record a reuse")
def create_reuse(request, payload: ReuseIn):
    data = payload.dict()
    slug = data.pop("organisation")
    data["organisation"] = get_object_or_404(Organisation, slug=slug) if slug else None
    datasets = list(Dataset.objects.filter(slug__in=data["datasets"]))
    if len(datasets) != len(set(data["datasets"])):
        raise ValidationError({"datasets": "Some datasets are not in the catalogue."})
    data["datasets"] = datasets
    return Status(201, services.create_reuse(actor=request.auth, **data))
