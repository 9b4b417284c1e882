"""A CKAN-compatible read API at /api/3/action/, so CKAN clients (ckanapi) and harvesters
(ckanext-harvest's CKAN harvester) can read this catalogue as if it were CKAN.

Same envelope (``help``/``success``/``result`` or ``error`` with ``__type``), same
status codes (404 not found, 409 validation), GET query or POST JSON body. Read-only.
"""

import json
import re
import uuid
from collections import Counter

from django.conf import settings
from django.db.models import Count
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt

from scdt.catalogue import queries, search
from scdt.catalogue import vocabularies as vocab
from scdt.catalogue.models import Dataset, Distribution, pick_language

CKAN_VERSION = "2.10.4"
MAX_ROWS = 1000
SORTS = {
    "metadata_modified desc": ("-modified", "-id"),
    "metadata_modified asc": ("modified", "id"),
    "name asc": ("slug",),
    "name desc": ("-slug",),
    "title_string asc": ("slug",),
    "title_string desc": ("-slug",),
    "id asc": ("id",),
    "id desc": ("-id",),
}
FQ_TERM = re.compile(r'(?:^|\s|AND\s)([+-]?)(\w+):("[^"]*"|\[[^\]]*\]|\S+)')


class CkanError(Exception):
    def __init__(self, status: int, kind: str, message: str, field: str = ""):
        super().__init__(message)
        self.status, self.kind, self.field = status, kind, field


def _help(request, name: str) -> str:
    return (
        request.build_absolute_uri(reverse("catalogue:ckan_action", kwargs={"action": "help_show"})) + f"?name={name}"
    )


def _params(request) -> dict:
    if request.method == "POST" and request.body:
        try:
            body = json.loads(request.body)
        except ValueError as exc:
            raise CkanError(400, "Validation Error", "The request body is not JSON.") from exc
        if not isinstance(body, dict):
            raise CkanError(400, "Validation Error", "The request body must be a JSON object.")
        return body
    return {key: request.GET.get(key) for key in request.GET}


def _int(params: dict, name: str, default: int, maximum: int | None = None) -> int:
    value = params.get(name)
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise CkanError(409, "Validation Error", f"{name}: invalid integer", name) from None
    if number < 0:
        raise CkanError(409, "Validation Error", f"{name}: must be a natural number", name)
    return min(number, maximum) if maximum else number


def package_id(dataset: Dataset) -> str:
    # A UUID-shaped id that maps back to the row, as CKAN clients expect UUIDs.
    return str(uuid.UUID(int=dataset.pk))


def _find_dataset(value) -> Dataset:
    value = str(value or "").strip()
    datasets = Dataset.objects.filter(withdrawn=False).select_related("publisher")
    dataset = datasets.filter(slug=value).first()
    if dataset is None:
        try:
            dataset = datasets.filter(pk=uuid.UUID(value).int).first()
        except ValueError:
            dataset = None
    if dataset is None:
        raise CkanError(404, "Not Found Error", "Not found")
    return dataset


def _stamp(value) -> str | None:
    return value.replace(tzinfo=None).isoformat() if value else None


def organisation_dict(slug: str, name: str, count: int | None = None) -> dict:
    result = {
        "id": slug, "name": slug, "title": name, "display_name": name, "type": "organization",
        "is_organization": True, "state": "active", "approval_status": "approved", "description": "",
        "image_url": "",
    }  # fmt: skip
    if count is not None:
        result["package_count"] = count
    return result


def package_dict(dataset: Dataset, distributions=None) -> dict:
    language = (dataset.languages or [settings.LANGUAGE_CODE])[0]
    distributions = list(dataset.distributions.all() if distributions is None else distributions)
    publisher = dataset.publisher.name if dataset.publisher_id else dataset.publisher_name
    extras = [
        {"key": "source_identifier", "value": dataset.identifier},
        {"key": "uri", "value": settings.SITE_URL + dataset.get_absolute_url()},
    ]
    for key, value in (
        ("city", dataset.city),
        ("frequency", vocab.FREQUENCY_BASE + dataset.frequency if dataset.frequency else ""),
        ("hvd_category", vocab.HVD_BASE + dataset.hvd_category if dataset.hvd_category else ""),
        ("theme", json.dumps([vocab.THEME_BASE + t for t in dataset.themes]) if dataset.themes else ""),
        ("spatial", json.dumps(dataset.spatial_geometry) if dataset.spatial_geometry else ""),
        ("spatial_text", dataset.spatial_label),
        ("temporal_start", dataset.temporal_start.isoformat() if dataset.temporal_start else ""),
        ("temporal_end", dataset.temporal_end.isoformat() if dataset.temporal_end else ""),
        ("issued", _stamp(dataset.issued) or ""),
    ):
        if value:
            extras.append({"key": key, "value": value})
    pid = package_id(dataset)
    return {
        "id": pid,
        "name": dataset.slug,
        "title": pick_language(dataset.title, language),
        "title_translated": dataset.title,
        "notes": pick_language(dataset.description, language),
        "notes_translated": dataset.description,
        "type": "dataset",
        "state": "active",
        "private": False,
        "isopen": dataset.licence in vocab.LICENCES,
        "metadata_created": _stamp(dataset.created_at),
        "metadata_modified": _stamp(dataset.modified or dataset.updated_at),
        "license_id": dataset.licence or dataset.licence_text,
        "license_title": vocab.licence_label(dataset.licence) if dataset.licence else dataset.licence_text,
        "license_url": vocab.licence_uri(dataset.licence),
        "url": dataset.landing_page,
        "maintainer": dataset.contact_name,
        "maintainer_email": dataset.contact_email,
        "author": publisher,
        "author_email": "",
        "version": "",
        "owner_org": dataset.publisher_slug or None,
        "organization": organisation_dict(dataset.publisher_slug, publisher) if dataset.publisher_slug else None,
        "tags": [{"name": k, "display_name": k, "state": "active"} for k in dataset.keywords],
        "num_tags": len(dataset.keywords),
        "groups": [
            {"name": t.lower(), "title": str(vocab.THEMES.get(t, t)), "display_name": str(vocab.THEMES.get(t, t))}
            for t in dataset.themes
        ],
        "extras": extras,
        "resources": [
            {
                "id": str(uuid.UUID(int=d.pk)),
                "package_id": pid,
                "name": d.title,
                "description": d.description,
                "format": d.format_text or d.format,
                "mimetype": d.media_type or None,
                "url": d.download_url or d.access_url,
                "size": d.byte_size,
                "last_modified": _stamp(d.modified),
                "position": position,
                "state": "active",
            }
            for position, d in enumerate(distributions)
        ],
        "num_resources": len(distributions),
    }


def _apply_fq(queryset, fq: str):
    for sign, field, raw in FQ_TERM.findall(fq or ""):
        value = raw.strip('"')
        if field in {"metadata_modified", "metadata_created"} and value.startswith("["):
            low, _to, high = value.strip("[]").partition(" TO ")
            column = "modified" if field == "metadata_modified" else "created_at"
            lookup = {}
            if low.strip() not in {"*", ""}:
                lookup[f"{column}__gte"] = _solr_time(low)
            if high.strip() not in {"*", ""}:
                lookup[f"{column}__lte"] = _solr_time(high)
            condition = lookup
        elif field in {"organization", "owner_org"}:
            condition = {"publisher_slug": value}
        elif field == "tags":
            condition = {"keyword_index__contains": f"|{value.lower()}|"}
        elif field == "res_format":
            condition = {"pk__in": Distribution.objects.filter(format_text__iexact=value).values("dataset_id")}
        elif field == "license_id":
            condition = {"licence": value}
        elif field == "groups":
            condition = {"theme_index__contains": f"|{value.upper()}|"}
        elif field == "city":
            condition = {"city": value}
        elif field == "name":
            condition = {"slug": value}
        elif field == "id":
            try:
                condition = {"pk": uuid.UUID(value).int}
            except ValueError:
                condition = {"pk": -1}
        else:
            raise CkanError(409, "Search Query Error", f"Unsupported field in fq: {field}", "fq")
        queryset = queryset.exclude(**condition) if sign == "-" else queryset.filter(**condition)
    return queryset


def _solr_time(text: str):
    text = text.strip()
    if text.upper().startswith("NOW"):
        return timezone.now()
    moment = parse_datetime(text.replace("Z", "+00:00"))
    if moment is None:
        raise CkanError(409, "Search Query Error", f"Invalid date in fq: {text}", "fq")
    return moment


FACET_COLUMNS = {"organization": "publisher_slug", "license_id": "licence", "city": "city"}


def _facets(queryset, fields: list[str], limit: int) -> dict:
    facets = {}
    for field in fields:
        if field in FACET_COLUMNS:
            column = FACET_COLUMNS[field]
            rows = queryset.exclude(**{column: ""}).values(column).annotate(n=Count("pk")).order_by("-n")[:limit]
            facets[field] = {row[column]: row["n"] for row in rows}
        elif field == "res_format":
            rows = (
                Distribution.objects.filter(dataset__in=queryset.values("pk"))
                .exclude(format_text="")
                .values("format_text")
                .annotate(n=Count("dataset", distinct=True))
                .order_by("-n")[:limit]
            )
            facets[field] = {row["format_text"]: row["n"] for row in rows}
        elif field in {"tags", "groups"}:
            counter = Counter()
            column = "keywords" if field == "tags" else "themes"
            for values in queryset.values_list(column, flat=True):
                counter.update(v.lower() for v in values)
            facets[field] = dict(counter.most_common(limit))
        else:
            raise CkanError(409, "Search Query Error", f"Unsupported facet field: {field}", "facet.field")
    return facets


def package_search(params: dict) -> dict:
    rows = _int(params, "rows", 10, MAX_ROWS)
    start = _int(params, "start", 0)
    queryset = Dataset.objects.filter(withdrawn=False)
    q = str(params.get("q") or "").strip()
    fq = str(params.get("fq") or "")
    if q in {"*:*", "*"}:
        q = ""
    elif FQ_TERM.search(q):
        fq, q = f"{fq} {q}", ""
    queryset = _apply_fq(queryset, fq)
    sort = str(params.get("sort") or "").strip().lower()
    ranked = bool(q) and sort in {"", "score desc, metadata_modified desc", "score desc"}
    unranked = search.matching(queryset, q, ranked=False)
    queryset = search.matching(queryset, q, ranked=True) if ranked else unranked
    if not ranked:
        if sort and sort not in SORTS and not sort.startswith("score"):
            raise CkanError(409, "Search Query Error", f"Unsupported sort: {sort}", "sort")
        queryset = queryset.order_by(*SORTS.get(sort, SORTS["metadata_modified desc"]))
    facet_fields = params.get("facet.field") or []
    if isinstance(facet_fields, str):
        try:
            facet_fields = json.loads(facet_fields)
        except ValueError:
            raise CkanError(409, "Validation Error", "facet.field must be a JSON list", "facet.field") from None
    if not isinstance(facet_fields, list):
        raise CkanError(409, "Validation Error", "facet.field must be a JSON list", "facet.field")
    count = queryset.count()
    page = queryset.select_related("publisher").prefetch_related("distributions")[start : start + rows]
    facets = _facets(unranked, facet_fields, _int(params, "facet.limit", 50, 1000))
    return {
        "count": count,
        "sort": sort or "score desc, metadata_modified desc",
        "results": [package_dict(d) for d in page],
        "facets": facets,
        "search_facets": {
            field: {
                "title": field,
                "items": [{"name": k, "display_name": k, "count": n} for k, n in values.items()],
            }
            for field, values in facets.items()
        },
    }


def _publishers() -> list[tuple[str, str, int]]:
    rows = (
        queries.visible_datasets()
        .exclude(publisher_slug="")
        .values("publisher_slug", "publisher_name")
        .annotate(n=Count("pk"))
        .order_by("publisher_slug")
    )
    merged: dict[str, list] = {}
    for row in rows:
        entry = merged.setdefault(row["publisher_slug"], [row["publisher_name"], 0])
        entry[1] += row["n"]
    return [(slug, name, n) for slug, (name, n) in merged.items()]


def organization_list(params: dict):
    publishers = _publishers()
    offset, limit = _int(params, "offset", 0), _int(params, "limit", 1000, 1000)
    publishers = publishers[offset : offset + limit]
    if str(params.get("all_fields", "")).lower() in {"true", "1"}:
        return [organisation_dict(slug, name, n) for slug, name, n in publishers]
    return [slug for slug, _name, _n in publishers]


def organization_show(params: dict) -> dict:
    wanted = str(params.get("id") or "").strip()
    for slug, name, n in _publishers():
        if slug == wanted:
            result = organisation_dict(slug, name, n)
            if str(params.get("include_datasets", "")).lower() in {"true", "1"}:
                datasets = queries.visible_datasets().filter(publisher_slug=slug).select_related("publisher")
                result["packages"] = [package_dict(d) for d in datasets.prefetch_related("distributions")[:1000]]
            return result
    raise CkanError(404, "Not Found Error", "Not found")


def tag_list(params: dict) -> list[str]:
    query = str(params.get("query") or "").lower()
    tags = set()
    for keywords in queries.visible_datasets().values_list("keywords", flat=True):
        tags.update(k for k in keywords if query in k.lower())
    return sorted(tags, key=str.lower)


def package_list(params: dict) -> list[str]:
    names = queries.visible_datasets().order_by("slug").values_list("slug", flat=True)
    offset, limit = _int(params, "offset", 0), params.get("limit")
    if limit not in (None, ""):
        return list(names[offset : offset + _int(params, "limit", 0)])
    return list(names[offset:])


def status_show(params: dict) -> dict:
    return {
        "site_title": "SCDT Marketplace",
        "site_description": "Open data catalogue of the Smart City Digital Twin network",
        "site_url": settings.SITE_URL,
        "ckan_version": CKAN_VERSION,
        "error_emails_to": None,
        "locale_default": settings.LANGUAGE_CODE,
        "extensions": ["scdt_catalogue"],
    }


ACTIONS = {
    "status_show": status_show,
    "package_list": package_list,
    "package_search": package_search,
    "package_show": lambda params: package_dict(_find_dataset(params.get("id"))),
    "organization_list": organization_list,
    "organization_show": organization_show,
    "tag_list": tag_list,
}


def _run(request, action):
    if request.method not in {"GET", "POST"}:
        raise CkanError(405, "Validation Error", "Use GET or POST.")
    handler = ACTIONS.get(action)
    if handler is None:
        raise CkanError(400, "Bad request - Action name not known", f"Action name not known: {action}")
    return handler(_params(request))


@csrf_exempt
def action(request, action):
    """One door for every action, as in CKAN."""
    try:
        result = _run(request, action)
    except CkanError as exc:
        error = {"__type": exc.kind, "message": str(exc)}
        if exc.field:
            error[exc.field] = [str(exc)]
        body = {"help": _help(request, action), "success": False, "error": error}
        return JsonResponse(body, status=exc.status, json_dumps_params={"ensure_ascii": False})
    body = {"help": _help(request, action), "success": True, "result": result}
    return JsonResponse(body, safe=False, json_dumps_params={"ensure_ascii": False})


def api_version(request):
    return JsonResponse({"version": 3})
