"""How fast ``/v1/healthz`` and ``/v1/readyz`` answer while a real ``kb serve`` ingests and searches (#16.6).

    python -m eval.health --data-dir data --work /tmp/kbhealth [--seconds 30] [--clients 4] [--pdf-pages 40]

Serves a copy of ``--data-dir``; probes both routes every 50 ms, first for 5 s with the server idle, then
for ``--seconds`` while an upload (a small plan, ``wait=0``) goes in every second, a PDF of
``--pdf-pages`` pages is uploaded at the start, and ``--clients`` threads search and ask in turn.
Prints p50/p99/max per route and phase, and the slowest probes with the time they were sent (seconds
from the start of the load), to set against the server's log. Much shorter than ``eval.load``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import secrets
import shutil
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from eval.load import Run, large_pdf, quantile, start

PROBED = ("/v1/healthz", "/v1/readyz")


class Probe:
    def __init__(self, base: str) -> None:
        self.base, self.seen = base, {path: [] for path in PROBED}  # path → [(sent at, seconds, status)]
        self.origin = time.monotonic()

    def run(self, path: str, stop: threading.Event) -> None:
        with httpx.Client(base_url=self.base, timeout=30) as http:
            while not stop.wait(0.05):
                sent = time.monotonic()
                status = http.get(path).status_code
                self.seen[path].append((sent - self.origin, time.monotonic() - sent, status))

    def summary(self) -> dict:
        out = {}
        for path, rows in self.seen.items():
            took = [t for _, t, _ in rows]
            out[path] = {"n": len(rows), "p50_ms": _ms(quantile(took, 0.5)), "p99_ms": _ms(quantile(took, 0.99)),
                         "max_ms": _ms(max(took, default=None)), "not_200": sum(s != 200 for _, _, s in rows),
                         "slowest": [f"{_ms(t)} ms at {at:.1f} s" for at, t, _ in sorted(rows, key=_slowest)[:5]]}
        return out


def _slowest(row: tuple[float, float, int]) -> float:
    return -row[1]


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(1000 * seconds, 1)


def _probe_process(base: str, seconds: float, out: Any) -> None:
    probe_stop, found = threading.Event(), Probe(base)
    probes = [threading.Thread(target=found.run, args=(path, probe_stop)) for path in PROBED]
    for thread in probes:
        thread.start()
    time.sleep(seconds)
    probe_stop.set()
    for thread in probes:
        thread.join()
    out.put(found.summary())


def probe(base: str, seconds: float, work: list[threading.Thread], stop: threading.Event) -> dict:
    """The probes' figures over ``seconds`` while the ``work`` threads run (stopped by ``stop``). The probes
    run in a process of their own: the load's client threads would otherwise delay them in this one."""
    context = mp.get_context("spawn")
    out = context.Queue()
    prober = context.Process(target=_probe_process, args=(base, seconds, out))
    prober.start()
    for thread in work:
        thread.start()
    found = out.get()
    prober.join()
    stop.set()
    for thread in work:
        thread.join()
    return found


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data-dir", required=True, help="an ingested data folder (copied, not changed)")
    p.add_argument("--work", required=True, help="an empty folder for the copy and the server's log")
    p.add_argument("--seconds", type=float, default=30)
    p.add_argument("--clients", type=int, default=4)
    p.add_argument("--pdf-pages", type=int, default=40)
    args = p.parse_args(argv)
    work, key = Path(args.work), secrets.token_hex(16)
    shutil.copytree(args.data_dir, work / "served")
    proc, base = start(work / "served", key, work / "serve.log")
    try:
        run = Run(base, key)
        report = {"idle": probe(base, 5, [], threading.Event())}
        pdf = httpx.Client(base_url=base, timeout=120)
        work_threads = [threading.Thread(target=run.uploader)]
        work_threads += [threading.Thread(target=run.client, args=(n,)) for n in range(args.clients)]
        if args.pdf_pages:
            work_threads.append(threading.Thread(target=run.upload, args=(pdf, "lon.pdf", large_pdf(args.pdf_pages))))
        report["load"] = probe(base, args.seconds, work_threads, run.stop)
        report["load_requests"] = dict(run.statuses)
    finally:
        proc.terminate()
        proc.wait(timeout=120)
    print(json.dumps(report, ensure_ascii=False, indent=1))  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
