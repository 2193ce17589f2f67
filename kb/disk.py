"""Room on the data folder's disk, checked before anything is written.

The embedded store writes through memory-mapped files that grow in steps of tens of MB: a write that
finds the disk full there does not raise an error, it kills the process (SIGBUS). So a write (an upload,
a DELETE, an edit, an ingest, ``kb serve`` opening the store) first checks that at least
``KB_WRITE_RESERVE_MB`` stays free, and is refused with ``InsufficientStorage`` (HTTP 507) otherwise:
nothing is changed and the process lives. ``/readyz`` warns earlier (``KB_MIN_FREE_DISK_MB``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from kb.config import Settings
from kb.errors import InsufficientStorage


def free_mb(path: Path) -> int:
    """Free MB on the disk of ``path`` (or of its nearest existing parent)."""
    while not path.exists() and path != path.parent:
        path = path.parent
    return shutil.disk_usage(path).free >> 20


def require_room(settings: Settings, extra_bytes: int = 0) -> None:
    """``InsufficientStorage`` unless ``extra_bytes`` fit with ``KB_WRITE_RESERVE_MB`` left free."""
    free = free_mb(settings.data_dir)
    if free - (extra_bytes >> 20) < settings.write_reserve_mb:
        raise InsufficientStorage(f"the data folder's disk is full ({free} MB free, KB_WRITE_RESERVE_MB="
                                  f"{settings.write_reserve_mb}): nothing was changed")
