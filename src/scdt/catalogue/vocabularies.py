"""The controlled vocabularies of DCAT-AP 3 the catalogue speaks: EU data themes, HVD
categories, update frequencies, licences, file types and access rights.

Harvesters normalise what portals send to these codes; the DCAT-AP output turns the
codes back into the EU Publications Office URIs.
"""

from django.utils.translation import gettext_lazy as _

THEME_BASE = "http://publications.europa.eu/resource/authority/data-theme/"
FREQUENCY_BASE = "http://publications.europa.eu/resource/authority/frequency/"
FILE_TYPE_BASE = "http://publications.europa.eu/resource/authority/file-type/"
LICENCE_BASE = "http://publications.europa.eu/resource/authority/licence/"
ACCESS_RIGHT_BASE = "http://publications.europa.eu/resource/authority/access-right/"
HVD_BASE = "http://data.europa.eu/bna/"
HVD_REGULATION = "http://data.europa.eu/eli/reg_impl/2023/138/oj"

THEMES = {
    "AGRI": _("Agriculture, fisheries, forestry and food"),
    "ECON": _("Economy and finance"),
    "EDUC": _("Education, culture and sport"),
    "ENER": _("Energy"),
    "ENVI": _("Environment"),
    "GOVE": _("Government and public sector"),
    "HEAL": _("Health"),
    "INTR": _("International issues"),
    "JUST": _("Justice, legal system and public safety"),
    "REGI": _("Regions and cities"),
    "SOCI": _("Population and society"),
    "TECH": _("Science and technology"),
    "TRAN": _("Transport"),
}
THEME_CHOICES = list(THEMES.items())

HVD_CATEGORIES = {
    "c_ac64a52d": _("Geospatial"),
    "c_dd313021": _("Earth observation and environment"),
    "c_164e0bf5": _("Meteorological"),
    "c_e1da4e07": _("Statistics"),
    "c_a9135398": _("Companies and company ownership"),
    "c_b79e35eb": _("Mobility"),
}
HVD_CHOICES = list(HVD_CATEGORIES.items())

FREQUENCIES = {
    "CONT": _("Continuous"),
    "DAILY": _("Daily"),
    "WEEKLY": _("Weekly"),
    "MONTHLY": _("Monthly"),
    "QUARTERLY": _("Quarterly"),
    "ANNUAL": _("Annual"),
    "IRREG": _("Irregular"),
    "NEVER": _("Never"),
    "UNKNOWN": _("Unknown"),
}
FREQUENCY_CHOICES = list(FREQUENCIES.items())

# Licence identifiers of the EU licence authority table, with the URIs and the many
# spellings portals use for them (CKAN license_id, dane.gov.pl codes, free text).
LICENCES = {
    "CC_BY_4_0": ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "CC_BYSA_4_0": ("CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
    "CC0": ("CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "CC_BY_3_0": ("CC BY 3.0", "https://creativecommons.org/licenses/by/3.0/"),
    "ODC_BY": ("ODC-By 1.0", "https://opendatacommons.org/licenses/by/1-0/"),
    "ODBL": ("ODbL 1.0", "https://opendatacommons.org/licenses/odbl/1-0/"),
    "PDDL": ("PDDL 1.0", "https://opendatacommons.org/licenses/pddl/1-0/"),
    "OGL_3_0": (
        "OGL 3.0",
        "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    ),
}
LICENCE_ALIASES = {
    "cc-by": "CC_BY_4_0",
    "cc-by-4.0": "CC_BY_4_0",
    "cc-by-40": "CC_BY_4_0",
    "ccby40": "CC_BY_4_0",
    "cc_by_4_0": "CC_BY_4_0",
    "cc by 4.0": "CC_BY_4_0",
    "creative commons attribution": "CC_BY_4_0",
    "creative commons attribution 4.0": "CC_BY_4_0",
    "cc-by-sa": "CC_BYSA_4_0",
    "cc-by-sa-4.0": "CC_BYSA_4_0",
    "cc_bysa_4_0": "CC_BYSA_4_0",
    "creative commons attribution share-alike": "CC_BYSA_4_0",
    "cc-zero": "CC0",
    "cc0": "CC0",
    "cc0-1.0": "CC0",
    "cc0 1.0": "CC0",
    "creative commons cczero": "CC0",
    "cc-by-3.0": "CC_BY_3_0",
    "odc-by": "ODC_BY",
    "odc-odbl": "ODBL",
    "odbl": "ODBL",
    "odc-pddl": "PDDL",
    "uk-ogl": "OGL_3_0",
}


def normalise_licence(value: str | None) -> str:
    """A known licence code for what a portal wrote, or "" when unknown."""
    if not value:
        return ""
    text = str(value).strip()
    if text in LICENCES:
        return text
    for code, (_label, uri) in LICENCES.items():
        if text.rstrip("/") == uri.rstrip("/") or text == LICENCE_BASE + code:
            return code
    lowered = text.lower().rstrip("/")
    if lowered in LICENCE_ALIASES:
        return LICENCE_ALIASES[lowered]
    if "creativecommons.org/licenses/by/4.0" in lowered:
        return "CC_BY_4_0"
    if "creativecommons.org/licenses/by-sa/4.0" in lowered:
        return "CC_BYSA_4_0"
    if "publicdomain/zero" in lowered:
        return "CC0"
    return ""


def licence_label(code: str) -> str:
    return LICENCES[code][0] if code in LICENCES else code


def licence_uri(code: str) -> str:
    return LICENCES[code][1] if code in LICENCES else ""


# File types: code of the EU file-type table -> IANA media type.
FILE_TYPES = {
    "CSV": "text/csv",
    "JSON": "application/json",
    "GEOJSON": "application/geo+json",
    "XML": "application/xml",
    "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "XLS": "application/vnd.ms-excel",
    "ODS": "application/vnd.oasis.opendocument.spreadsheet",
    "PDF": "application/pdf",
    "ZIP": "application/zip",
    "HTML": "text/html",
    "TXT": "text/plain",
    "SHP": "application/x-shapefile",
    "GML": "application/gml+xml",
    "KML": "application/vnd.google-earth.kml+xml",
    "RDF_XML": "application/rdf+xml",
    "RDF_TURTLE": "text/turtle",
    "JSON_LD": "application/ld+json",
    "WMS_SRVC": "",
    "WFS_SRVC": "",
    "API": "",
    "GTFS": "application/zip",
}
FORMAT_ALIASES = {
    "geo+json": "GEOJSON",
    "geojson": "GEOJSON",
    "xls": "XLS",
    "xlsx": "XLSX",
    "ods": "ODS",
    "rdf": "RDF_XML",
    "rdf/xml": "RDF_XML",
    "ttl": "RDF_TURTLE",
    "turtle": "RDF_TURTLE",
    "jsonld": "JSON_LD",
    "json-ld": "JSON_LD",
    "wms": "WMS_SRVC",
    "wfs": "WFS_SRVC",
    "shapefile": "SHP",
    "esri shapefile": "SHP",
    "txt": "TXT",
    "text": "TXT",
    "htm": "HTML",
    "web page": "HTML",
    "gtfs": "GTFS",
    "rest": "API",
    "api": "API",
}
MEDIA_TYPE_FORMATS = {media: code for code, media in FILE_TYPES.items() if media}
MEDIA_TYPE_FORMATS["application/vnd.geo+json"] = "GEOJSON"
MEDIA_TYPE_FORMATS["text/xml"] = "XML"


def normalise_format(value: str | None, media_type: str | None = None) -> str:
    """A file-type code for a format label, extension, URI or media type; "" if unknown."""
    text = (value or "").strip()
    text = text.removeprefix(FILE_TYPE_BASE)
    if "/" in text and not text.lower().startswith("rdf/"):
        media_type = media_type or text
        text = ""
    text = text.lstrip(".")
    upper = text.upper()
    if upper in FILE_TYPES:
        return upper
    if text.lower() in FORMAT_ALIASES:
        return FORMAT_ALIASES[text.lower()]
    if media_type:
        base = media_type.split(";")[0].strip().lower()
        if base.startswith("http") and "/media-types/" in base:
            base = base.split("/media-types/", 1)[1]
        return MEDIA_TYPE_FORMATS.get(base, "")
    return ""


FREQUENCY_ALIASES = {
    "continuous": "CONT",
    "realtime": "CONT",
    "real-time": "CONT",
    "daily": "DAILY",
    "weekly": "WEEKLY",
    "monthly": "MONTHLY",
    "quarterly": "QUARTERLY",
    "annual": "ANNUAL",
    "yearly": "ANNUAL",
    "irregular": "IRREG",
    "irreg": "IRREG",
    "never": "NEVER",
    "notplanned": "NEVER",
    # dane.gov.pl's update_frequency values
    "everyhalfyear": "ANNUAL",
    "everyyear": "ANNUAL",
    "everyquarter": "QUARTERLY",
    "everymonth": "MONTHLY",
    "everyweek": "WEEKLY",
    "everyday": "DAILY",
    "notapplicable": "UNKNOWN",
}


def normalise_frequency(value: str | None) -> str:
    if not value:
        return ""
    text = str(value).strip()
    text = text.removeprefix(FREQUENCY_BASE)
    if text.upper() in FREQUENCIES:
        return text.upper()
    return FREQUENCY_ALIASES.get(text.lower().replace("_", "").replace(" ", ""), "")


THEME_ALIASES = {
    # Words portals use in groups and categories, in the network's languages too.
    "transport": "TRAN",
    "transportation": "TRAN",
    "mobility": "TRAN",
    "komunikacja": "TRAN",
    "transport-i-komunikacja": "TRAN",
    "liikenne": "TRAN",
    "environment": "ENVI",
    "srodowisko": "ENVI",
    "ymparisto": "ENVI",
    "aplinka": "ENVI",
    "energy": "ENER",
    "energia": "ENER",
    "health": "HEAL",
    "zdrowie": "HEAL",
    "terveys": "HEAL",
    "economy": "ECON",
    "gospodarka": "ECON",
    "finanse": "ECON",
    "talous": "ECON",
    "education": "EDUC",
    "edukacja": "EDUC",
    "kultura": "EDUC",
    "koulutus": "EDUC",
    "government": "GOVE",
    "administracja": "GOVE",
    "urzad-miejski": "GOVE",
    "dane-przestrzenne": "REGI",
    "sport-i-rekreacja": "EDUC",
    "demografia": "SOCI",
    "ludnosc": "SOCI",
    "turystyka": "ECON",
    "edukacja-i-kultura": "EDUC",
    "hallinto": "GOVE",
    "population": "SOCI",
    "spoleczenstwo": "SOCI",
    "vaesto": "SOCI",
    "regions": "REGI",
    "region": "REGI",
    "miasto": "REGI",
    "planning": "REGI",
    "rakentaminen": "REGI",
    "science": "TECH",
    "technology": "TECH",
    "nauka": "TECH",
    "safety": "JUST",
    "bezpieczenstwo": "JUST",
    "agriculture": "AGRI",
    "rolnictwo": "AGRI",
}


def normalise_theme(value: str | None) -> str:
    if not value:
        return ""
    text = str(value).strip()
    text = text.removeprefix(THEME_BASE)
    if text.upper() in THEMES:
        return text.upper()
    return THEME_ALIASES.get(text.lower(), "")


def normalise_hvd(value: str | None) -> str:
    if not value:
        return ""
    text = str(value).strip().rstrip("/")
    code = text.rsplit("/", 1)[-1]
    return code if code in HVD_CATEGORIES else ""


ACCESS_RIGHTS = {
    "PUBLIC": _("Public"),
    "RESTRICTED": _("Restricted"),
    "NON_PUBLIC": _("Non-public"),
}
ACCESS_RIGHT_CHOICES = list(ACCESS_RIGHTS.items())
