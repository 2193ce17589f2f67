"""Issue #16, item 10 and the first guarantee: an accepted upload (202) is durable.

Its job and bytes are on the disk before the 202 (``DATA/jobs``); on SIGTERM the job running is finished
within 30 s or kept for the next start (a 600-page PDF was once marked failed by a stop: ``eval/load.py``),
the queued ones kept; after a SIGKILL of the server and its worker the queued and running jobs run again
at the next start, their ``status_url`` answering as before; a DELETE answered before the kill still
wins over a replacement accepted before it; a job the server never survived fails, saying why in
Vietnamese. A real ``kb serve``, jobs held mid-flight by pause points (``tests/search_api/
test_isolation.py``), never by timing.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest

from search_api.jobs import MAX_ATTEMPTS
from tests.conftest import ROOT, clean_env
from tests.search_api.test_isolation import KEY, PLAN, job_end, pauses, seeded_ids, server, upload

__all__ = ["pauses"]  # the fixture, shared


def texts(n: int) -> list[str]:
    return [PLAN.replace("100%", f"{10 + i}%") for i in range(n)]


def test_accepted_uploads_survive_sigterm_and_sigkill_and_a_delete_still_wins(seeded_dir, pauses):
    jobs = seeded_dir / "jobs"
    first, second, third = texts(3)
    with server(seeded_dir, pauses.folder, "embedding") as client:
        target = seeded_ids(client)[0]
        running = upload(client, "kh_1.txt", first)
        pauses.reached("embedding")
        queued = upload(client, "kh_2.txt", second)
        assert queued.status_code == 202 and len(list(jobs.glob("*.bin"))) == 2  # on the disk before the 202
        os.kill(client.pid, signal.SIGTERM)  # type: ignore[attr-defined]
        os.waitpid(client.pid, 0)  # the job held past the stop's 30 s: its worker is stopped, the job kept
    kept = {j["source"]: j["status"] for j in map(json.loads, (p.read_text() for p in jobs.glob("*.json")))
            if "source" in j}
    assert kept == {"kh_1.txt": "running", "kh_2.txt": "queued"}, kept

    for left in ("embedding.open", "embedding.reached"):  # the stopped worker's, not the next one's
        (pauses.folder / left).unlink(missing_ok=True)
    with server(seeded_dir, pauses.folder, "embedding") as client:
        worker = pauses.reached("embedding")  # the kept jobs resumed, the first held mid-embedding
        assert client.get(running.json()["status_url"], headers=KEY).json()["status"] == "running"
        replacement = upload(client, "moi.txt", PLAN.replace("Sở Y tế", "Sở Nội vụ"), doc_id=target)
        late = upload(client, "kh_3.txt", third)
        assert client.delete(f"/v1/documents/{target}", headers=KEY).status_code == 200
        for pid in (worker, client.pid):  # type: ignore[attr-defined]
            os.kill(pid, signal.SIGKILL)  # a crash: nothing is finished, nothing said

    with server(seeded_dir, pauses.folder, "none") as client:
        assert job_end(client, running)["status"] == "done"  # answered for across two restarts
        assert job_end(client, queued)["status"] == "done"
        assert job_end(client, late)["status"] == "done"
        refused = job_end(client, replacement)
        assert refused["status"] == "failed" and "xóa" in refused["error"], refused
        assert client.get(f"/v1/documents/{target}").status_code == 404  # the DELETE still wins
        sources = [d["source"] for d in client.get("/v1/documents").json()]
        assert sorted(s for s in sources if s.startswith("kh_")) == ["kh_1.txt", "kh_2.txt", "kh_3.txt"]
        assert "moi.txt" not in sources
        assert client.get("/v1/readyz").status_code == 200
        # `kb backup` beside the running server says how to take the backup instead (#16.10)
        beside = subprocess.run([sys.executable, "-m", "kb.cli", "backup", str(seeded_dir.parent / "b"),
                                 "--data-dir", str(seeded_dir)], cwd=ROOT, env=clean_env(), capture_output=True,
                                text=True, timeout=120)
        assert beside.returncode != 0 and "POST /v1/backups" in beside.stderr, beside.stderr
    assert not list(jobs.glob("*.bin"))  # every job finished: no bytes left


@pytest.mark.slow  # three server starts on a job that kills them: minutes on 2 cores
def test_a_job_the_server_never_survived_fails_saying_why(seeded_dir, pauses):
    jobs = seeded_dir / "jobs"
    with server(seeded_dir, pauses.folder, "embedding") as client:
        accepted = upload(client, "kh_1.txt", texts(1)[0])
        pauses.reached("embedding")
    saved = next(p for p in jobs.glob("*.json") if p.name != "deleted.json")
    job = json.loads(saved.read_text())
    saved.write_text(json.dumps(job | {"status": "running", "attempts": MAX_ATTEMPTS}))  # as after 3 crashes
    (jobs / f"{job['id']}.bin").write_bytes(texts(1)[0].encode())
    with server(seeded_dir, pauses.folder, "none") as client:
        failed = job_end(client, accepted)
        assert failed["status"] == "failed" and "kh_1.txt" in failed["error"] and "dừng" in failed["error"], failed
        english = client.get(accepted.json()["status_url"], headers=KEY | {"Accept-Language": "en"}).json()
        assert "stopped" in english["error"]
