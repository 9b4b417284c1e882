"""Keep one match document per item in step with the domain rows, and embed them.

``refresh(kind, ids)`` rebuilds the text, structured fields and hard-filter flag of the
given items from the database (a deleted item loses its document); the vectors are then
computed by ``embed_documents`` in a background task (tasks.py), batched, with the on-disk
cache so an unchanged text is never embedded twice. Nothing here runs in a page request
for other items: a page only reads stored vectors.
"""

import hashlib
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from scdt.catalogue.models import DataRequest, Dataset, RequestStatus, pick_language
from scdt.directory.models import MembershipStatus, Profile, Topic, Visibility
from scdt.marketplace.models import Opportunity, Status
from scdt.matching.engine import dense, text
from scdt.matching.models import DocumentKind, MatchDocument

# EU data themes that clearly belong to one of our topics; a dataset's topics are these
# plus the topics sharing its High-Value Dataset category.
THEME_TOPICS = {
    "TRAN": "mobility",
    "ENER": "energy",
    "ENVI": "environment",
    "HEAL": "health",
    "GOVE": "public-services",
    "ECON": "economy",
}
OPEN_DATA_REQUEST = {RequestStatus.OPEN, RequestStatus.ACKNOWLEDGED, RequestStatus.PLANNED}


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _organisation_fields(organisation) -> dict:
    if organisation is None:
        return {}
    return {
        "organisation": organisation.name,
        "organisation_id": organisation.pk,
        "organisation_type": organisation.type,
    }


def _opportunity_documents(ids) -> Iterable[tuple[str, int, dict]]:
    rows = (
        Opportunity.objects.filter(pk__in=ids)
        .select_related("organisation", "category")
        .prefetch_related("topics", "places")
    )
    today = timezone.localdate()
    for opportunity in rows:
        places = list(opportunity.places.all())
        place = places[0] if places else None
        organisation = opportunity.organisation
        item = {
            "title": opportunity.title,
            "description": opportunity.description,
            "topics": [topic.name_en for topic in opportunity.topics.all()],
            "category": opportunity.category.name_en if opportunity.category_id else "",
            "organisation": organisation.name if organisation else "",
        }
        fields = {
            **_organisation_fields(organisation),
            "kind": opportunity.kind,
            "topic_slugs": [topic.slug for topic in opportunity.topics.all()],
            "city": (place.city if place and place.city else (organisation.city if organisation else "")),
            "country": (place.country if place else (organisation.country if organisation else "")),
            "owner_id": opportunity.owner_id,
            "language": opportunity.language,
            "published_at": _iso(opportunity.published_at),
            "expires_on": _iso(opportunity.expires_on),
            "slug": opportunity.slug,
        }
        active = opportunity.status == Status.PUBLISHED and opportunity.expires_on >= today
        yield DocumentKind.OPPORTUNITY, opportunity.pk, opportunity.kind, item, fields, active


def dataset_topic_slugs(dataset, topics_by_hvd: dict[str, list[str]]) -> list[str]:
    slugs = list(topics_by_hvd.get(dataset.hvd_category, ()))
    for theme in dataset.themes or ():
        slug = THEME_TOPICS.get(str(theme).upper())
        if slug and slug not in slugs:
            slugs.append(slug)
    return slugs


def topics_by_hvd() -> dict[str, list[str]]:
    mapping: dict[str, list[str]] = {}
    for topic in Topic.objects.exclude(hvd_category=""):
        mapping.setdefault(topic.hvd_category.rsplit("/", 1)[-1], []).append(topic.slug)
    return mapping


def _dataset_documents(ids) -> Iterable[tuple]:
    by_hvd = topics_by_hvd()
    names = dict(Topic.objects.values_list("slug", "name_en"))
    for dataset in Dataset.objects.filter(pk__in=ids).select_related("publisher"):
        title = pick_language(dataset.title, "en") or dataset.identifier
        other_titles = [value for value in (dataset.title or {}).values() if value and value != title]
        slugs = dataset_topic_slugs(dataset, by_hvd)
        item = {
            "title": title,
            "tags": other_titles + [str(keyword) for keyword in dataset.keywords or ()][:20],
            "description": pick_language(dataset.description, "en"),
            "topics": [names[slug] for slug in slugs if slug in names],
            "organisation": dataset.publisher.name if dataset.publisher else dataset.publisher_name,
        }
        fields = {
            **_organisation_fields(dataset.publisher),
            "kind": "dataset",
            "topic_slugs": slugs,
            "city": dataset.city,
            "country": dataset.publisher.country if dataset.publisher else "",
            "published_at": _iso(dataset.modified or dataset.issued or dataset.harvested_at),
            "slug": dataset.slug,
        }
        yield DocumentKind.DATASET, dataset.pk, "dataset", item, fields, not dataset.withdrawn


def _data_request_documents(ids) -> Iterable[tuple]:
    rows = DataRequest.objects.filter(pk__in=ids).select_related("addressed_to", "requester__profile__organisation")
    for data_request in rows.prefetch_related("topics"):
        profile = getattr(data_request.requester, "profile", None) if data_request.requester else None
        organisation = profile.organisation if profile else None
        item = {
            "title": data_request.title,
            "description": f"{data_request.description}\n{data_request.purpose}".strip(),
            "topics": [topic.name_en for topic in data_request.topics.all()],
            "organisation": organisation.name if organisation else "",
        }
        fields = {
            **_organisation_fields(organisation),
            "kind": "request",
            "topic_slugs": [topic.slug for topic in data_request.topics.all()],
            "city": data_request.city or (organisation.city if organisation else ""),
            "country": organisation.country if organisation else "",
            "owner_id": data_request.requester_id,
            "published_at": _iso(data_request.created_at),
        }
        yield DocumentKind.DATA_REQUEST, data_request.pk, "request", item, fields, (
            data_request.status in OPEN_DATA_REQUEST
        )


def _profile_documents(ids) -> Iterable[tuple]:
    rows = Profile.objects.filter(pk__in=ids).select_related("organisation", "user").prefetch_related("topics")
    for profile in rows:
        organisation = profile.organisation
        shown = (
            profile.status == MembershipStatus.APPROVED
            and profile.user.is_active
            and profile.allow_matching
            and profile.visibility != Visibility.HIDDEN
        )
        common = {
            "topics": [topic.name_en for topic in profile.topics.all()],
            "organisation": organisation.name if organisation else "",
        }
        fields = {
            **_organisation_fields(organisation),
            "topic_slugs": [topic.slug for topic in profile.topics.all()],
            "city": profile.city or (organisation.city if organisation else ""),
            "country": profile.country or (organisation.country if organisation else ""),
            "owner_id": profile.user_id,
            "visibility": profile.visibility,
            "published_at": _iso(profile.updated_at),
        }
        # The title is the person's name, but the name says nothing about the need, so the
        # engine reads the job title and the offer/seek text.
        for kind, role, body in (
            (DocumentKind.PROFILE_OFFER, "offer", profile.offer_text),
            (DocumentKind.PROFILE_SEEK, "request", profile.seek_text),
        ):
            item = {"title": profile.job_title, "description": f"{body}\n{profile.bio}".strip(), **common}
            has_text = bool(body.strip())
            yield kind, profile.pk, role, item, {**fields, "kind": role, "name": profile.full_name}, shown and has_text


BUILDERS = {
    DocumentKind.OPPORTUNITY: _opportunity_documents,
    DocumentKind.DATASET: _dataset_documents,
    DocumentKind.DATA_REQUEST: _data_request_documents,
    DocumentKind.PROFILE_OFFER: _profile_documents,
}
# The source models' kinds; profiles refresh both their documents at once.
SOURCE_KINDS = {
    "opportunity": DocumentKind.OPPORTUNITY,
    "dataset": DocumentKind.DATASET,
    "datarequest": DocumentKind.DATA_REQUEST,
    "profile": DocumentKind.PROFILE_OFFER,
}


UPDATED_FIELDS = ["role", "title", "body", "text", "fields", "active", "vector_key", "query_vector", "document_vector"]


def vector_key(document_text: str) -> str:
    return hashlib.sha256(f"{dense.MODEL_ID}\0{document_text}".encode()).hexdigest()


@transaction.atomic
def refresh(source_kind: str, ids: Iterable[int]) -> list[int]:
    """Rebuild the documents of these items; returns the ids of documents needing vectors."""
    ids = sorted({int(pk) for pk in ids})
    if not ids:
        return []
    build = BUILDERS[SOURCE_KINDS[source_kind]]
    document_kinds = (
        [DocumentKind.PROFILE_OFFER, DocumentKind.PROFILE_SEEK]
        if source_kind == "profile"
        else [SOURCE_KINDS[source_kind]]
    )
    existing = {
        (doc.kind, doc.object_id): doc
        for doc in MatchDocument.objects.filter(kind__in=document_kinds, object_id__in=ids)
    }
    seen = set()
    created, changed, unchanged = [], [], []
    now = timezone.now()
    for kind, object_id, role, item, structured, active in build(ids):
        seen.add((kind, object_id))
        document_text = text.item_text(item)
        # Everything the engine's item holds besides title and body, so that
        # queries.engine_item rebuilds the very item this text came from.
        fields = {
            **structured,
            "tags": list(item.get("tags") or []),
            "topic_names": list(item.get("topics") or []),
            "category": item.get("category") or "",
            "organisation": item.get("organisation") or "",
        }
        values = {
            "role": role,
            "title": (item.get("title") or "")[:300],
            "body": item.get("description") or "",
            "text": document_text,
            "fields": fields,
            "active": active,
        }
        doc = existing.get((kind, object_id))
        if doc is None:
            created.append(MatchDocument(kind=kind, object_id=object_id, **values))
            continue
        if all(getattr(doc, name) == value for name, value in values.items()):
            unchanged.append(doc)  # a re-harvest of an unchanged record writes nothing
            continue
        if doc.text != document_text:
            doc.vector_key, doc.query_vector, doc.document_vector = "", None, None
        for name, value in values.items():
            setattr(doc, name, value)
        doc.updated_at = now
        changed.append(doc)
    # Bulk writes: a harvest page refreshes a thousand datasets at once.
    MatchDocument.objects.bulk_create(created, batch_size=500)
    MatchDocument.objects.bulk_update(changed, [*UPDATED_FIELDS, "updated_at"], batch_size=500)
    needing = [doc.pk for doc in [*created, *changed, *unchanged] if not doc.vector_key and doc.text]
    gone = [doc.pk for key, doc in existing.items() if key not in seen]
    if gone:
        MatchDocument.objects.filter(pk__in=gone).delete()
    return needing


def embed_documents(document_ids: Iterable[int] | None = None, *, progress=None) -> int:
    """Compute and store the vectors of these documents (all that lack them if ``None``).

    The model runs outside any transaction (seconds for a batch); each vector is stored
    only if the document's text is still the one embedded, so a concurrent edit is never
    overwritten with a stale vector.
    """
    documents = MatchDocument.objects.filter(vector_key="").exclude(text="")
    if document_ids is not None:
        documents = documents.filter(pk__in=list(document_ids))
    rows = list(documents.values_list("pk", "text"))
    if not rows:
        return 0
    cache = dense.EmbeddingCache(settings.MATCHING_CACHE_DIR)
    texts = [text.truncate_words(body, 400) for _pk, body in rows]
    document_vectors = dense.embed(texts, is_query=False, cache=cache, progress=progress)
    query_vectors = dense.embed(texts, is_query=True, cache=cache, progress=progress)
    stored = 0
    for (pk, body), doc_vector, query_vector in zip(rows, document_vectors, query_vectors, strict=True):
        stored += MatchDocument.objects.filter(pk=pk, text=body).update(
            vector_key=vector_key(body),
            document_vector=MatchDocument.pack(doc_vector),
            query_vector=MatchDocument.pack(query_vector),
            updated_at=timezone.now(),  # update() skips auto_now; indexes watch this
        )
    return stored


def refresh_all(*, embed: bool = True, progress=None) -> dict[str, int]:
    """Rebuild every document from scratch (``scdt match_refresh``, the demo)."""
    counts = {}
    sources = {
        "opportunity": Opportunity.objects.all(),
        "dataset": Dataset.objects.all(),
        "datarequest": DataRequest.objects.all(),
        "profile": Profile.objects.all(),
    }
    for source_kind, queryset in sources.items():
        ids = list(queryset.values_list("pk", flat=True))
        for start in range(0, len(ids), 500):
            refresh(source_kind, ids[start : start + 500])
        counts[source_kind] = len(ids)
    for source_kind, queryset in sources.items():
        kinds = (
            [DocumentKind.PROFILE_OFFER, DocumentKind.PROFILE_SEEK] if source_kind == "profile"
            else [SOURCE_KINDS[source_kind]]
        )
        MatchDocument.objects.filter(kind__in=kinds).exclude(object_id__in=queryset.values("pk")).delete()
    if embed:
        counts["embedded"] = embed_documents(progress=progress)
    return counts
