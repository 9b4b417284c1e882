"""Search gives the same rows on SQLite and PostgreSQL: the expectations below are literal,
and `make test` runs this file on both databases."""

import pytest

from scdt.marketplace import queries, search
from scdt.marketplace.queries import Filters

pytestmark = pytest.mark.django_db

DOCUMENTS = {
    "gdansk": (
        "Parking data for Gdańsk old town",
        "Occupancy of parking places near Długi Targ.",
        "en",
        [("Gdańsk", "PL")],
    ),
    "turku": (
        "Pysäköinti Turun keskustassa",
        "Reaaliaikainen pysäköintitieto ja liikennevirrat.",
        "fi",
        [("Turku", "FI")],
    ),
    "vilnius": (
        "Oro kokybės jutiklių duomenys",
        "Oro kokybės duomenų suliejimas Vilniuje.",
        "lt",
        [("Vilnius", "LT")],
    ),
    "wroclaw": (
        "Model 3D miasta Wrocławia",
        "Aktualizacja modelu CityGML na podstawie skanowania LiDAR.",
        "pl",
        [("Wrocław", "PL")],
    ),
    "english": (
        "Air quality sensor fusion",
        'Fusing low-cost sensors with reference stations; NEAR real-time "quoted" data.',
        "en",
        [("Turku", "FI")],
    ),
}


@pytest.fixture
def corpus(member, make):
    made = {}
    for key, (title, description, language, places) in DOCUMENTS.items():
        made[key] = make(
            member,
            publish=True,
            title=title,
            description=description + " " * 20 + ".",
            language=language,
            places=places,
        )
    # A draft never shows up in search.
    make(member, title="Parking draft in Gdańsk", description="Not published yet, about parking.")
    return made


def keys(corpus, q, **filters):
    ids = set(queries.search_ids(Filters(q=q, **filters)))
    return {key for key, opportunity in corpus.items() if opportunity.pk in ids}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Gdańsk", {"gdansk"}),
        ("gdansk", {"gdansk"}),
        ("GDANSK parking", {"gdansk"}),
        ("pysäköinti", {"turku"}),
        ("pysakointi", {"turku"}),
        ("pysäköin", {"turku"}),  # prefix of "pysäköintitieto" too
        ("oro kokybė", {"vilnius"}),
        ("oro kokybe", {"vilnius"}),
        ("Wrocław", {"wroclaw"}),
        ("wroclawia", {"wroclaw"}),
        ("dlugi targ", {"gdansk"}),
        ("sensor", {"english"}),
        ("park", {"gdansk"}),
        ("parking nowhere", set()),
        ("", {"gdansk", "turku", "vilnius", "wroclaw", "english"}),
    ],
)
def test_search_same_rows_on_every_database(corpus, q, expected):
    assert keys(corpus, q) == expected


@pytest.mark.parametrize(
    "q",
    [
        '"',
        '""',
        '"unbalanced',
        "*",
        "park*",
        "NEAR",
        "NEAR(parking data)",
        "parking NEAR data",
        "-parking",
        "title:parking",
        "a:b:c",
        "parking OR sensor",
        "AND",
        "(",
        ")",
        "'",
        "\\",
        "^parking",
        "%",
        "_",
        "; DROP TABLE marketplace_opportunity; --",
        "\x00",
        "ąę" * 300,
    ],
)
def test_search_special_characters_never_reach_the_engine(corpus, q):
    queries.search_ids(Filters(q=q))  # no exception
    result = queries.browse(Filters(q=q))
    assert result.count >= 0


def test_search_quoted_words_match_like_plain_words(corpus):
    assert keys(corpus, '"quoted" near') == {"english"}


def test_parse_query_keeps_only_safe_tokens():
    parsed = search.parse_query('"Gdańsk" NEAR(park*) -x title:y')
    assert parsed.terms == ("gdansk", "near", "park", "x", "title", "y")
    assert all(term.isalnum() for term in parsed.terms)


def test_fold_removes_accents_and_special_letters():
    assert search.fold("Gdańsk Łódź pysäköinti oro kokybė Straße") == "gdansk lodz pysakointi oro kokybe strasse"


def test_relevance_puts_title_matches_first(member, make):
    body_only = make(
        member,
        publish=True,
        title="Mobility services",
        description="We also have some parking occupancy sensors for cities.",
    )
    in_title = make(
        member,
        publish=True,
        title="Parking occupancy sensors",
        description="Sensors on every street, counting cars all day long.",
    )
    assert queries.search_ids(Filters(q="parking", sort="relevance")) == [in_title.pk, body_only.pk]


def test_search_with_facets_and_sorting(corpus):
    assert keys(corpus, "", country="PL") == {"gdansk", "wroclaw"}
    assert keys(corpus, "", city="turku") == {"turku", "english"}
    newest = queries.cards(queries.search_ids(Filters(sort="expiring")))
    assert [o.expires_on for o in newest] == sorted(o.expires_on for o in newest)
