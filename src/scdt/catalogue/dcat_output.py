"""The catalogue as a DCAT-AP 3 graph (rdflib), served as Turtle, RDF/XML and JSON-LD.

Every object carries the class the DCAT-AP 3.0.1 range shapes expect, and every
controlled-vocabulary concept its label, so the output validates against the official
SHACL shapes (tests/catalogue/test_dcat_output.py runs pyshacl on it).
"""

from django.conf import settings
from django.urls import reverse
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD

from scdt.catalogue import vocabularies as vocab
from scdt.catalogue.models import Dataset

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
LOCN = Namespace("http://www.w3.org/ns/locn#")
GSP = Namespace("http://www.opengis.net/ont/geosparql#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
IANA = "http://www.iana.org/assignments/media-types/"
LANGUAGE = "http://publications.europa.eu/resource/authority/language/"
LANGUAGE_CODES = {"en": "ENG", "fi": "FIN", "pl": "POL", "lt": "LIT", "sv": "SWE", "de": "DEU"}

FORMATS = {"turtle": "text/turtle", "xml": "application/rdf+xml", "json-ld": "application/ld+json"}


def _site(path: str) -> URIRef:
    return URIRef(settings.SITE_URL + path)


def _texts(graph: Graph, subject, predicate, values: dict) -> None:
    for language, text in values.items():
        if text:
            graph.add((subject, predicate, Literal(text, lang=language or None)))


def _concept(graph: Graph, uri: str, label: str, kind=SKOS.Concept, scheme: str = "") -> URIRef:
    node = URIRef(uri)
    graph.add((node, RDF.type, kind))
    if kind != SKOS.Concept:
        graph.add((node, RDF.type, SKOS.Concept))
    graph.add((node, SKOS.prefLabel, Literal(str(label), lang="en")))
    if scheme:
        graph.add((node, SKOS.inScheme, URIRef(scheme)))
    return node


def _moment(value) -> Literal:
    return Literal(value.replace(microsecond=0).isoformat(), datatype=XSD.dateTime)


def new_graph() -> Graph:
    graph = Graph()
    for prefix, namespace in {
        "dcat": DCAT,
        "dct": DCTERMS,
        "foaf": FOAF,
        "skos": SKOS,
        "vcard": VCARD,
        "dcatap": DCATAP,
        "locn": LOCN,
        "gsp": GSP,
        "hydra": HYDRA,
    }.items():
        graph.bind(prefix, namespace)
    return graph


def catalogue_graph(datasets, *, page: int | None = None, next_page: str = "") -> Graph:
    """The dcat:Catalog with ``datasets`` (an iterable of Dataset with distributions prefetched)."""
    graph = new_graph()
    catalogue = _site(reverse("catalogue:list"))
    graph.add((catalogue, RDF.type, DCAT.Catalog))
    graph.add((catalogue, DCTERMS.title, Literal("SCDT Marketplace open data catalogue", lang="en")))
    graph.add(
        (
            catalogue,
            DCTERMS.description,
            Literal(
                "Open datasets of Turku, Gdańsk, Wrocław and Vilnius, harvested from the cities' "
                "portals by the Smart City Digital Twin network.",
                lang="en",
            ),
        )
    )
    publisher = _site("/")
    graph.add((catalogue, DCTERMS.publisher, publisher))
    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, FOAF.name, Literal("Smart City Digital Twin network", lang="en")))
    graph.add((catalogue, FOAF.homepage, _document(graph, settings.SITE_URL + "/")))
    if next_page:
        view = _site(reverse("catalogue:dcat", kwargs={"extension": "ttl"}) + f"?page={page}")
        graph.add((view, RDF.type, HYDRA.PagedCollection))
        graph.add((view, HYDRA.nextPage, Literal(next_page)))
    for dataset in datasets:
        node = add_dataset(graph, dataset)
        graph.add((catalogue, DCAT.dataset, node))
    return graph


def _document(graph: Graph, url: str) -> URIRef:
    node = URIRef(url)
    graph.add((node, RDF.type, FOAF.Document))
    return node


def add_dataset(graph: Graph, dataset: Dataset) -> URIRef:
    node = _site(dataset.get_absolute_url())
    graph.add((node, RDF.type, DCAT.Dataset))
    graph.add((node, DCTERMS.identifier, Literal(dataset.identifier or dataset.slug)))
    _texts(graph, node, DCTERMS.title, dataset.title)
    # DCAT-AP requires a description; a record without one repeats its title rather than lie.
    _texts(graph, node, DCTERMS.description, dataset.description or dataset.title)
    for keyword in dataset.keywords:
        graph.add((node, DCAT.keyword, Literal(keyword, lang=(dataset.languages or [None])[0])))
    for theme in dataset.themes:
        theme_node = _concept(
            graph,
            vocab.THEME_BASE + theme,
            vocab.THEMES.get(theme, theme),
            scheme=vocab.THEME_BASE[:-1],
        )
        graph.add((node, DCAT.theme, theme_node))
    if dataset.hvd_category:
        hvd = _concept(graph, vocab.HVD_BASE + dataset.hvd_category, vocab.HVD_CATEGORIES[dataset.hvd_category])
        graph.add((node, DCATAP.hvdCategory, hvd))
        graph.add((node, DCATAP.applicableLegislation, _legislation(graph)))
    if dataset.publisher_name:
        agent = BNode(f"publisher-{dataset.publisher_slug or dataset.pk}")
        graph.add((agent, RDF.type, FOAF.Agent))
        graph.add((agent, FOAF.name, Literal(dataset.publisher_name)))
        graph.add((node, DCTERMS.publisher, agent))
    if dataset.contact_name or dataset.contact_email:
        contact = BNode()
        graph.add((contact, RDF.type, VCARD.Kind))
        graph.add((contact, VCARD.fn, Literal(dataset.contact_name or dataset.publisher_name)))
        if dataset.contact_email:
            graph.add((contact, VCARD.hasEmail, URIRef("mailto:" + dataset.contact_email)))
        graph.add((node, DCAT.contactPoint, contact))
    _spatial(graph, node, dataset)
    if dataset.temporal_start or dataset.temporal_end:
        period = BNode()
        graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
        if dataset.temporal_start:
            graph.add(
                (
                    period,
                    DCAT.startDate,
                    Literal(dataset.temporal_start.isoformat(), datatype=XSD.date),
                )
            )
        if dataset.temporal_end:
            graph.add((period, DCAT.endDate, Literal(dataset.temporal_end.isoformat(), datatype=XSD.date)))
        graph.add((node, DCTERMS.temporal, period))
    if dataset.frequency:
        frequency = _concept(
            graph,
            vocab.FREQUENCY_BASE + dataset.frequency,
            vocab.FREQUENCIES[dataset.frequency],
            kind=DCTERMS.Frequency,
        )
        graph.add((node, DCTERMS.accrualPeriodicity, frequency))
    if dataset.issued:
        graph.add((node, DCTERMS.issued, _moment(dataset.issued)))
    if dataset.modified:
        graph.add((node, DCTERMS.modified, _moment(dataset.modified)))
    if dataset.landing_page:
        graph.add((node, DCAT.landingPage, _document(graph, dataset.landing_page)))
    if dataset.access_rights:
        rights = _concept(
            graph,
            vocab.ACCESS_RIGHT_BASE + dataset.access_rights,
            vocab.ACCESS_RIGHTS[dataset.access_rights],
            kind=DCTERMS.RightsStatement,
        )
        graph.add((node, DCTERMS.accessRights, rights))
    for language in dataset.languages:
        if language in LANGUAGE_CODES:
            uri = URIRef(LANGUAGE + LANGUAGE_CODES[language])
            graph.add((uri, RDF.type, DCTERMS.LinguisticSystem))
            graph.add((node, DCTERMS.language, uri))
    for distribution in dataset.distributions.all():
        graph.add((node, DCAT.distribution, _distribution(graph, dataset, distribution)))
    return node


def _legislation(graph: Graph) -> URIRef:
    node = URIRef(vocab.HVD_REGULATION)
    graph.add((node, RDF.type, URIRef("http://data.europa.eu/eli/ontology#LegalResource")))
    return node


def _licence(graph: Graph, code: str) -> URIRef | None:
    uri = vocab.licence_uri(code)
    if not uri:
        return None
    node = URIRef(vocab.LICENCE_BASE + code)
    graph.add((node, RDF.type, DCTERMS.LicenseDocument))
    graph.add((node, SKOS.exactMatch, URIRef(uri)))
    return node


def _spatial(graph: Graph, node, dataset: Dataset) -> None:
    if not (dataset.spatial_label or dataset.spatial_bbox):
        return
    location = BNode()
    graph.add((location, RDF.type, DCTERMS.Location))
    if dataset.spatial_label:
        graph.add((location, SKOS.prefLabel, Literal(dataset.spatial_label)))
    if dataset.spatial_bbox:
        west, south, east, north = dataset.spatial_bbox
        wkt = f"POLYGON(({west} {south},{east} {south},{east} {north},{west} {north},{west} {south}))"
        graph.add((location, DCAT.bbox, Literal(wkt, datatype=GSP.wktLiteral)))
    graph.add((node, DCTERMS.spatial, location))


def _distribution(graph: Graph, dataset: Dataset, distribution) -> URIRef:
    node = _site(f"{dataset.get_absolute_url()}#distribution-{distribution.pk}")
    graph.add((node, RDF.type, DCAT.Distribution))
    graph.add((node, DCAT.accessURL, URIRef(distribution.access_url)))
    if distribution.download_url:
        graph.add((node, DCAT.downloadURL, URIRef(distribution.download_url)))
    if distribution.title:
        graph.add((node, DCTERMS.title, Literal(distribution.title)))
    if distribution.description:
        graph.add((node, DCTERMS.description, Literal(distribution.description)))
    if distribution.format:
        file_type = URIRef(vocab.FILE_TYPE_BASE + distribution.format)
        graph.add((file_type, RDF.type, DCTERMS.MediaTypeOrExtent))
        graph.add((node, DCTERMS["format"], file_type))
    if distribution.media_type and "/" in distribution.media_type:
        media = URIRef(IANA + distribution.media_type)
        graph.add((media, RDF.type, DCTERMS.MediaType))
        graph.add((node, DCAT.mediaType, media))
    if distribution.byte_size is not None:
        graph.add((node, DCAT.byteSize, Literal(distribution.byte_size, datatype=XSD.nonNegativeInteger)))
    licence = _licence(graph, distribution.licence or dataset.licence)
    if licence is not None:
        graph.add((node, DCTERMS.license, licence))
    if distribution.modified:
        graph.add((node, DCTERMS.modified, _moment(distribution.modified)))
    return node


def serialise(graph: Graph, fmt: str) -> bytes:
    if fmt == "json-ld":
        return graph.serialize(format="json-ld", auto_compact=True).encode()
    return graph.serialize(format=fmt, encoding="utf-8")
