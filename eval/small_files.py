"""Issue #13.1: how fast ``kb ingest`` takes many small files when every vector is already cached.

    python -m eval.small_files --work DIR [--files 300] [--profile]

Writes ``--files`` small legal files (four articles of an ALQAC 2022 law each, under a header naming
the law, so each is its own document), ingests them once into ``DIR/warm`` (filling the embedding
cache: minutes, the embedder's speed), then times ``ingest_paths`` of the same folder into a fresh
data folder holding only that cache: files/s and passages/s with no embedding at all. ``--profile``
prints the cProfile functions with the most cumulative time. The cache stays in ``DIR`` for later
runs. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import shutil
import sys
import time
from pathlib import Path

from eval.bench_results import SmallFiles

ALQAC = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "alqac2022" / "law.json"
PER_FILE = 4


def write_files(folder: Path, count: int) -> None:
    laws = json.loads(ALQAC.read_text(encoding="utf-8"))
    articles = [(law["id"], a) for law in laws for a in law["articles"]]
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        chunk = articles[n * PER_FILE:(n + 1) * PER_FILE]
        law = chunk[0][0]
        body = "\n\n".join(f"Điều {a['id']}. {a['text']}" for _, a in chunk)
        (folder / f"trich_{n:04d}.txt").write_text(f"TRÍCH LUẬT SỐ {law}\n\n{body}\n", encoding="utf-8")


def ingest(files: Path, data: Path, profile: bool = False) -> tuple[float, dict]:
    from ingest.pipeline import ingest_paths
    from kb.config import Settings
    from kb.service import KnowledgeBase

    kb = KnowledgeBase(Settings(data_dir=data))
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    report = ingest_paths(kb, [files])
    if profiler:
        profiler.disable()
    took = time.perf_counter() - started
    passages = sum(o.chunks for o in report.outcomes if o.status in ("added", "updated"))
    hits, misses = kb.embedder.hits, kb.embedder.misses
    kb.close()
    if profiler:
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(40)
    return took, {"files": len(report.outcomes), "added": report.count("added"), "failed": report.count("failed"),
                  "passages": passages, "cache_hits": hits, "cache_misses": misses}


def measure(work: Path, count: int = 300, profile: bool = False) -> SmallFiles:
    """The timed ingest of ``count`` small files (written and cached in ``work`` the first time)."""
    files, warm, timed = work / "files", work / "warm", work / "timed"
    if not files.exists():
        write_files(files, count)
    if not (warm / "cache").exists():
        sys.stderr.write("filling the embedding cache (the embedder's speed) …\n")
        ingest(files, warm)
    shutil.rmtree(timed, ignore_errors=True)
    shutil.copytree(warm / "cache", timed / "cache")
    took, counts = ingest(files, timed, profile)
    return SmallFiles(**counts, seconds=round(took, 1), files_per_s=round(counts["files"] / took, 2),
                      passages_per_s=round(counts["passages"] / took, 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    sys.stdout.write(measure(args.work, args.files, args.profile).model_dump_json() + "\n")


if __name__ == "__main__":
    main()
