"""Harvest a DCAT-AP catalogue in RDF/XML, Turtle or JSON-LD (data.gov.lt, any DCAT endpoint).

Follows Hydra paging (``hydra:next`` / ``hydra:nextPage``) as ckanext-dcat and
data.europa.eu publish it. No incremental mode: every run reads the whole catalogue, and
the content hash keeps unchanged datasets from being written.
"""

import json
from collections.abc import Iterator

from rdflib import BNode, Graph, Literal, Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS

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
    parse_date,
    parse_datetime,
    parse_geometry,
    parse_size,
)
from scdt.catalogue.harvesting.transport import HarvestError

HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
SCHEMA = Namespace("http://schema.org/")
DCATAP = Namespace("http://data.europa.eu/r5r/")
ACCEPT = "text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.8"
MAX_PAGES = 10_000


def rdf_format(content_type: str, url: str, content: bytes) -> str:
    kind = content_type.split(";", maxsplit=1)[0].strip().lower()
    if kind in {"text/turtle", "application/x-turtle"} or url.endswith(".ttl"):
        return "turtle"
    if kind in {"application/ld+json", "application/json"} or url.endswith((".jsonld", ".json")):
        return "json-ld"
    if kind in {"application/rdf+xml", "application/xml", "text/xml"} or url.endswith((".rdf", ".xml")):
        return "xml"
    head = content.lstrip()[:1]
    return {b"<": "xml", b"{": "json-ld", b"[": "json-ld"}.get(head, "turtle")


def _remote_contexts(node) -> bool:
    if isinstance(node, dict):
        context = node.get("@context")
        if isinstance(context, str) or (isinstance(context, list) and any(isinstance(c, str) for c in context)):
            return True
        return any(_remote_contexts(value) for value in node.values())
    if isinstance(node, list):
        return any(_remote_contexts(value) for value in node)
    return False


def parse_graph(content: bytes, fmt: str) -> Graph:
    """Parse RDF without letting the document reach out (no entities, no remote contexts)."""
    if fmt == "xml" and (b"<!ENTITY" in content or b"<!DOCTYPE" in content):
        raise HarvestError("RDF/XML with a DOCTYPE or entities is refused.")
    if fmt == "json-ld":
        try:
            document = json.loads(content)
        except ValueError as exc:
            raise HarvestError(f"The JSON-LD is not JSON: {exc}") from exc
        if _remote_contexts(document):
            raise HarvestError("JSON-LD with remote @context documents is not fetched; inline the context.")
    graph = Graph()
    try:
        graph.parse(data=content, format=fmt)
    except Exception as exc:
        raise HarvestError(f"The {fmt} document cannot be parsed: {str(exc)[:300]}") from exc
    return graph


class DcatHarvester:
    def __init__(self, *, url: str, transport, since=None, language: str = "en", known=None):
        self.url = url
        self.transport = transport
        self.language = language

    def listing(self) -> Listing:
        listing = Listing(items=iter(()))
        listing.items = self._items(listing)
        return listing

    def _items(self, listing: Listing) -> Iterator[HarvestItem]:
        seen: set[str] = set()
        url, visited = self.url, set()
        while url and len(visited) < MAX_PAGES:
            visited.add(url)
            try:
                response = self.transport.get(url, accept=ACCEPT)
                graph = parse_graph(response.content, rdf_format(response.content_type, url, response.content))
            except HarvestError as exc:
                yield RecordFailure(url, str(exc))
                return
            for subject in sorted(set(graph.subjects(RDF.type, DCAT.Dataset)), key=str):
                yield from self._convert(graph, subject, seen, listing)
            url = self._next_page(graph)
            if url in visited:
                break
        listing.all_identifiers = seen
        listing.complete = True

    def _next_page(self, graph: Graph) -> str:
        for predicate in (HYDRA.next, HYDRA.nextPage):
            for value in graph.objects(None, predicate):
                return clean_url(str(value))
        return ""

    def _convert(self, graph, subject, seen, listing) -> Iterator[HarvestItem]:
        identifier = str(graph.value(subject, DCTERMS.identifier) or ("" if isinstance(subject, BNode) else subject))
        seen.add(identifier)
        try:
            dataset = self.to_dataset(graph, subject, identifier).validate()
        except Exception as exc:
            yield RecordFailure(identifier or "?", f"{type(exc).__name__}: {exc}"[:500])
            return
        if dataset.modified and (listing.newest_modified is None or dataset.modified > listing.newest_modified):
            listing.newest_modified = dataset.modified
        yield dataset

    def _texts(self, graph, subject, predicate, limit, *, line=True) -> dict[str, str]:
        clean = clean_line if line else clean_text
        values = {}
        for value in graph.objects(subject, predicate):
            if isinstance(value, Literal):
                lang = language_code(value.language, self.language) if value.language else self.language
                text = clean(str(value), limit)
                if text and lang not in values:
                    values[lang] = text
        return values

    def _one(self, graph, subject, predicate) -> str:
        value = graph.value(subject, predicate)
        return str(value) if value is not None else ""

    def _name(self, graph, node) -> str:
        if node is None:
            return ""
        for predicate in (FOAF.name, SKOS.prefLabel, VCARD.fn, DCTERMS.title):
            names = self._texts(graph, node, predicate, 300)
            if names:
                return names.get(self.language) or names.get("en") or next(iter(names.values()))
        return "" if isinstance(node, BNode) else clean_line(str(node), 300)

    def to_dataset(self, graph: Graph, subject, identifier: str) -> HarvestedDataset:
        contact = graph.value(subject, DCAT.contactPoint)
        spatial = graph.value(subject, DCTERMS.spatial)
        temporal = graph.value(subject, DCTERMS.temporal)
        geometry, bbox = None, None
        spatial_label = ""
        if spatial is not None:
            for predicate in (LOCN.geometry, DCAT.bbox):
                for value in graph.objects(spatial, predicate):
                    found_geometry, found_bbox = parse_geometry(str(value))
                    geometry = geometry or found_geometry
                    bbox = bbox or found_bbox
            spatial_label = self._name(graph, spatial)
        licence_uri = self._one(graph, subject, DCTERMS.license)
        distributions = [
            self._distribution(graph, node) for node in sorted(graph.objects(subject, DCAT.distribution), key=str)
        ]
        distributions = [d for d in distributions if d is not None]
        if not licence_uri:
            licence_uri = next((d.licence for d in distributions if d.licence), "")
        languages = [language_code(str(v)) for v in graph.objects(subject, DCTERMS.language)]
        keywords = []
        for value in graph.objects(subject, DCAT.keyword):
            text = clean_line(str(value), 100)
            if text and text.lower() not in {k.lower() for k in keywords}:
                keywords.append(text)
        themes = [vocab.normalise_theme(str(v)) for v in graph.objects(subject, DCAT.theme)]
        hvd = [vocab.normalise_hvd(str(v)) for v in graph.objects(subject, DCATAP.hvdCategory)]
        access = self._one(graph, subject, DCTERMS.accessRights).rsplit("/", 1)[-1]
        title = self._texts(graph, subject, DCTERMS.title, 500)
        return HarvestedDataset(
            identifier=identifier[:300],
            name="" if isinstance(subject, BNode) else clean_line(str(subject).rstrip("/").rsplit("/", 1)[-1], 100),
            title=title,
            description=self._texts(graph, subject, DCTERMS.description, 20000, line=False),
            keywords=keywords[:50],
            themes=list(dict.fromkeys(t for t in themes if t)),
            hvd_category=next((h for h in hvd if h), ""),
            publisher_name=self._name(graph, graph.value(subject, DCTERMS.publisher)),
            contact_name=self._name(graph, contact) if contact is not None else "",
            contact_email=clean_email(self._one(graph, contact, VCARD.hasEmail)) if contact is not None else "",
            spatial_label=spatial_label,
            spatial_bbox=bbox,
            spatial_geometry=geometry,
            temporal_start=parse_date(
                self._one(graph, temporal, DCAT.startDate) or self._one(graph, temporal, SCHEMA.startDate)
            )
            if temporal
            else None,
            temporal_end=parse_date(
                self._one(graph, temporal, DCAT.endDate) or self._one(graph, temporal, SCHEMA.endDate)
            )
            if temporal
            else None,
            frequency=vocab.normalise_frequency(self._one(graph, subject, DCTERMS.accrualPeriodicity)),
            issued=parse_datetime(self._one(graph, subject, DCTERMS.issued)),
            modified=parse_datetime(self._one(graph, subject, DCTERMS.modified)),
            landing_page=clean_url(self._one(graph, subject, DCAT.landingPage)),
            licence=vocab.normalise_licence(licence_uri),
            licence_text=clean_line(licence_uri, 300),
            access_rights=access if access in vocab.ACCESS_RIGHTS else "",
            languages=[lang for lang in dict.fromkeys(languages) if lang] or [next(iter(title), self.language)],
            distributions=distributions,
        )

    def _distribution(self, graph: Graph, node) -> HarvestedDistribution | None:
        access_url = clean_url(self._one(graph, node, DCAT.accessURL))
        download_url = clean_url(self._one(graph, node, DCAT.downloadURL))
        if not (access_url or download_url):
            return None
        format_node = graph.value(node, DCTERMS["format"])
        format_text = ""
        if format_node is not None:
            label = graph.value(format_node, RDF.value) or graph.value(format_node, SKOS.prefLabel)
            format_text = str(label or format_node)
        media_type = self._one(graph, node, DCAT.mediaType)
        titles = self._texts(graph, node, DCTERMS.title, 500)
        descriptions = self._texts(graph, node, DCTERMS.description, 5000, line=False)
        return HarvestedDistribution(
            access_url=access_url or download_url,
            download_url=download_url,
            identifier="" if isinstance(node, BNode) else clean_line(str(node), 300),
            title=titles.get(self.language) or next(iter(titles.values()), ""),
            description=descriptions.get(self.language) or next(iter(descriptions.values()), ""),
            format=vocab.normalise_format(format_text, media_type),
            format_text=clean_line(format_text.rsplit("/", 1)[-1], 100),
            media_type=clean_line(media_type.rsplit("/media-types/", 1)[-1], 120),
            byte_size=parse_size(self._one(graph, node, DCAT.byteSize)),
            licence=vocab.normalise_licence(self._one(graph, node, DCTERMS.license)),
            modified=parse_datetime(self._one(graph, node, DCTERMS.modified)),
        )
