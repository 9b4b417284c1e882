"""Harvest a CKAN portal through its Action API (avoindata.fi, Gdańsk, Wrocław, ...).

Pages through ``package_search`` sorted by ``metadata_modified``; an incremental run asks
only for ``metadata_modified:[<last seen> TO *]`` and then lists all ids (``fl=id``) so
vanished datasets can still be withdrawn. Portals without ``package_search`` fall back to
``current_package_list_with_resources`` with limit/offset.
"""

import json
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

from scdt.catalogue import vocabularies as vocab
from scdt.catalogue.harvesting.records import (
    HarvestedDataset,
    HarvestedDistribution,
    HarvestItem,
    Listing,
    RecordFailure,
    Unchanged,
    clean_email,
    clean_line,
    clean_text,
    clean_url,
    language_code,
    parse_date,
    parse_datetime,
    parse_geometry,
    parse_size,
    raw_hash,
)
from scdt.catalogue.harvesting.transport import HarvestError

ID_PAGE_SIZE = 1000
# Part of every raw-record hash: bump it when to_dataset() maps differently, so the next
# harvest rewrites every record instead of skipping the unchanged ones.
MAPPING_VERSION = "ckan-2"


def action_base(url: str) -> str:
    """The ``.../api/3/action/`` base for a portal URL or an action URL."""
    url = url.strip()
    if "/api/3/action" in url:
        return url.split("/api/3/action", 1)[0].rstrip("/") + "/api/3/action/"
    if "/api/" in url:
        return url.split("/api/", 1)[0].rstrip("/") + "/api/3/action/"
    return url.rstrip("/") + "/api/3/action/"


def decode_envelope(content: bytes) -> object:
    """The ``result`` of a CKAN response; HarvestError when it is not one."""
    try:
        body = json.loads(content)
    except ValueError as exc:
        raise HarvestError(f"The response is not JSON: {exc}") from exc
    if not isinstance(body, dict) or "result" not in body:
        raise HarvestError("The response is not a CKAN API envelope.")
    if body.get("success") is False:
        raise HarvestError(f"The portal answered with an error: {str(body.get('error'))[:300]}")
    return body["result"]


class CkanHarvester:
    def __init__(self, *, url: str, transport, since=None, language: str = "en", page_size: int = 100, known=None):
        # identifier -> stored hash: records whose raw hash matches are passed over unconverted.
        self.known: dict[str, str] = known or {}
        # A query on the source URL narrows the harvest, e.g. ``?fq=organization:turun-kaupunki``.
        self.filter = parse_qs(urlsplit(url).query).get("fq", [""])[0]
        self.base = action_base(url.split("?", 1)[0])
        self.site = self.base.split("/api/3/action/", 1)[0]
        self.transport = transport
        self.since = since
        self.language = language
        self.page_size = page_size

    def listing(self) -> Listing:
        listing = Listing(items=iter(()))
        listing.items = self._items(listing)
        return listing

    def _get(self, action: str, params: dict) -> object:
        response = self.transport.get(self.base + action, params, accept="application/json")
        return decode_envelope(response.content)

    def _items(self, listing: Listing) -> Iterator[HarvestItem]:
        params = {"rows": self.page_size, "sort": "metadata_modified asc"}
        filters = [self.filter] if self.filter else []
        if self.since is not None:
            stamp = self.since.strftime("%Y-%m-%dT%H:%M:%SZ")
            filters.append(f"metadata_modified:[{stamp} TO *]")
        if filters:
            params["fq"] = " AND ".join(filters)
        try:
            first = self._get("package_search", {**params, "start": 0})
        except HarvestError:
            yield from self._items_without_search(listing)
            return
        seen: set[str] = set()
        start, result = 0, first
        while True:
            if not isinstance(result, dict) or not isinstance(result.get("results"), list):
                yield RecordFailure(f"page@{start}", "package_search returned an unexpected shape.")
                return
            listing.total = result.get("count") if isinstance(result.get("count"), int) else None
            records = result["results"]
            for record in records:
                yield from self._convert(record, seen, listing)
            start += len(records)
            if not records or (listing.total is not None and start >= listing.total):
                break
            try:
                result = self._get("package_search", {**params, "start": start})
            except HarvestError as exc:
                yield RecordFailure(f"page@{start}", str(exc))
                return
        if self.since is None:
            listing.all_identifiers = seen
        else:
            try:
                listing.all_identifiers = seen | self._all_ids()
            except HarvestError as exc:
                yield RecordFailure("package ids", str(exc))
                return
        listing.complete = True

    def _all_ids(self) -> set[str]:
        ids: set[str] = set()
        start = 0
        while True:
            params = {"fl": "id", "rows": ID_PAGE_SIZE, "start": start, "sort": "id asc"}
            if self.filter:
                params["fq"] = self.filter
            result = self._get("package_search", params)
            rows = result.get("results", []) if isinstance(result, dict) else []
            ids.update(str(row["id"]) for row in rows if isinstance(row, dict) and row.get("id"))
            start += len(rows)
            if not rows or start >= int(result.get("count") or 0):
                return ids

    def _items_without_search(self, listing: Listing) -> Iterator[HarvestItem]:
        seen: set[str] = set()
        offset = 0
        while True:
            try:
                result = self._get(
                    "current_package_list_with_resources",
                    {"limit": self.page_size, "offset": offset},
                )
            except HarvestError as exc:
                yield RecordFailure(f"page@{offset}", str(exc))
                return
            if not isinstance(result, list):
                yield RecordFailure(f"page@{offset}", "The package list is not a list.")
                return
            for record in result:
                yield from self._convert(record, seen, listing)
            offset += len(result)
            # A portal that ignores limit returns everything at once; a short page is the last.
            if len(result) < self.page_size:
                break
        listing.all_identifiers = seen
        listing.complete = True

    def _convert(self, record, seen: set[str], listing: Listing) -> Iterator[HarvestItem]:
        identifier = str(record.get("id") or record.get("name") or "") if isinstance(record, dict) else ""
        if not isinstance(record, dict):
            yield RecordFailure("?", "The record is not a JSON object.")
            return
        try:
            if record.get("private") or record.get("state", "active") != "active":
                return
            if record.get("type", "dataset") not in {"dataset", ""}:
                return
            seen.add(identifier)
            source_hash = raw_hash(record, f"{MAPPING_VERSION}|{self.language}|{self.site}")
            if self.known.get(identifier) == source_hash:
                self._note_modified(parse_datetime(record.get("metadata_modified")), listing)
                yield Unchanged(identifier)
                return
            dataset = self.to_dataset(record).validate()
            dataset.source_hash = source_hash
        except Exception as exc:
            if identifier:
                seen.add(identifier)
            yield RecordFailure(identifier or "?", f"{type(exc).__name__}: {exc}"[:500])
            return
        self._note_modified(dataset.modified, listing)
        yield dataset

    @staticmethod
    def _note_modified(modified: str | None, listing: Listing) -> None:
        if modified and (listing.newest_modified is None or modified > listing.newest_modified):
            listing.newest_modified = modified

    def to_dataset(self, record: dict) -> HarvestedDataset:
        extras = {
            str(e.get("key")): e.get("value")
            for e in record.get("extras") or []
            if isinstance(e, dict) and e.get("key")
        }
        language = language_code(extras.get("language") or record.get("language"), self.language)
        title = self._translated(record.get("title_translated"), record.get("title"), language, 500)
        description = self._translated(record.get("notes_translated"), record.get("notes"), language, 20000, line=False)
        organisation = record.get("organization") if isinstance(record.get("organization"), dict) else {}
        geometry, bbox = parse_geometry(extras.get("spatial") or record.get("spatial"))
        return HarvestedDataset(
            identifier=str(record.get("id") or record.get("name")),
            name=clean_line(record.get("name"), 200),
            title=title,
            description=description,
            keywords=self._keywords(record),
            themes=self._themes(record, extras),
            hvd_category=vocab.normalise_hvd(extras.get("hvd_category") or record.get("hvd_category")),
            publisher_name=clean_line(
                organisation.get("title") or organisation.get("name") or record.get("author"), 300
            ),
            contact_name=clean_line(record.get("maintainer") or record.get("author"), 300),
            contact_email=clean_email(record.get("maintainer_email") or record.get("author_email")),
            spatial_label=clean_line(extras.get("spatial_text") or extras.get("geographical_coverage"), 300),
            spatial_bbox=bbox,
            spatial_geometry=geometry,
            temporal_start=parse_date(extras.get("temporal_start") or record.get("temporal_coverage_from")),
            temporal_end=parse_date(extras.get("temporal_end") or record.get("temporal_coverage_to")),
            frequency=vocab.normalise_frequency(
                extras.get("frequency") or record.get("update_frequency") or record.get("frequency")
            ),
            issued=parse_datetime(record.get("metadata_created")),
            modified=parse_datetime(record.get("metadata_modified")),
            landing_page=self._landing_page(record),
            licence=vocab.normalise_licence(record.get("license_id"))
            or vocab.normalise_licence(record.get("license_url"))
            or vocab.normalise_licence(record.get("license_title")),
            licence_text=clean_line(record.get("license_title") or record.get("license_id"), 300),
            access_rights="PUBLIC",
            languages=[language],
            distributions=self._distributions(record),
        )

    def _translated(self, translated, plain, language: str, limit: int, *, line: bool = True) -> dict:
        clean = clean_line if line else clean_text
        values = {}
        if isinstance(translated, dict):
            for code, text in translated.items():
                lang = language_code(code)
                if lang and text:
                    values[lang] = clean(text, limit)
        if not values and plain:
            values[language] = clean(plain, limit)
        return {k: v for k, v in values.items() if v}

    def _keywords(self, record: dict) -> list[str]:
        words = []
        for tag in record.get("tags") or []:
            name = tag.get("display_name") or tag.get("name") if isinstance(tag, dict) else tag
            words.append(name)
        keywords = record.get("keywords")
        if isinstance(keywords, dict):  # avoindata.fi: {"fi": [...], "en": [...]}
            for values in keywords.values():
                words.extend(values if isinstance(values, list) else [])
        cleaned = []
        for word in words:
            text = clean_line(word, 100)
            if text and text.lower() not in {w.lower() for w in cleaned}:
                cleaned.append(text)
        return cleaned[:50]

    def _themes(self, record: dict, extras: dict) -> list[str]:
        candidates = [g.get("name") for g in record.get("groups") or [] if isinstance(g, dict)]
        theme = extras.get("theme")
        if isinstance(theme, str) and theme.startswith("["):
            try:
                theme = json.loads(theme)
            except ValueError:
                theme = []
        candidates += theme if isinstance(theme, list) else [theme]
        themes = []
        for candidate in candidates:
            code = vocab.normalise_theme(candidate)
            if code and code not in themes:
                themes.append(code)
        return themes

    def _landing_page(self, record: dict) -> str:
        name = record.get("name")
        if name and urlsplit(self.site).scheme in {"http", "https"}:
            return clean_url(f"{self.site}/dataset/{name}")
        return clean_url(record.get("url"))

    def _distributions(self, record: dict) -> list[HarvestedDistribution]:
        distributions = []
        for resource in record.get("resources") or []:
            if not isinstance(resource, dict) or resource.get("state", "active") != "active":
                continue
            url = clean_url(resource.get("url"))
            if not url:
                continue
            format_text = clean_line(resource.get("format"), 100)
            distributions.append(
                HarvestedDistribution(
                    access_url=url,
                    download_url=url if resource.get("url_type") == "upload" else "",
                    identifier=clean_line(resource.get("id"), 300),
                    title=clean_line(resource.get("name"), 500),
                    description=clean_text(resource.get("description"), 5000),
                    format=vocab.normalise_format(format_text, resource.get("mimetype")),
                    format_text=format_text,
                    media_type=clean_line(resource.get("mimetype"), 120),
                    byte_size=parse_size(resource.get("size")),
                    modified=parse_datetime(resource.get("last_modified") or resource.get("created")),
                )
            )
        return distributions
