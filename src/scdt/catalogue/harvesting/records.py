"""The shape every harvester produces, and the cleaning every field goes through.

Harvesters turn a portal's dialect into ``HarvestedDataset`` values; the harvest service
stores them. Cleaning happens here, once: HTML and scripts are stripped, text is cut to
the column sizes, URLs must be http(s), dates must parse. A value that fails cleaning is
dropped (the record survives); a record without an identifier or title is rejected.
"""

import datetime as dt
import hashlib
import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import nh3

LANGUAGE_CODES = {"en", "fi", "pl", "lt", "sv", "de", "ru", "uk"}


class RecordError(Exception):
    """This one record cannot be used; the message says why."""


@dataclass
class HarvestedDistribution:
    access_url: str
    identifier: str = ""
    title: str = ""
    description: str = ""
    download_url: str = ""
    format: str = ""
    format_text: str = ""
    media_type: str = ""
    byte_size: int | None = None
    licence: str = ""
    modified: str | None = None


@dataclass
class HarvestedDataset:
    identifier: str
    title: dict[str, str]
    name: str = ""
    description: dict[str, str] = field(default_factory=dict)
    keywords: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    hvd_category: str = ""
    publisher_name: str = ""
    contact_name: str = ""
    contact_email: str = ""
    spatial_label: str = ""
    spatial_bbox: list[float] | None = None
    spatial_geometry: dict | None = None
    temporal_start: str | None = None
    temporal_end: str | None = None
    frequency: str = ""
    issued: str | None = None
    modified: str | None = None
    landing_page: str = ""
    licence: str = ""
    licence_text: str = ""
    access_rights: str = ""
    languages: list[str] = field(default_factory=list)
    distributions: list[HarvestedDistribution] = field(default_factory=list)
    # Set by harvesters that hash the raw source record (so unchanged ones skip conversion).
    source_hash: str = field(default="", compare=False)

    def content_hash(self) -> str:
        """A digest of everything stored, so an unchanged record is recognised without writing."""
        payload = {k: v for k, v in vars(self).items() if k != "source_hash"}
        text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=_plain)
        return hashlib.sha256(text.encode()).hexdigest()

    def validate(self) -> "HarvestedDataset":
        if not self.identifier:
            raise RecordError("The record has no identifier.")
        if not any(self.title.values()):
            raise RecordError("The record has no title.")
        return self


def _plain(value):
    return vars(value) if hasattr(value, "__dataclass_fields__") else str(value)


def raw_hash(record, salt: str) -> str:
    """A digest of a source record as received; ``salt`` names the mapping version and options."""
    text = json.dumps(record, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256((salt + text).encode()).hexdigest()


@dataclass
class Unchanged:
    """A record whose raw form hashes as stored: nothing to convert or write."""

    identifier: str


@dataclass
class RecordFailure:
    identifier: str
    message: str


# A harvester yields datasets and failures; the service counts both.
HarvestItem = HarvestedDataset | RecordFailure | Unchanged


@dataclass
class Listing:
    """What a harvester found. ``complete`` is True only when every page was read, so
    datasets missing from it may be withdrawn; ``all_identifiers`` is then the full set
    (it may be larger than the items when the listing was incremental)."""

    items: Iterator[HarvestItem]
    total: int | None = None
    complete: bool = False
    all_identifiers: set[str] = field(default_factory=set)
    newest_modified: str | None = None


def clean_text(value, limit: int = 500) -> str:
    """Plain text: tags and scripts removed, entities decoded, whitespace tidied."""
    if value is None:
        return ""
    text = str(value)
    if "<" in text or "&" in text:
        text = html.unescape(nh3.clean(text, tags=set()))
    text = text.replace("\x00", "").replace("\r\n", "\n").strip()
    return text[:limit]


def clean_line(value, limit: int = 300) -> str:
    return " ".join(clean_text(value, limit * 2).split())[:limit]


def clean_url(value, limit: int = 2000) -> str:
    text = (str(value).strip() if value else "")[:limit]
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", text, re.IGNORECASE):
        return ""
    return text


EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")


def clean_email(value) -> str:
    text = (str(value).strip() if value else "").removeprefix("mailto:")
    return text[:300] if EMAIL.match(text) else ""


def parse_datetime(value) -> str | None:
    """An ISO 8601 timestamp (UTC when the source gives no zone), or None if unusable."""
    if not value:
        return None
    text = str(value).strip()
    try:
        if len(text) == 10:
            moment = dt.datetime.combine(dt.date.fromisoformat(text), dt.time(), tzinfo=dt.UTC)
        else:
            moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    if not 1900 <= moment.year <= 2200:
        return None
    return moment.astimezone(dt.UTC).isoformat()


def parse_date(value) -> str | None:
    moment = parse_datetime(value)
    return moment[:10] if moment else None


def clean_bbox(values) -> list[float] | None:
    """[west, south, east, north] inside WGS 84 bounds, or None."""
    try:
        west, south, east, north = (float(v) for v in values)
    except (TypeError, ValueError):
        return None
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        return None
    return [west, south, east, north]


def bbox_of_geometry(geometry: dict) -> list[float] | None:
    points: list[tuple[float, float]] = []

    def walk(coords):
        if isinstance(coords, list | tuple) and coords and isinstance(coords[0], int | float):
            points.append((float(coords[0]), float(coords[1])))
        elif isinstance(coords, list | tuple):
            for inner in coords:
                walk(inner)

    walk(geometry.get("coordinates"))
    if not points:
        return None
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return clean_bbox([min(xs), min(ys), max(xs), max(ys)])


def parse_geometry(value) -> tuple[dict | None, list[float] | None]:
    """A GeoJSON geometry (dict or JSON text) and its bounding box; (None, None) if unusable."""
    if not value:
        return None, None
    geometry = value
    if isinstance(value, str):
        try:
            geometry = json.loads(value)
        except ValueError:
            return None, _bbox_of_wkt(value)
    if not isinstance(geometry, dict) or geometry.get("type") not in {
        "Point",
        "Polygon",
        "MultiPolygon",
        "LineString",
        "MultiLineString",
        "MultiPoint",
    }:
        return None, None
    bbox = bbox_of_geometry(geometry)
    return (geometry, bbox) if bbox else (None, None)


def _bbox_of_wkt(text: str) -> list[float] | None:
    numbers = re.findall(r"-?\d+(?:\.\d+)?", text)
    if len(numbers) < 2 or not text.strip().upper().startswith(("POLYGON", "POINT", "MULTIPOLYGON")):
        return None
    pairs = list(zip(numbers[::2], numbers[1::2], strict=False))
    xs, ys = [float(p[0]) for p in pairs], [float(p[1]) for p in pairs]
    return clean_bbox([min(xs), min(ys), max(xs), max(ys)])


def parse_size(value) -> int | None:
    try:
        size = int(float(value))
    except (TypeError, ValueError):
        return None
    return size if 0 <= size < 2**62 else None


def language_code(value, default: str = "") -> str:
    text = (str(value) if value else "").strip().lower()
    if "/language/" in text:  # EU authority table URI, e.g. .../language/POL
        text = text.rsplit("/", 1)[-1]
    text = {"eng": "en", "fin": "fi", "pol": "pl", "lit": "lt", "swe": "sv"}.get(text, text)
    text = text[:2]
    return text if text in LANGUAGE_CODES else default
