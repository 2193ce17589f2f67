"""Upload jobs on disk, so that an accepted upload (202) survives a crash, a SIGTERM or a restart.

``DATA/jobs/<id>.bin`` holds an accepted upload's bytes and ``DATA/jobs/<id>.json`` its job (source,
order of acceptance, status); both are written to a temporary name, flushed to the disk and renamed
before the upload is answered. A job that finishes keeps its ``.json`` (status, the reason of a failure
in Vietnamese and English) so its ``status_url`` answers after a restart; its bytes are removed.
``deleted.json`` keeps the DELETEs that still hold an accepted job back (a deleted document is not
brought back by a job resumed after a restart). At start ``JobQueue`` loads what is there: finished
jobs to answer for, queued and running ones to run again (a commit is idempotent: the same bytes of a
document already stored are ``unchanged``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from kb.backup import JOBS as FOLDER  # backups carry it
from kb.errors import InsufficientStorage, disk_full


def disk_full_on_accept(source: str) -> InsufficientStorage:
    return InsufficientStorage(f"the server's disk is full: {source} was not accepted",
                               vi=f"Máy chủ đã hết dung lượng đĩa nên chưa nhận được tệp {source}. "
                                  "Hãy báo quản trị viên giải phóng dung lượng rồi tải lên lại.")


def _write(path: Path, content: bytes) -> None:
    """``content`` at ``path`` whole or not at all: a temporary file flushed to the disk, then renamed."""
    temporary = path.with_name(path.name + ".tmp")
    try:
        with open(temporary, "wb") as f:
            f.write(content)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


class Journal:
    def __init__(self, data_dir: Path) -> None:
        self.folder = data_dir / FOLDER
        self.folder.mkdir(parents=True, exist_ok=True)
        for stale in self.folder.glob("*.tmp"):  # a write a crash cut short: never answered
            stale.unlink(missing_ok=True)

    def accept(self, job: dict[str, Any], data: bytes) -> None:
        """The job and its bytes on the disk (``InsufficientStorage`` if it is full, nothing left behind)."""
        try:
            _write(self._bytes(job["id"]), data)
            self.save(job)
            self._sync_folder()
        except OSError as exc:
            self.forget(job["id"])
            if disk_full(exc):
                raise disk_full_on_accept(job["source"]) from exc
            raise

    def save(self, job: dict[str, Any]) -> None:
        _write(self.folder / f"{job['id']}.json", json.dumps(job, ensure_ascii=False).encode())

    def finish(self, job: dict[str, Any]) -> None:
        """The job's final state kept, then its bytes removed. On a full disk both stay as they were: the job
        runs again at the next start, which is harmless (see the module's docstring)."""
        try:
            self.save(job)
        except OSError:
            return
        self._bytes(job["id"]).unlink(missing_ok=True)

    def data(self, job_id: str) -> bytes | None:
        try:
            return self._bytes(job_id).read_bytes()
        except FileNotFoundError:
            return None

    def forget(self, job_id: str) -> None:
        for path in (self._bytes(job_id), self.folder / f"{job_id}.json"):
            path.unlink(missing_ok=True)

    def jobs(self) -> list[dict[str, Any]]:
        """Every job on the disk, in the order they were accepted (unreadable files are skipped)."""
        found = []
        for path in self.folder.glob("*.json"):
            if path.name == "deleted.json":
                continue
            try:
                found.append(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, ValueError):
                continue
        return sorted((j for j in found if isinstance(j, dict) and "id" in j), key=lambda j: j.get("seq", 0))

    def save_deleted(self, deleted: dict[str, int]) -> None:
        _write(self.folder / "deleted.json", json.dumps(deleted).encode())

    def deleted(self) -> dict[str, int]:
        try:
            return {str(k): int(v) for k, v in json.loads((self.folder / "deleted.json").read_text()).items()}
        except (OSError, ValueError, AttributeError):
            return {}

    def _bytes(self, job_id: str) -> Path:
        return self.folder / f"{job_id}.bin"

    def _sync_folder(self) -> None:
        fd = os.open(self.folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
