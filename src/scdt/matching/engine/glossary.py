"""A small multilingual smart-city glossary: words in en/fi/pl/lt -> one concept.

Why: multilingual-e5-small (4-bit) matches short phrases across languages well,
but on whole listings the language of the text outweighs the topic (measured:
3 of 8 cross-language counterparts first, see docs/matching.md). Mapping known
domain words to language-free concept tokens ("@air_quality") gives BM25 a
cross-language signal, and the explanation a shared concept to show.

Term syntax, after folding (lower case, no diacritics): a word matches a token
that starts with it; a word of 5+ letters also matches inside a token (Finnish
and Lithuanian compounds: "tulvariskeista" has "tulva"); a word ending in "="
must equal the token ("bus=" is not "business"); the words of a term must
follow each other. The DB layer may
pass its own topic taxonomy (Topic.name_en/fi/pl/lt) the same way.
"""

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from .text import fold

CONCEPTS: dict[str, tuple[str, ...]] = {
    # concept: en | fi | pl | lt terms
    "parking": ("parking", "car park", "pysakoi", "parkki", "parkingow", "parkowan",
                "stovejimo aikstel", "automobiliu stovejim", "parkavim"),
    "occupancy": ("occupancy", "how full", "kayttoast", "zajetos", "uzimtum"),
    "real_time": ("real-time", "real time", "realtime", "live=", "reaaliaik",
                  "czasie rzeczywist", "realiu laik", "realiuoju laik"),
    "city_model_3d": ("3d city", "3d model", "3d building", "city model", "citygml",
                      "3d-mall", "kaupunkimall", "kolmiulott", "model 3d", "trojwymiar",
                      "trimat", "lod2"),
    "building": ("building", "rakennu", "rakennuk", "budyn", "pastat"),
    "air_quality": ("air quality", "air pollution", "particulate", "pm2", "pm10", "no2",
                    "ilmanlaa", "ilmansaast", "pienhiukka", "jakosc powietrz",
                    "zanieczyszczen powietrz", "pyl zawieszon", "oro kokyb", "oro tars", "kd2",
                    "kd10", "kietosios dalel"),
    "sensor": ("sensor", "iot", "anturi", "sensori", "czujnik", "jutikl"),
    "energy": ("energy", "energia", "energi", "energij"),
    "consumption": ("consumption", "kulutu", "zuzyc", "suvartoj"),
    "electricity": ("electricity", "electric", "sahko", "elektrycz", "elektros", "elektr"),
    "heating": ("heating", "district heat", "lammit", "kaukolamp", "lampo", "ogrzewan", "ciepl",
                "silum", "sildym"),
    "public_transport": ("public transport", "bus=", "buses=", "tram", "transit", "joukkoliik",
                         "bussi", "raitiovaun", "raitiotie", "transport publiczn",
                         "komunikacj miejsk", "autobus", "tramwaj", "viesasis transport",
                         "viesojo transport", "troleibus"),
    "vehicle_location": ("vehicle position", "vehicle location", "bus= location",
                         "bus= position", "sijainn", "sijaint", "lokalizacj", "polozeni",
                         "vietov", "padet"),
    "timetable": ("timetable", "schedule", "gtfs", "aikataul", "rozklad", "tvarkarast"),
    "flood": ("flood", "inundation", "tulva", "powodz", "podtopien", "potvyn", "uzliej"),
    "stormwater": ("stormwater", "storm water", "rainwater", "rain water", "huleve",
                   "wody opadow", "deszczow", "lietaus vand", "lietaus"),
    "cycling": ("bicycle", "cycling", "cyclist", "bike", "pyora", "polkupyor", "rower",
                "dvirat"),
    "counting": ("counter", "counts=", "counting", "laskuri", "laskent", "licznik", "zliczan",
                 "skaiciav", "skaitikl"),
    "noise": ("noise", "acoustic", "melu", "halas", "akustycz", "triuksm", "akustin"),
    "map": ("map", "mapping", "kartta", "kartoi", "mapa=", "mapy=", "map=", "zemelap"),
    "urban_planning": ("urban planning", "planning", "zoning", "suunnittel", "kaavoit",
                       "planowan", "urbanisty", "planav", "planuot", "teritorij planav"),
    "traffic": ("traffic", "liikente", "liikenne", "ruch=", "ruchu=", "eism"),
    "road": ("road", "street", "katu", "drog", "ulic", "keliu", "kelio", "gatv"),
    "housing": ("residential", "housing", "asuinalue", "asunto", "mieszkan", "gyvenam"),
    "health": ("health", "tervey", "zdrow", "sveikat"),
    "solar": ("solar", "photovolt", "aurinko", "slonecz", "fotowolt", "saules"),
    "waste": ("waste", "jatehuol", "jate=", "jatteet", "odpad", "atliek"),
    "ev_charging": ("ev charging", "charging", "charger", "latauspist", "lataus",
                    "ladowan", "ikrov"),
    "population": ("population", "demograph", "vaesto", "ludnos", "demograf", "gyventoj"),
    "tourism": ("touris", "matkail", "turyst", "turizm", "turist"),
    "visitor_flows": ("visitor flow", "visitor count", "footfall", "pedestrian flow", "kavijavir",
                      "kavijamaar", "jalankulkij", "odwiedzajacych", "przeplyw piesz",
                      "przeplywow piesz", "lankytoj", "pesciuj sraut"),
    "anonymised": ("anonymi", "anonymous", "anonyym", "anonimow", "anonimiz", "nuasmen",
                   "anonimi"),
    "digital_twin": ("digital twin", "digitaalinen kaksonen", "digitaaliset kaksoset",
                     "cyfrow blizniak", "skaitmenin dvyn"),
    "green_space": ("green space", "green area", "urban tree", "viheralue", "puisto", "zielen",
                    "drzew", "zaliuos", "zeldin"),
    "street_lighting": ("street light", "street lamp", "katuvalo", "valaistu", "oswietl",
                        "apsviet"),
}

_WORD = re.compile(r"[^\W_]+(?:[.-][^\W_]+)*")


def _compile(concepts: Mapping[str, Iterable[str]]):
    compiled = []
    for concept, terms in concepts.items():
        for term in terms:
            words = tuple(
                (fold(word.rstrip("=")), word.endswith("=")) for word in term.split()
            )
            compiled.append((concept, words))
    return compiled


_DEFAULT = _compile(CONCEPTS)


def _word_matches(pattern: tuple[str, bool], token: str) -> bool:
    word, exact = pattern
    if exact:
        return token == word
    return token.startswith(word) or (len(word) >= 5 and word in token)


@lru_cache(maxsize=200_000)
def _starting_here(token: str) -> tuple:
    """Default-glossary terms whose first word matches ``token`` (cached: corpora
    repeat tokens, and 300 terms x every token would dominate indexing time)."""
    return tuple((concept, words) for concept, words in _DEFAULT if _word_matches(words[0], token))


def concepts(text: str, glossary: Mapping[str, Iterable[str]] | None = None) -> list[str]:
    """Concept ids found in ``text``, in order of first appearance."""
    tokens = _WORD.findall(fold(text))
    found: dict[str, None] = {}
    compiled = None if glossary is None else _compile(glossary)
    for start, token in enumerate(tokens):
        if compiled is None:
            candidates = _starting_here(token)
        else:
            candidates = [term for term in compiled if _word_matches(term[1][0], token)]
        for concept, words in candidates:
            if concept in found or start + len(words) > len(tokens):
                continue
            if all(
                _word_matches(word, tokens[start + offset])
                for offset, word in enumerate(words[1:], start=1)
            ):
                found[concept] = None
    return list(found)


def concept_terms(text: str, glossary=None) -> list[str]:
    """Concept tokens for the BM25 index ("@air_quality")."""
    return [f"@{concept}" for concept in concepts(text, glossary)]
