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
# Re-tuned in the full hybrid (+ feedback, below; 2026-11 cache, where the old
# settings measure hybrid 23.16 / 31.98): b 0.4 -> 0.2. Hybrid + feedback (10, dense
# 1.0, full re-score): b 0.4 26.81 / 32.83, b 0.2 27.56 / 33.02. BM25 + prior alone
# (no dense) at k1 0.9: b 0.0 23.33 / 31.26, 0.1 25.11 / 31.47, 0.2 25.25 / 31.99,
# 0.3 24.66 / 31.57, 0.4 23.76 / 30.74; at b 0.2: k1 0.6 24.67 / 32.54,
# 1.2 26.29 / 31.40, 1.5 27.03 / 32.01 (k1 left at 0.9: no k1 is better on both).
BM25_K1 = 0.9
BM25_B = 0.2

# --- fusion ----------------------------------------------------------------------
# "sum": weighted sum of per-query normalised scores; "rrf": reciprocal-rank fusion.
FUSION = "sum"
# Candidates taken from each ranking before fusing (dev: 100 and 200 within 0.3).
FUSION_DEPTH = 100
# Share of the dense score in the "sum" fusion (the rest is BM25). Dev nDCG@10
# full / keyphrase, depth 100, no prior: 0.3: 13.34 / 16.88, 0.5: 14.32 / 15.93,
# 0.6: 14.14 / 16.43, 0.7: 14.07 / 16.47, 0.8: 13.44 / 16.64 -- flat, so the
# value that also ranks the cross-language fixture 8/8 (0.3; 0.7 gives 6/8).
# With prior and feedback (b 0.2, 10 items, dense feedback 1.0, full re-score),
# dense x prior: 0.2 x 0.6/0.8/1.0/1.2: 25.40/32.48, 26.06/32.44, 26.65/32.64,
# 26.03/32.01; 0.3 x: 26.46/32.28, 27.56/33.02, 26.29/32.82, 25.54/32.89;
# 0.5 x: 26.36/33.42, 26.37/34.26, 25.99/33.55, 26.18/32.79 -- kept 0.3 and 0.8.
DENSE_WEIGHT = 0.3
# Weight of the item prior (index.item_prior, in [0, 1]) added to the "sum"
# fusion. Dev nDCG@10 full / keyphrase at DENSE_WEIGHT 0.3: 0: 13.34 / 16.88,
# 0.2: 16.16 / 22.09, 0.4: 18.93 / 27.12, 0.6: 22.65 / 30.85, 0.8: 24.23 / 33.13,
# 1.0: 24.05 / 32.35. (Adding an in-corpus "mentioned by other descriptions"
# prior gained ~1 more point; left out as noisy and DataFinder-shaped. Re-measured
# on BM25 + prior without dense: mentions alone 16.38 / 25.56, averaged with the
# alias prior 21.53 / 31.47 at best vs 22.07 / 31.03; description length as a
# prior only hurts. Binary "has an alias" 20.93 / 27.34 vs log 20.98 / 31.66.)
PRIOR_WEIGHT = 0.8
# Pseudo-relevance feedback (hybrid mode; index.MatchIndex._feedback): the best
# FEEDBACK_DOCUMENTS first-round items (0 = off) lend the query their words (the
# FEEDBACK_TERMS most frequent, skipping words in more than FEEDBACK_MAX_DF of all
# items; the original words keep FEEDBACK_QUERY_WEIGHT of the mass, RM3) and their
# mean vector (added with FEEDBACK_DENSE_WEIGHT, Rocchio); then the search runs again.
# It uses no judgement: the first round's own top items are the "feedback".
# Dev nDCG@10 full / keyphrase (b 0.2, dense 0.3, prior 0.8; dense feedback scored
# on all items in the grid): off 22.75 / 31.65; items 3: dense 0 25.67 / 32.16,
# 0.5 25.87 / 31.96, 1.0 25.81 / 31.22; items 5: 25.78 / 32.05, 27.13 / 32.08,
# 27.38 / 31.90; items 10: 26.04 / 32.86, 27.05 / 33.21, 27.56 / 33.02. The engine
# re-scores the moved vector only on both rounds' candidates (a second full
# matrix-vector product costs as much as the first): 26.65 / 32.59 (dense 0:
# 26.04 / 32.86, 0.5: 26.51 / 32.74). Original weight 0.5 was set on the
# lexical-only proxy (0.3-0.7 within ~1 point). Terms x max df (grid as above):
# max df 0.05: 10 terms 25.90 / 32.98, 20: 26.53 / 32.95, 30: 26.22 / 33.21;
# 0.1: 25.97 / 32.61, 27.34 / 32.73, 26.95 / 32.90; 0.2: 27.89 / 32.98,
# 27.67 / 32.50, 27.56 / 33.02 -- 10 terms: as good as 30 and a third of the
# postings to read per request (engine: 26.68 / 32.82 vs 26.65 / 32.59).
FEEDBACK_DOCUMENTS = 10
# ... but at most this share of the index (1%: feedback starts at 100 items; on dev
# 10 items are 0.13%). In a handful of items the top 10 is everything: measured on
# the cross-language fixture (8 offers), feedback from all of them put the same
# offer first for 3 of 8 requests.
FEEDBACK_MAX_SHARE = 0.01
FEEDBACK_TERMS = 10
FEEDBACK_QUERY_WEIGHT = 0.5
FEEDBACK_MAX_DF = 0.2
FEEDBACK_DENSE_WEIGHT = 1.0
# RRF constant and per-ranking weights (dense, lexical). RRF with the prior as a
# third ranking (ties sharing a rank) measured the same as "sum" (best of k 5-20,
# weights 0.3-0.5, prior 0.5-1.5: 26.82 / 34.14 vs 27.56 / 33.02); ranking tied
# priors by item order instead gave 27.65 / 35.16 -- an artefact of file order.
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
