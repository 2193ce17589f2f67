"""API contract fuzzing: schemathesis over /openapi.json against a real server, bounded.

Checks: no 5xx, every response (status, content type, body) matches the OpenAPI description, and
schema-violating requests are rejected. ``positive_data_acceptance`` is left out on purpose: an
upload that matches the schema (any bytes in a multipart field) is still refused when its content
is not a document we read (415/422), and that refusal is the behaviour we want.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.search_api.test_http import EDITOR, server  # noqa: F401  (a real `kb serve` over the seeds)

MAX_EXAMPLES = "6"


def test_schemathesis_finds_no_failure(server):  # noqa: F811
    cli = Path(sys.executable).with_name("schemathesis")  # installed with the test extras
    base = str(server.base_url).rstrip("/")
    result = subprocess.run(
        [str(cli), "run", f"{base}/openapi.json", "--max-examples", MAX_EXAMPLES, "--checks", "all",
         "--exclude-checks", "positive_data_acceptance", "--header", f"X-API-Key: {EDITOR}",
         "--request-timeout", "60", "--seed", "20261122", "--no-color"],
        capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-6000:]
    assert "generated" in result.stdout
