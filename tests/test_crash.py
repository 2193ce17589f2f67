"""Crash safety: SIGKILL `kb ingest` at every stage of its work, many times, then run it once more.

Whatever moment the kill lands on (parsing, embedding, writing the store, writing the catalog), the
next complete run must leave exactly what a clean run leaves: the same documents, the same passages
(no missing, phantom or duplicate ones), ``count`` equal to a full scroll, and a store that opens
without repair. Qdrant's own crash tester checks the same invariants.

The same for `kb serve` killed while new versions are uploaded (``PUT /v1/documents/{id}``): it must start
again every time, every upload answered 201 (done) must still be there (that a 202 is not lost either is
held by ``tests/test_faults.py`` and ``tests/search_api/test_durable_uploads.py``), and replacing the files
once more must leave what a clean ingest leaves.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time

import httpx
import pytest

from ingest.faults import POINTS
from ingest.pipeline import doc_id_for
from kb.service import KnowledgeBase
from tests.conftest import ROOT, SEED_FILES, clean_env, make_settings, serve_args, start_server

KILLS = 20
PLAN = ("KẾ HOẠCH\nChuyển đổi số năm 2026\n\nI. MỤC TIÊU\n\n1. Đến cuối năm 2026, ít nhất 90% hồ sơ được xử lý "
        "trực tuyến.\n\nII. NHIỆM VỤ\n\n1. Sở Nội vụ chủ trì, phối hợp với Sở Tài chính rà soát thủ tục, "
        "hoàn thành trước tháng 6/2026.\n2. Sở Y tế chủ trì số hóa hồ sơ sức khỏe trong Quý III/2026.\n")


def _ingest(inputs, data, env):
    return subprocess.Popen([sys.executable, "-m", "kb.cli", "ingest", *map(str, inputs), "--data-dir", str(data)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _inputs(tmp_path):
    """Three seed articles and a small plan, in a folder of their own (the tests change them)."""
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for seed in SEED_FILES[:3]:
        shutil.copy(seed, inputs)
    (inputs / "ke_hoach_2026.md").write_text(PLAN, encoding="utf-8")
    return inputs


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
    inputs = _inputs(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("KB_")}

    warm = tmp_path / "warm"  # a first clean run fills the embedding cache, so the kills land on every stage
    clean = _ingest([inputs], warm, env)
    assert clean.wait(timeout=600) == 0, clean.stderr.read().decode()[-2000:]

    # Each run has work to do (every file changed) and dies where it is told to (``ingest.faults``): at a
    # stage of the n-th file it reaches, chosen at random; a kill aimed by elapsed time would miss on a
    # machine slower or faster than the one it was timed on.
    crashed = tmp_path / "crashed"
    shutil.copytree(warm / "cache", crashed / "cache")
    rng = random.Random(20261122)
    files = len(list(inputs.iterdir()))
    killed = []
    for i in range(KILLS):
        _change_every_file(inputs, str(i))  # so this run replaces documents the killed one left half-done
        point = f"{POINTS[i % len(POINTS)]}:{rng.randint(1, files)}"
        proc = _ingest([inputs], crashed, {**env, "KB_TEST_KILL_AT": point})
        proc.wait(timeout=600)
        killed.append((point, proc.returncode))
    # every run died where it was told to, on every stage
    assert all(code == -signal.SIGKILL for _, code in killed), killed

    final = _ingest([inputs], crashed, env)
    assert final.wait(timeout=600) == 0, final.stderr.read().decode()[-2000:]
    fresh = tmp_path / "fresh"
    fresh_run = _ingest([inputs], fresh, env)
    assert fresh_run.wait(timeout=600) == 0
    points, count, docs, facts, hashes = _state(crashed)
    assert count == len(points) == len({p[0] for p in points})  # count = full scroll, no duplicate ids
    assert (points, count, docs, facts, hashes) == _state(fresh)  # exactly what a clean run leaves


# -- kb serve, killed while uploads are in flight ----------------------------------------------------

SERVE_KILLS = 6
EDITOR = "editor-key-0123456789abcdef"


def _serve(data, env, log):
    """A real `kb serve` on a free port, waited for until /v1/healthz answers; the process is ours to kill."""
    with log.open("ab") as err:
        proc, base = start_server(serve_args(data), "/v1/healthz", env, stderr=err)
    if base is not None:
        return proc, base
    pytest.fail(f"kb serve did not start (after a kill?): {log.read_text(errors='replace')[-3000:]}")


def _drain(base, path):
    """Wait until the jobs a restarted server resumed are done: its upload queue is first in, first out, so the
    same version of one file sent again (nothing new to store) is answered after them."""
    answer = [None]
    _upload(base, path, None, answer, 0)
    assert answer[0] is not None and answer[0][0] in (200, 201), answer


def _upload(base, path, wait, answers, index):
    """PUT one file as the new version of the document ``kb ingest`` made of it (an upload of the same
    name is another document); ``answers[index]`` becomes (status, body), or None if the server died first."""
    params = {} if wait is None else {"wait": wait}
    try:
        with httpx.Client(base_url=base, timeout=120) as client:
            response = client.put(f"/v1/documents/{doc_id_for(path.name)}", params=params,
                                  headers={"X-API-Key": EDITOR}, files={"file": (path.name, path.read_bytes())})
        answers[index] = (response.status_code, response.json())
    except httpx.HTTPError:
        answers[index] = None  # killed before it answered


def _upload_all(base, files, waits):
    """Every file at once, each in its own thread (the server queues them to its one writer)."""
    answers: list = [None] * len(files)
    threads = [threading.Thread(target=_upload, args=(base, path, wait, answers, i))
               for i, (path, wait) in enumerate(zip(files, waits, strict=True))]
    for thread in threads:
        thread.start()
    return threads, answers


def _check_done_uploads_survived(base, done, sent):
    """Every upload answered 201 is there after the restart: the version answered, or a later one sent
    after it (which the kill may have left half-done: the catalog keeps the record of the last complete one)."""
    with httpx.Client(base_url=base, timeout=60) as client:
        for name, (round_done, doc_id) in done.items():
            response = client.get(f"/v1/documents/{doc_id}")
            assert response.status_code == 200, f"{name} was answered 201 in round {round_done}, then lost"
            allowed = {sha for r, sha in sent[name] if r >= round_done}
            assert response.json()["sha256"] in allowed, f"{name}: the stored version is older than the 201"
            assert client.get(f"/v1/documents/{doc_id}/text").json()["text"]


@pytest.mark.slow  # 47 to 101 s on the 2-core development machine
def test_killing_kb_serve_during_uploads_never_loses_a_201_nor_consistency(tmp_path):
    inputs = _inputs(tmp_path)
    files = sorted(inputs.iterdir())
    waits = [None if i % 2 == 0 else 0 for i in range(len(files))]  # half wait for 201, half take a 202 and go
    env = clean_env(KB_API_KEYS=f"editor:{EDITOR}")
    log = tmp_path / "serve.log"

    warm = tmp_path / "warm"  # the documents to replace; its embedding cache makes later rounds reach every stage
    clean = _ingest([inputs], warm, env)
    assert clean.wait(timeout=600) == 0, clean.stderr.read().decode()[-2000:]
    served = tmp_path / "served"
    shutil.copytree(warm, served)
    sent: dict[str, list] = {p.name: [] for p in files}  # name → [(round, sha256)] of every version posted
    done: dict[str, tuple[int, str]] = {}  # name → (round, doc_id) of its last 201

    def post_round(base, number):
        _change_every_file(inputs, f"r{number}")
        for path in files:
            sent[path.name].append((number, hashlib.sha256(path.read_bytes()).hexdigest()))
        return _upload_all(base, files, waits)

    def record(number, answers):
        for path, answer in zip(files, answers, strict=True):
            if answer is not None and answer[0] == 201:
                done[path.name] = (number, answer[1]["doc_id"])

    # One round without a kill, timed, so that the kills below land inside a round on any machine; timed after
    # one round that warms the server up (its first embedding is slower than any later one).
    proc, base = _serve(served, env, log)
    threads, answers = post_round(base, -1)
    for thread in threads:
        thread.join(timeout=300)
    record(-1, answers)
    started = time.monotonic()
    threads, answers = post_round(base, 0)
    for thread in threads:
        thread.join(timeout=300)
    one_round = time.monotonic() - started
    record(0, answers)
    assert all(a is not None and a[0] in (201, 202) for a in answers), answers
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)

    rng = random.Random(20261123)
    in_flight = 0
    for number in range(1, SERVE_KILLS + 1):
        proc, base = _serve(served, env, log)  # starts after the previous kill, or the test fails here
        _check_done_uploads_survived(base, done, sent)
        _drain(base, files[0])  # the jobs the kill interrupted resume first: the round is timed without them
        threads, answers = post_round(base, number)
        time.sleep(rng.uniform(0.05, 0.95) * one_round)
        in_flight += any(thread.is_alive() for thread in threads)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        for thread in threads:
            thread.join(timeout=60)
        record(number, answers)
    assert in_flight >= SERVE_KILLS * 2 // 3  # most kills cut requests short, not an idle server
    assert any(r > 0 for r, _ in done.values())  # 201s answered between kills were there to check

    proc, base = _serve(served, env, log)
    try:
        _check_done_uploads_survived(base, done, sent)
        final = SERVE_KILLS + 1
        threads, answers = post_round(base, final)  # the same files again, changed once more
        for thread in threads:
            thread.join(timeout=300)
        with httpx.Client(base_url=base, timeout=60) as client:
            for path, (status, body) in zip(files, answers, strict=True):
                if status == 202:  # wait for the job: it is accepted, not done
                    deadline = time.monotonic() + 300
                    while (job := client.get(body["status_url"], headers={"X-API-Key": EDITOR}).json())["status"] \
                            in ("queued", "running"):
                        assert time.monotonic() < deadline
                        time.sleep(0.2)
                    assert job["status"] == "done", job
                else:
                    assert status == 201, (path.name, status, body)
    finally:
        proc.terminate()
        proc.wait(timeout=60)

    fresh = tmp_path / "fresh"
    shutil.copytree(warm / "cache", fresh / "cache")  # vectors are not compared: the cache only saves time
    fresh_run = _ingest([inputs], fresh, env)
    assert fresh_run.wait(timeout=600) == 0
    points, count, docs, facts, hashes = _state(served)
    assert count == len(points) == len({p[0] for p in points})  # count = full scroll, no duplicate ids
    assert (points, count, docs, facts, hashes) == _state(fresh)  # exactly what a clean ingest leaves
