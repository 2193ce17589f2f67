"""A throwaway PostgreSQL cluster for the tests: ``initdb`` in a temporary folder, ``postgres`` listening
only on a unix socket in that folder (no TCP port), stopped and removed at the end of the session.

The binaries are found on PATH or in Debian's versioned folders (``/usr/lib/postgresql/*/bin``; ``.ci/run``
installs the ``postgresql`` package when they are missing). PostgreSQL refuses to run as root, so when
the tests run as root the cluster belongs to the ``postgres`` user Debian's package creates (``runuser``).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path


def binaries() -> Path | None:
    """The folder holding ``initdb`` and ``postgres``, or None when PostgreSQL is not installed."""
    found = shutil.which("initdb")
    if found and shutil.which("postgres"):
        return Path(os.path.realpath(found)).parent
    versioned = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]))
    return Path(versioned[-1]).parent if versioned else None


def _as_owner() -> tuple[list[str], str | None]:
    """The command prefix that runs the server's programs as a user other than root, and that user."""
    if os.geteuid() != 0:
        return [], None
    try:
        pwd.getpwnam("postgres")
    except KeyError as exc:
        raise RuntimeError("running as root and there is no 'postgres' user to own the test cluster") from exc
    return ["runuser", "-u", "postgres", "--"], "postgres"


class Cluster:
    """``initdb`` + ``postgres`` on a private socket; ``url(db)`` the address of a database in it."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.dir = Path(tempfile.mkdtemp(prefix="kb-pg-"))
        self.prefix, owner = _as_owner()
        if owner:
            shutil.chown(self.dir, owner)
        self.data = self.dir / "data"
        self.proc: subprocess.Popen | None = None

    def _run(self, *args: str) -> None:
        subprocess.run([*self.prefix, *args], check=True, capture_output=True)

    def start(self, timeout: float = 60) -> None:
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "kb", "-A", "trust", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync")
        self.proc = subprocess.Popen(
            [*self.prefix, str(self.bin / "postgres"), "-D", str(self.data), "-k", str(self.dir),
             "-c", "listen_addresses=", "-c", "fsync=off", "-c", "synchronous_commit=off",
             "-c", "full_page_writes=off", "-c", "max_connections=200", "-c", "shared_buffers=32MB"],
            stdout=subprocess.DEVNULL, stderr=open(self.dir / "server.log", "wb"))  # noqa: SIM115
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("postgres stopped: " + (self.dir / "server.log").read_text()[-2000:])
            if (self.dir / ".s.PGSQL.5432").exists() and self._ready():
                return
            time.sleep(0.1)
        raise RuntimeError("postgres did not start in time: " + (self.dir / "server.log").read_text()[-2000:])

    def _ready(self) -> bool:
        import psycopg

        try:
            psycopg.connect(self.url("postgres"), connect_timeout=2).close()
            return True
        except psycopg.OperationalError:
            return False

    def url(self, database: str) -> str:
        return f"postgresql://kb@/{database}?host={self.dir}"

    def new_database(self) -> str:
        """A fresh, empty database; its URL."""
        import psycopg

        name = "kb_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(subprocess.CalledProcessError):
                self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "stop", "-m", "immediate", "-w")
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=30)
            if self.proc.poll() is None:
                self.proc.kill()
        shutil.rmtree(self.dir, ignore_errors=True)
