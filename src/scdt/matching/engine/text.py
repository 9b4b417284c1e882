"""Text representation of an item, and tokenisation for the lexical index.

One representation serves both sides: the dense model reads ``item_text`` and BM25
reads ``tokenize(item_text(...))``. Items are plain dicts so the same code runs on
DOCS.jsonl lines, marketplace opportunities and harvested datasets.
"""

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache

from . import weights

_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_URL = re.compile(r"(?:https?://|www\.)\S+|\(/paper/[^)]*\)")
_SPACE = re.compile(r"\s+")
# Bold/italic/code marks of Markdown descriptions ("**kävijävirtoja**"), not single "*" or "_".
_MARKDOWN_EMPHASIS = re.compile(r"\*\*|__|`")

# Letters NFKD does not split into base + combining mark.
_FOLD = str.maketrans({"ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ı": "i"})

# A token is a run of letters/digits, optionally joined by . - / (codes such as
# "CityGML 3.0", "PM2.5", "ISO-19115", "EN/IEC"); the joined form and its parts
# are both indexed, so "super-resolution" matches "super resolution" too.
_TOKEN = re.compile(r"[^\W_]+(?:[./-][^\W_]+)*")
_JOINERS = re.compile(r"[./-]")

# Function words of the network's languages, after folding. Short on purpose:
# BM25's idf already discounts frequent words; these only keep them out of
# explanations and save postings.
_STOPWORDS_EN = (
    "a an and are as at be been but by can could do does for from has have how i if in into"
    " is it its of on or our such than that the their them then there these they this those"
    " to use used using was we were what when where which who will with would you your my"
    " me us via per also other new both each about more most all any"
)
_STOPWORDS_FI = (
    "ja on ei se ne ole tai kuin etta joka mika myos sen siita kanssa ovat oli han me te he"
    " mutta kun jos niin vain tama nama kaikki"
)
_STOPWORDS_PL = (
    "i w z na do nie sie jest to ze o od po za dla jak lub oraz a ale czy przez przy tak"
    " jako ten ta te tego tej tym sa by bez pod nad"
)
_STOPWORDS_LT = (
    "ir i is ar su per kad kaip bet tai yra bei jo jos ju mes jus jie o nuo iki apie del"
    " prie ta tas tie kuris kuri"
)
STOPWORDS = frozenset(
    f"{_STOPWORDS_EN} {_STOPWORDS_FI} {_STOPWORDS_PL} {_STOPWORDS_LT}".split()
)


def clean_text(text: str) -> str:
    """Markdown links become their text; emphasis marks and URLs go; whitespace collapses."""
    text = _MARKDOWN_LINK.sub(r"\1", text or "")
    text = _MARKDOWN_EMPHASIS.sub("", text)
    text = _URL.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def truncate_words(text: str, max_words: int | None) -> str:
    if not max_words:
        return text
    words = text.split(" ")
    if len(words) <= max_words:
        return text
    return " ".join(words[:max_words])


def item_text(item: Mapping, *, max_words: int | None = None) -> str:
    """The one text that represents an item.

    Reads ``title``, ``description``, ``tags``, ``topics``, ``category`` and
    ``organisation`` (all optional, strings or lists of strings). The title and
    other names come first so they survive truncation; ``max_words`` cuts the
    description (the dense model's cost grows with length; see weights.py).
    """
    title = clean_text(str(item.get("title") or ""))
    names = [clean_text(str(tag)) for tag in item.get("tags") or () if tag]
    names = [name for name in names if name and name.casefold() != title.casefold()]
    head = title
    if names:
        head = f"{title} ({', '.join(names)})" if title else ", ".join(names)
    parts = [head] if head else []
    description = clean_text(str(item.get("description") or ""))
    if description:
        parts.append(truncate_words(description, max_words))
    topics = [clean_text(str(topic)) for topic in item.get("topics") or () if topic]
    if topics:
        parts.append("Topics: " + ", ".join(topics))
    for label, field in (("Category", "category"), ("Organisation", "organisation")):
        value = clean_text(str(item.get(field) or ""))
        if value:
            parts.append(f"{label}: {value}")
    return ". ".join(part.rstrip(". ") for part in parts)


def written_text(item: Mapping) -> str:
    """Title, other names and description only: the part of item_text people wrote."""
    return item_text({key: item.get(key) for key in ("title", "tags", "description")})


def fold(text: str) -> str:
    """Casefold and strip diacritics: "Łódź" -> "lodz", "Šiauliai" -> "siauliai"."""
    text = unicodedata.normalize("NFKD", (text or "").casefold().translate(_FOLD))
    return "".join(char for char in text if not unicodedata.combining(char))


def stem(token: str, prefix: int | None = None) -> str:
    """Language-agnostic stemming by prefix truncation.

    Finnish, Polish and Lithuanian inflect heavily at the end of the word; keeping
    the first N letters conflates the forms well enough for BM25 (tuned on the dev
    benchmark, see weights.STEM_PREFIX). Tokens with digits are codes: untouched.
    """
    prefix = weights.STEM_PREFIX if prefix is None else prefix
    if not prefix or len(token) <= prefix or not token.isalpha():
        return token
    return token[:prefix]


def tokenize(text: str, *, prefix: int | None = None) -> list[str]:
    """Index terms of ``text``: folded, stopwords removed, stemmed, codes kept whole."""
    terms = []
    for match in _TOKEN.finditer(fold(text)):
        token = match.group()
        pieces = [token]
        if _JOINERS.search(token):
            pieces += [piece for piece in _JOINERS.split(token) if piece]
        for piece in pieces:
            if piece in STOPWORDS or (len(piece) < 2 and not piece.isdigit()):
                continue
            terms.append(stem(piece, prefix))
    return terms


def word_spans(text: str) -> Iterable[tuple[int, int, frozenset[str]]]:
    """(start, end, index terms) for each indexable word of ``text`` (for highlighting).

    Folding can change a string's length (ß -> ss), so spans are taken on the
    original text word by word and each word is tokenised on its own; a joined
    word ("CityGML-muodossa") carries its own term and its parts' terms.
    """
    for match in _TOKEN.finditer(text or ""):
        terms = _word_terms(match.group())
        if terms:
            yield match.start(), match.end(), terms


@lru_cache(maxsize=100_000)
def _word_terms(word: str) -> frozenset[str]:
    # Explanations re-tokenise the same words for every candidate; cache them.
    return frozenset(tokenize(word))
