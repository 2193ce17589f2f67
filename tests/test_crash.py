"""Crash safety: SIGKILL `kb ingest` at random moments, many times, then run it once more.

Whatever moment the kill lands on (parsing, embedding, writing the store, writing the catalog), the
next complete run must leave exactly what a clean run leaves: the same documents, the same passages
(no missing, phantom or duplicate ones), ``count`` equal to a full scroll, and a store that opens
without repair. Qdrant's own crash tester checks the same invariants.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time

from kb.service import KnowledgeBase
from tests.conftest import ROOT, SEED_FILES, make_settings

KILLS = 20
PLAN = ("KẾ HOẠCH\nChuyển đổi số năm 2026\n\nI. MỤC TIÊU\n\n1. Đến cuối năm 2026, ít nhất 90% hồ sơ được xử lý "
        "trực tuyến.\n\nII. NHIỆM VỤ\n\n1. Sở Nội vụ chủ trì, phối hợp với Sở Tài chính rà soát thủ tục, "
        "hoàn thành trước tháng 6/2026.\n2. Sở Y tế chủ trì số hóa hồ sơ sức khỏe trong Quý III/2026.\n")


def _ingest(inputs, data, env):
    return subprocess.Popen([sys.executable, "-m", "kb.cli", "ingest", *map(str, inputs), "--data-dir", str(data)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _change_every_file(folder, mark):
    for path in folder.iterdir():
        path.write_text(path.read_text(encoding="utf-8") + f"\n{mark}. Thêm nhiệm vụ {mark}.\n", encoding="utf-8")


def _state(data):
    kb = KnowledgeBase(make_settings(data))
    try:
        points = sorted((h.id, h.payload["doc_id"], h.payload["seq"], h.payload["text"]) for h in kb.store.scroll())
        count = kb.store.count()
        docs = sorted((r["source"], r["sha256"], r["chunks"], r["pipeline"]) for r in kb.catalog.records())
        facts = sorted(f["id"] for f in kb.catalog.facts())
        hashes = sorted(kb.catalog.docstore.get_all_document_hashes().items())
    finally:
        kb.close()
    return points, count, docs, facts, hashes


def test_killing_ingest_at_random_moments_never_costs_consistency(tmp_path):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for seed in SEED_FILES[:3]:
        shutil.copy(seed, inputs)
    (inputs / "ke_hoach_2026.md").write_text(PLAN, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("KB_")}

    warm = tmp_path / "warm"  # a first clean run fills the embedding cache, so the kills land on every stage
    clean = _ingest([inputs], warm, env)
    assert clean.wait(timeout=600) == 0, clean.stderr.read().decode()[-2000:]
    # Every run below has work to do (each file changed), so time one such run on this machine and
    # aim the kills inside it: a fixed sleep would miss on a faster machine and kill nothing.
    _change_every_file(inputs, "đo")
    started = time.monotonic()
    timed = _ingest([inputs], warm, env)
    assert timed.wait(timeout=600) == 0, timed.stderr.read().decode()[-2000:]
    one_run = time.monotonic() - started

    crashed = tmp_path / "crashed"
    shutil.copytree(warm / "cache", crashed / "cache")
    rng = random.Random(20261122)
    started = time.monotonic()
    killed = 0
    for i in range(KILLS):
        proc = _ingest([inputs], crashed, env)
        time.sleep(rng.uniform(0.1, 0.9) * one_run)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        proc.wait(timeout=60)
        _change_every_file(inputs, str(i))  # so the next run replaces documents the killed one left half-done
    assert time.monotonic() - started < 20 * one_run + 60
    assert killed >= KILLS * 3 // 4  # most kills landed while it was working, not after it had finished

    final = _ingest([inputs], crashed, env)
    assert final.wait(timeout=600) == 0, final.stderr.read().decode()[-2000:]
    fresh = tmp_path / "fresh"
    fresh_run = _ingest([inputs], fresh, env)
    assert fresh_run.wait(timeout=600) == 0
    points, count, docs, facts, hashes = _state(crashed)
    assert count == len(points) == len({p[0] for p in points})  # count = full scroll, no duplicate ids
    assert (points, count, docs, facts, hashes) == _state(fresh)  # exactly what a clean run leaves
