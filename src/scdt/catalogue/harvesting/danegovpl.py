"""Harvest dane.gov.pl (Poland's national portal) through its JSON:API 1.4.

Reads ``/1.4/datasets?page=N&per_page=M&include=institution,resource`` and follows
``links.next``. Dataset attributes (``title``, ``notes``, ``keywords``, ``categories``,
``update_frequency``, ``license_name``/``license_condition_*``, ``created``, ``modified``)
and the included ``institution`` and ``resource`` objects are mapped as documented in
docs/catalogue.md. Titles and notes may come as ``{"pl": ..., "en": ...}``
(``title_translated``) or as plain Polish text.
"""

import json
from collections.abc import Iterator

from scdt.catalogue import vocabularies as vocab
from scdt.catalogue.harvesting.records import (
    HarvestedDataset,
    HarvestedDistribution,
    HarvestItem,
    Listing,
    RecordFailure,
    clean_email,
    clean_line,
    clean_text,
    clean_url,
    language_code,
    parse_datetime,
    parse_size,
)
from scdt.catalogue.harvesting.transport import HarvestError

MAX_PAGES = 10_000
PORTAL = "https://dane.gov.pl"


def datasets_url(url: str) -> str:
    url = url.strip().rstrip("/")
    return url if url.endswith("/datasets") else f"{url}/datasets"


class DaneGovPlHarvester:
    def __init__(self, *, url: str, transport, since=None, language: str = "pl", per_page: int = 100, known=None):
        self.url = datasets_url(url)
        self.transport = transport
        self.language = language or "pl"
        self.per_page = per_page

    def listing(self) -> Listing:
        listing = Listing(items=iter(()))
        listing.items = self._items(listing)
        return listing

    def _page(self, url: str, params: dict | None) -> dict:
        response = self.transport.get(url, params, accept="application/vnd.api+json, application/json")
        try:
            body = json.loads(response.content)
        except ValueError as exc:
            raise HarvestError(f"The response is not JSON: {exc}") from exc
        if not isinstance(body, dict) or not isinstance(body.get("data"), list):
            raise HarvestError("The response is not a JSON:API collection.")
        return body

    def _items(self, listing: Listing) -> Iterator[HarvestItem]:
        seen: set[str] = set()
        url: str | None = self.url
        params: dict | None = {
            "page": 1,
            "per_page": self.per_page,
            "include": "institution,resource",
        }
        pages = 0
        while url and pages < MAX_PAGES:
            pages += 1
            try:
                body = self._page(url, params)
            except HarvestError as exc:
                yield RecordFailure(url, str(exc))
                return
            meta = body.get("meta") if isinstance(body.get("meta"), dict) else {}
            if isinstance(meta.get("count"), int):
                listing.total = meta["count"]
            included = {
                (str(item.get("type")), str(item.get("id"))): item
                for item in body.get("included") or []
                if isinstance(item, dict)
            }
            for record in body["data"]:
                yield from self._convert(record, included, seen, listing)
            links = body.get("links") if isinstance(body.get("links"), dict) else {}
            next_link = links.get("next")
            url = clean_url(next_link) if next_link and next_link != url else None
            params = None  # the next link carries its own query
            if not body["data"]:
                break
        listing.all_identifiers = seen
        listing.complete = True

    def _convert(self, record, included, seen, listing) -> Iterator[HarvestItem]:
        identifier = str(record.get("id") or "") if isinstance(record, dict) else ""
        seen.add(identifier)
        if not isinstance(record, dict) or not isinstance(record.get("attributes"), dict):
            yield RecordFailure(identifier or "?", "The record has no attributes object.")
            return
        try:
            dataset = self.to_dataset(record, included).validate()
        except Exception as exc:
            yield RecordFailure(identifier or "?", f"{type(exc).__name__}: {exc}"[:500])
            return
        if dataset.modified and (listing.newest_modified is None or dataset.modified > listing.newest_modified):
            listing.newest_modified = dataset.modified
        yield dataset

    def _translated(self, attributes: dict, key: str, limit: int, *, line: bool = True) -> dict:
        clean = clean_line if line else clean_text
        values = {}
        translated = attributes.get(f"{key}_translated")
        if isinstance(translated, dict):
            for code, text in translated.items():
                lang = language_code(code)
                if lang and text:
                    values[lang] = clean(text, limit)
        if not values.get(self.language) and isinstance(attributes.get(key), str):
            values[self.language] = clean(attributes[key], limit)
        return {k: v for k, v in values.items() if v}

    def _related(self, record: dict, name: str, included: dict) -> list[dict]:
        relationships = record.get("relationships") if isinstance(record.get("relationships"), dict) else {}
        relation = relationships.get(name) if isinstance(relationships.get(name), dict) else {}
        data = relation.get("data")
        refs = data if isinstance(data, list) else [data] if isinstance(data, dict) else []
        kind = name.removesuffix("s")
        return [
            included[(str(ref.get("type") or kind), str(ref.get("id")))]
            for ref in refs
            if isinstance(ref, dict) and (str(ref.get("type") or kind), str(ref.get("id"))) in included
        ]

    def to_dataset(self, record: dict, included: dict) -> HarvestedDataset:
        attributes = record["attributes"]
        institution = next(iter(self._related(record, "institution", included)), {})
        institution_attributes = institution.get("attributes", {}) if isinstance(institution, dict) else {}
        keywords = attributes.get("keywords") or attributes.get("tags") or []
        words = []
        for keyword in keywords if isinstance(keywords, list) else []:
            text = clean_line(keyword.get("name") if isinstance(keyword, dict) else keyword, 100)
            if text and text.lower() not in {w.lower() for w in words}:
                words.append(text)
        themes = []
        for category in attributes.get("categories") or []:
            code = category.get("code") if isinstance(category, dict) else category
            theme = vocab.normalise_theme(code)
            if theme and theme not in themes:
                themes.append(theme)
        slug = clean_line(attributes.get("slug"), 200)
        landing = clean_url(attributes.get("url")) or (
            f"{PORTAL}/pl/dataset/{record['id']},{slug}" if slug else f"{PORTAL}/pl/dataset/{record['id']}"
        )
        licence_text = clean_line(attributes.get("license_name") or attributes.get("license_chosen"), 300)
        return HarvestedDataset(
            identifier=str(record["id"]),
            name=slug,
            title=self._translated(attributes, "title", 500),
            description=self._translated(attributes, "notes", 20000, line=False),
            keywords=words[:50],
            themes=themes,
            hvd_category=vocab.normalise_hvd(attributes.get("hvd_category")),
            publisher_name=clean_line(institution_attributes.get("title"), 300),
            contact_name=clean_line(institution_attributes.get("title"), 300),
            contact_email=clean_email(institution_attributes.get("email")),
            frequency=vocab.normalise_frequency(attributes.get("update_frequency")),
            issued=parse_datetime(attributes.get("created")),
            modified=parse_datetime(attributes.get("modified") or attributes.get("verified")),
            landing_page=landing,
            licence=vocab.normalise_licence(licence_text) or vocab.normalise_licence(attributes.get("license")),
            licence_text=licence_text,
            access_rights="PUBLIC",
            languages=[self.language],
            distributions=self._distributions(record, included),
        )

    def _distributions(self, record: dict, included: dict) -> list[HarvestedDistribution]:
        distributions = []
        for resource in self._related(record, "resources", included):
            attributes = resource.get("attributes") if isinstance(resource.get("attributes"), dict) else {}
            link = clean_url(attributes.get("link") or attributes.get("file_url"))
            download = clean_url(attributes.get("download_url") or attributes.get("file_url"))
            if not (link or download):
                continue
            format_text = clean_line(attributes.get("format"), 100)
            distributions.append(
                HarvestedDistribution(
                    access_url=link or download,
                    download_url=download,
                    identifier=str(resource.get("id") or "")[:300],
                    title=clean_line(attributes.get("title"), 500),
                    description=clean_text(attributes.get("description"), 5000),
                    format=vocab.normalise_format(format_text, attributes.get("media_type")),
                    format_text=format_text,
                    media_type=clean_line(attributes.get("media_type"), 120),
                    byte_size=parse_size(attributes.get("file_size")),
                    modified=parse_datetime(attributes.get("modified") or attributes.get("data_date")),
                )
            )
        return distributions
