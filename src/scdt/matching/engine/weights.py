"""Every tunable number of the matching engine, in one place.

Text-side numbers were tuned on the DataFinder dev split (198 queries, 7,564
datasets; `benchmarks/rank_datafinder.py --tune`). It is the only split we have,
so the reported dev numbers are optimistic by however much the grid overfits;
the grid is small (a handful of values per knob) to keep that small.
"""

# --- representation -------------------------------------------------------------
# Words of description fed to the dense model (title and other names always go
# first). Dev nDCG@10 full / keyphrase, 100 words vs all: dense 10.02 / 14.20 vs
# 7.61 / 14.84; hybrid 24.23 / 33.13 vs 25.96 / 33.19. 1,625 of 7,564 datasets are
# longer; embedding them in full took 1,508 s more (2 busy cores) -- kept at 100.
DOC_MAX_WORDS = 100
# Prefix-truncation stemming for BM25 (0 = off). Dev nDCG@10 full / keyphrase at
# k1=0.9, b=0.4: off 10.66 / 14.56, 4: 11.50 / 14.74, 5: 11.62 / 14.81,
# 6: 10.95 / 12.89, 7: 10.85 / 13.33.
STEM_PREFIX = 5
# Add glossary concept tokens (engine/glossary.py) to BM25 terms. Neutral on dev
# (10.92 / 10.77 without, 10.97 / 10.81 with, at prefix 6, k1 1.2, b 0.75); it is
# there for cross-language matching (tests/matching fixture: 8 of 8 with it).
USE_GLOSSARY = True

# --- BM25 ------------------------------------------------------------------------
# Dev nDCG@10 full / keyphrase at prefix 5: (k1 0.9, b 0.4) 11.62 / 14.81;
# (1.2, 0.75) 11.42 / 11.28; (1.2, 0.5) 11.61 / 14.13; (0.6, 0.3) 11.25 / 15.62.
# Short dataset descriptions reward a weak length normalisation.
BM25_K1 = 0.9
BM25_B = 0.4

# --- fusion ----------------------------------------------------------------------
# "sum": weighted sum of per-query normalised scores; "rrf": reciprocal-rank fusion.
FUSION = "sum"
# Candidates taken from each ranking before fusing (dev: 100 and 200 within 0.3).
FUSION_DEPTH = 100
# Share of the dense score in the "sum" fusion (the rest is BM25). Dev nDCG@10
# full / keyphrase, depth 100, no prior: 0.3: 13.34 / 16.88, 0.5: 14.32 / 15.93,
# 0.6: 14.14 / 16.43, 0.7: 14.07 / 16.47, 0.8: 13.44 / 16.64 -- flat, so the
# value that also ranks the cross-language fixture 8/8 (0.3; 0.7 gives 6/8).
DENSE_WEIGHT = 0.3
# Weight of the item prior (index.item_prior, in [0, 1]) added to the "sum"
# fusion. Dev nDCG@10 full / keyphrase at DENSE_WEIGHT 0.3: 0: 13.34 / 16.88,
# 0.2: 16.16 / 22.09, 0.4: 18.93 / 27.12, 0.6: 22.65 / 30.85, 0.8: 24.23 / 33.13,
# 1.0: 24.05 / 32.35. (Adding an in-corpus "mentioned by other descriptions"
# prior gained ~1 more point; left out as noisy and DataFinder-shaped.)
PRIOR_WEIGHT = 0.8
# Pseudo-relevance feedback (hybrid mode; index.MatchIndex._feedback): the best
# FEEDBACK_DOCUMENTS first-round items (0 = off) lend the query their words (the
# FEEDBACK_TERMS most frequent, skipping words in more than FEEDBACK_MAX_DF of all
# items; the original words keep FEEDBACK_QUERY_WEIGHT of the mass, RM3) and their
# mean vector (added with FEEDBACK_DENSE_WEIGHT, Rocchio); then the search runs again.
FEEDBACK_DOCUMENTS = 0
FEEDBACK_TERMS = 30
FEEDBACK_QUERY_WEIGHT = 0.5
FEEDBACK_MAX_DF = 0.2
FEEDBACK_DENSE_WEIGHT = 0.0
# RRF constant and per-ranking weights (dense, lexical).
RRF_K = 60
RRF_WEIGHTS = (1.0, 1.0)

# Text candidates that the structured rerank (recommend.py) looks at.
RERANK_DEPTH = 50

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
# One's own "not relevant" mark: taken off that person's score of the item, which
# then falls below every unmarked candidate within half the text-score range.
PERSONAL_NOT_RELEVANT_PENALTY = 0.5

# --- score bands -----------------------------------------------------------------
# Dense cosine (query: vs passage:) of a recommended pair. Calibrated on dev: of
# all top-10 dense hits (both query styles, 3,960 pairs) 4.0% are relevant; above
# the median cosine 0.860, 5.9%; above the 90th percentile 0.887, 7.6%. So
# "strong" = top tenth, "good" = top half. Cosine separates weakly on this data;
# recalibrate on marketplace feedback when there is some.
BAND_STRONG = 0.887
BAND_GOOD = 0.860
