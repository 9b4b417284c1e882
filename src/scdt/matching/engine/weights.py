"""Every tunable number of the matching engine, in one place.

Text-side numbers were tuned on the DataFinder dev split (198 queries, 7,564
datasets; `benchmarks/rank_datafinder.py --tune`). It is the only split we have,
so the reported dev numbers are optimistic by however much the grid overfits;
the grid is small (a handful of values per knob) to keep that small.
"""

# --- representation -------------------------------------------------------------
# Words of description fed to the dense model (title and other names always go
# first). TODO numbers.
DOC_MAX_WORDS = 100
# Prefix-truncation stemming for BM25 (0 = off).
STEM_PREFIX = 6
# Add glossary concept tokens (engine/glossary.py) to BM25 terms.
USE_GLOSSARY = True

# --- BM25 ------------------------------------------------------------------------
BM25_K1 = 1.2
BM25_B = 0.75

# --- fusion ----------------------------------------------------------------------
# "sum": weighted sum of per-query normalised scores; "rrf": reciprocal-rank fusion.
FUSION = "sum"
# Candidates taken from each ranking before fusing.
FUSION_DEPTH = 200
# Share of the dense score in the "sum" fusion (the rest is BM25).
DENSE_WEIGHT = 0.7
# RRF constant and per-ranking weights (dense, lexical).
RRF_K = 60
RRF_WEIGHTS = (1.0, 1.0)

# --- structured reranking (NOT tuned: no benchmark has these features) -------------
# Added to the fused text score, which lies in [0, 1] for "sum" fusion; so 0.1 is
# "a tenth of the gap between the best and the weakest text candidate".
FEATURE_WEIGHTS = {
    "kind": 0.10,
    "topics": 0.15,
    "city": 0.05,
    "country": 0.03,
    "organisation_type": 0.05,
    "freshness": 0.03,
    "feedback": 0.10,
}
FRESHNESS_HALF_LIFE_DAYS = 180.0
# Pseudo-count of the feedback share: 4 marks weigh as much as the neutral prior.
FEEDBACK_PRIOR = 4.0

# --- score bands -----------------------------------------------------------------
# Dense cosine (query: vs passage:) thresholds, calibrated on dev. TODO numbers.
BAND_STRONG = 0.85
BAND_GOOD = 0.80
