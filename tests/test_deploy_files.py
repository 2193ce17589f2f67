"""The compose files resolve: ``docker-compose config`` accepts them (skipped where docker-compose is missing)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILES = [ROOT / "docker-compose.yml", ROOT / "deploy" / "cluster" / "docker-compose.yml"]
QDRANT_IMAGE = "qdrant/qdrant:v1.19.0"
DUMMY_ENV = {
    "QDRANT_API_KEY": "test-qdrant-key-0123456789abcdef",
    "KB_API_KEYS": "editor:test-editor-0123456789,admin:test-admin-0123456789,reader:test-reader-0123456789",
    "POSTGRES_PASSWORD": "test-postgres-password-0123456789",
}


def _compose() -> str:
    exe = shutil.which("docker-compose")
    if exe is None:
        pytest.skip("docker-compose is not on PATH (Debian: apt-get install docker-compose)")
    return exe


def _env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KB_", "QDRANT_", "COMPOSE_"))}
    env.update(DUMMY_ENV)
    env.update(overrides)
    return env


def _config(exe: str, compose_file: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([exe, "-f", str(compose_file), "config"], capture_output=True, text=True,
                          env=env, cwd=compose_file.parent, timeout=120, check=False)


@pytest.mark.parametrize("compose_file", COMPOSE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_compose_config_resolves(compose_file: Path) -> None:
    exe = _compose()
    result = _config(exe, compose_file, _env())
    assert result.returncode == 0, result.stderr
    assert QDRANT_IMAGE in result.stdout
    assert "KB_QDRANT_URL" in result.stdout
    assert DUMMY_ENV["QDRANT_API_KEY"] in result.stdout  # the same key reaches Qdrant and the api
    assert "KB_ENVIRONMENT: production" in result.stdout


@pytest.mark.parametrize("compose_file", COMPOSE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_compose_config_requires_secrets(compose_file: Path) -> None:
    exe = _compose()
    env = _env()
    del env["QDRANT_API_KEY"]
    result = _config(exe, compose_file, env)
    assert result.returncode != 0
    assert "QDRANT_API_KEY" in result.stderr


def _api_environment(config: str) -> dict[str, str]:
    """``KEY: value`` lines of the resolved config that set ``KB_`` variables (the api service's)."""
    found = re.findall(r"^\s+(KB_[A-Z_]+): '?([^'\n]*)'?$", config, re.M)
    return dict(found)


def test_cluster_file_sets_a_valid_collection_layout() -> None:
    from kb.config import load_settings

    exe = _compose()
    cluster = COMPOSE_FILES[1]
    result = _config(exe, cluster, _env())
    assert result.returncode == 0, result.stderr
    env = _api_environment(result.stdout)
    assert {k: env[k] for k in ("KB_QDRANT_SHARDS", "KB_QDRANT_REPLICAS", "KB_QDRANT_WRITE_CONSISTENCY")} == \
        {"KB_QDRANT_SHARDS": "6", "KB_QDRANT_REPLICAS": "2", "KB_QDRANT_WRITE_CONSISTENCY": "1"}
    settings = load_settings(qdrant_shards=env["KB_QDRANT_SHARDS"], qdrant_replicas=env["KB_QDRANT_REPLICAS"],
                             qdrant_write_consistency=env["KB_QDRANT_WRITE_CONSISTENCY"])
    assert settings.collection_layout == {"shard_number": 6, "replication_factor": 2, "write_consistency_factor": 1}
    raised = _api_environment(_config(exe, cluster, _env(KB_QDRANT_REPLICAS="3")).stdout)
    assert raised["KB_QDRANT_REPLICAS"] == "3"  # the operator's value reaches the api


def test_cluster_file_runs_replicas_workers_and_one_database() -> None:
    """API replicas behind the load balancer and workers, all on the same PostgreSQL, originals volume and
    Qdrant; more of each by environment; no start without the database's password."""
    import yaml

    exe = _compose()
    cluster = COMPOSE_FILES[1]
    result = _config(exe, cluster, _env(KB_API_REPLICAS="4", KB_WORKERS="3"))
    assert result.returncode == 0, result.stderr
    services = yaml.safe_load(result.stdout)["services"]
    assert {"lb", "api", "worker", "postgres", "qdrant1", "qdrant2", "qdrant3"} <= services.keys()
    api, worker = services["api"], services["worker"]
    assert (api["deploy"]["replicas"], worker["deploy"]["replicas"]) == (4, 3)
    assert worker["command"] == ["kb", "worker"] and "ports" not in api and services["lb"]["ports"]
    for name in ("KB_DATABASE_URL", "KB_ORIGINALS_DIR", "KB_QDRANT_URL", "KB_QDRANT_API_KEY"):
        assert api["environment"][name] == worker["environment"][name], name
    assert DUMMY_ENV["POSTGRES_PASSWORD"] in api["environment"]["KB_DATABASE_URL"]
    assert services["postgres"]["environment"]["POSTGRES_PASSWORD"] == DUMMY_ENV["POSTGRES_PASSWORD"]
    assert any(v.endswith(":/originals:rw") or v.endswith(":/originals") for v in worker["volumes"])
    assert "server api:8000" in (cluster.parent / "nginx.conf").read_text()
    env = _env()
    del env["POSTGRES_PASSWORD"]
    refused = _config(exe, cluster, env)
    assert refused.returncode != 0 and "POSTGRES_PASSWORD" in refused.stderr
