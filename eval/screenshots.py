"""The README's screenshots of the web page, desktop and phone, taken in the system Chromium.

    python -m eval.screenshots                      # the seed articles and NQ 03/NQ-CP in a temporary folder
    python -m eval.screenshots --data-dir DIR       # the same files ingested into DIR first (unchanged ones are
                                                    # skipped: a second run, or make run's data, ingests nothing)

A real ``kb serve`` runs over the data folder; each screen is opened the way a user opens it and saved as a
palette PNG (small enough for the repository) in eval/results/screenshots/. Not part of ``make test``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "eval" / "results" / "screenshots"
PLAN = ROOT / "corpus" / "NQ_03-NQ-CP_2025-01-09_ChinhPhu_full_with_PL1_PL2.md"  # appendix tables of targets, tasks
DOCS = [*sorted((ROOT / "corpus").glob("00[0-4]_*.txt")), PLAN]
CHROMIUM = next((p for p in ("/usr/bin/chromium", "/usr/bin/chromium-headless-shell") if Path(p).exists()), None)
QUESTION = "Tây Ninh đã thành lập bao nhiêu tổ công nghệ cộng đồng?"
DESKTOP = {"width": 1280, "height": 860}
PHONE = {"width": 390, "height": 844}


def serve(data: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "kb.cli", "serve", "--data-dir", str(data), "--port", str(port)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/v1/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("kb serve did not start")


def save(page, name: str, full: bool = False) -> None:
    """A palette PNG: a screenshot of the page's flat colours loses nothing visible at 256 colours."""
    from PIL import Image

    path = OUT / f"{name}.png"
    page.screenshot(path=str(path), full_page=full)
    Image.open(path).convert("RGB").quantize(256).save(path, optimize=True)
    print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KB")  # noqa: T201


def shoot(base: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    first = httpx.get(f"{base}/v1/documents", params={"sort": "-issued", "doc_type": "Nghị quyết"}).json()
    plan = first[0]["doc_id"] if first else httpx.get(f"{base}/v1/documents").json()[0]["doc_id"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
        for device, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            page = browser.new_page(viewport=viewport, locale="vi-VN", base_url=base, reduced_motion="reduce")
            page.set_default_timeout(120_000)
            page.goto(f"/#/hoi?q={quote(QUESTION)}")
            expect(page.locator("#citations")).to_be_visible()
            save(page, f"answer-{device}")
            page.goto("/#/tasks?role=any")
            first_task = page.locator("#tasks-body tbody tr").first
            expect(first_task).to_be_visible()
            if device == "phone":  # the cards, below the filters
                first_task.evaluate("row => row.scrollIntoView({ block: 'start' })")
            save(page, f"tasks-{device}")
            if device == "desktop":
                page.goto("/#/docs")
                expect(page.locator("#docs-table")).to_be_visible()
                save(page, "docs-desktop")
                page.goto("/#/targets?horizon_year=2025")
                expect(page.locator("#targets-body tbody tr").first).to_be_visible()
                save(page, "targets-desktop")
                page.goto(f"/#/doc/{plan}")
                expect(page.locator("#doc-text")).to_be_visible()
                page.locator("#doc-text table").first.evaluate("t => t.scrollIntoView({ block: 'start' })")
                save(page, "doc-desktop")
            page.close()
        browser.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, help="data folder to ingest into and shoot (default: temporary)")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args(argv)
    if CHROMIUM is None:
        raise SystemExit("no system Chromium at /usr/bin/chromium or /usr/bin/chromium-headless-shell")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data_dir or Path(tmp) / "data"
        subprocess.run([sys.executable, "-m", "kb.cli", "ingest", *map(str, DOCS), "--data-dir", str(data)],
                       cwd=ROOT, check=True)
        proc = serve(data, args.port)
        try:
            shoot(f"http://127.0.0.1:{args.port}")
        finally:
            proc.terminate()
            proc.wait(timeout=30)


if __name__ == "__main__":
    main()
