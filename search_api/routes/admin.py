"""Operations on the running knowledge base (admin key): an online backup.

The embedded store belongs to the server's process, so ``kb backup`` cannot run beside ``kb serve``;
the server takes the backup itself (``kb.backup``: under the write lock, the catalog by SQLite's
online backup) into a new folder under ``KB_BACKUP_DIR``, named by the time, never by the caller.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from kb.backup import backup
from search_api.deps import Admin, KBDep

router = APIRouter(tags=["admin"])


@router.post("/backups", dependencies=[Admin], status_code=201,
             summary="Back up the knowledge base while it serves (admin key): 201 with the manifest and folder")
def create_backup(kb: KBDep) -> JSONResponse:
    root = kb.settings.backup_dir or kb.settings.data_dir.resolve().parent / "backups"
    name = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    folder, n = root / name, 1
    while folder.exists():
        n += 1
        folder = root / f"{name}-{n}"
    manifest: dict[str, Any] = backup(kb, folder)
    summary = {k: v for k, v in manifest.items() if k != "files"}
    return JSONResponse({**summary, "folder": str(folder), "files": len(manifest["files"])}, status_code=201)
