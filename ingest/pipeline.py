"""The ingestion pipeline on llama-index: Document → passages → BM25 terms → embeddings → store.

One file at a time: ``ingest.prepare`` parses and embeds it, then ``IngestionPipeline`` with a document
store (``DocstoreStrategy.UPSERTS``) writes it: an unchanged document is skipped before anything is
parsed or embedded; a changed one has all its passages replaced; a new one is added. A bad file is
reported by name and the batch goes on.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from llama_index.core.ingestion import DocstoreStrategy, IngestionPipeline
from llama_index.core.schema import BaseNode, Document, TransformComponent
from pydantic import PrivateAttr

from ingest.faults import crash_point
from ingest.load import SUFFIXES
from ingest.originals import keep_file, keep_original
from ingest.prepare import Prepared, embed, passages_of, prepare, read
from ingest.progress import BarProgress, LineProgress, Progress
from ingest.sandbox import SandboxPool
from kb import corrections
from kb.disk import require_room
from kb.errors import KBError, NotFound
from kb.service import KnowledgeBase
from kb.store import Filters
from kb.store.llama import KBVectorStore

log = logging.getLogger(__name__)

# Bump when parsing, chunking or term extraction changes: documents ingested by an older pipeline
# are then processed again (their unchanged passages' embeddings come from the cache).
PIPELINE_VERSION = "106"
IGNORE_FILE = ".kbignore"


def doc_id_for(source: str) -> str:
    """A file ingested from a folder is identified by its name: the file edited on disk replaces it."""
    return hashlib.blake2b(source.encode("utf-8"), digest_size=8).hexdigest()


def content_id(sha256: str) -> str:
    """An uploaded file is identified by its bytes: another file of the same name is another document."""
    return hashlib.blake2b(f"upload:{sha256}".encode(), digest_size=8).hexdigest()


def unique_name(source: str, taken: set[str]) -> str:
    """``ke-hoach.txt`` → ``ke-hoach (2).txt`` when another document already has the name."""
    stem, suffix = Path(source).stem, Path(source).suffix
    n = 1
    while source in taken:
        n += 1
        source = f"{stem} ({n}){suffix}"
    return source


# -- running ---------------------------------------------------------------------------------------

@dataclass
class Outcome:
    source: str
    status: str  # added | updated | unchanged | duplicate | failed
    doc_id: str | None = None
    chunks: int = 0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    exception: KBError | None = field(default=None, repr=False)  # why it failed, with its HTTP status


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    index_s: float | None = None  # seconds spent building search indexes after the batch (None: none needed)

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def summary(self) -> str:
        parts = [f"{self.count(s)} {s}" for s in ("added", "updated", "unchanged", "duplicate", "failed")]
        chunks = sum(o.chunks for o in self.outcomes if o.status in ("added", "updated"))
        line = f"{len(self.outcomes)} files: " + ", ".join(parts) + f"; {chunks} passages indexed"
        return line + (f"; search index updated in {self.index_s:.1f} s" if self.index_s is not None else "")


def _ignored(folder: Path) -> list[str]:
    """Glob patterns from the folder's ``.kbignore`` (one per line, ``#`` comments): files not to ingest."""
    ignore = folder / IGNORE_FILE
    if not ignore.is_file():
        return []
    lines = (line.strip() for line in ignore.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files named, and the supported files under folders named (minus ``.kbignore``), in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            patterns = _ignored(path)
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                                and not p.name.startswith(".")
                                and not any(p.relative_to(path).match(pat) for pat in patterns)))
        else:
            files.append(path)
    return files


class _Ready(TransformComponent):
    """Hands the pipeline the passages ``prepare`` made: the pipeline keeps its document-store logic
    (skip an unchanged text, replace a changed one's passages) and no work is done here."""

    _nodes: list[BaseNode] = PrivateAttr(default_factory=list)

    def __call__(self, nodes: Sequence[BaseNode], **kwargs: Any) -> list[BaseNode]:
        wanted = {n.node_id for n in nodes}
        return [n for n in self._nodes if n.ref_doc_id in wanted]


@dataclass
class Plan:
    """What an ingest is about, found from the bytes and the catalog before any parsing."""

    source: str
    sha: str
    doc_id: str
    explicit: bool  # a new version of that document, asked for by id
    by_content: bool
    previous: dict[str, Any] | None
    intact: bool = True  # the store holds every passage the catalog counts for ``previous``


class Ingestor:
    """Ingests files: ``plan`` (which document, or unchanged), ``prepare`` (parse and embed: the CPU
    work, possibly in another process), ``commit`` (the short write). The caller holds the knowledge
    base's write lock across ``plan`` and across ``commit``, not across ``prepare``."""

    def __init__(self, kb: KnowledgeBase, on_passages: Any = None) -> None:
        self.kb = kb
        self.on_passages = on_passages
        self._ready = _Ready()
        self.pipeline = IngestionPipeline(transformations=[self._ready], vector_store=KBVectorStore(kb.store),
                                          docstore=kb.catalog.docstore, docstore_strategy=DocstoreStrategy.UPSERTS,
                                          disable_cache=True)

    def fingerprint(self) -> str:
        """What the passages of a document depend on besides its bytes."""
        s = self.kb.settings
        return f"v{PIPELINE_VERSION}/{s.chunk_chars}/{s.chunk_max_chars}/{self.kb.embedder.name}"

    def ingest_file(self, path: Path) -> Outcome:
        """Files from disk are parsed in the sandbox too: a folder of documents from elsewhere is no
        more trusted than an upload (a PDF bomb must not take the ``kb ingest`` process down)."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            return Outcome(path.name, "failed", error=f"{path.name}: cannot be read ({exc.strerror})")
        return self.ingest_bytes(data, path.name, isolate=True)

    def ingest_upload(self, data: bytes, source: str, doc_id: str | None = None) -> Outcome:
        """A file sent over HTTP, parsed in the sandbox and identified by its content (the document
        holding these exact bytes, else a new one), whatever it is called; ``doc_id`` replaces that
        document explicitly."""
        return self.ingest_bytes(data, source, isolate=True, doc_id=doc_id, by_content=True)

    def ingest_bytes(self, data: bytes, source: str, isolate: bool = False, doc_id: str | None = None,
                     by_content: bool = False) -> Outcome:
        """Ingest one file's bytes. ``isolate``: parse it in a child process with time and memory
        limits (``ingest.sandbox``), for files from outside (uploads). ``doc_id``: a new version of
        that document (its passages and records are replaced), whatever the new file is called.
        Without it the document is the one of that file name, or with ``by_content`` of those bytes."""
        source = Path(source).name  # never a caller's path
        try:
            with self.kb.write_lock:
                plan = self.plan(data, source, doc_id, by_content)
                if isinstance(plan, Outcome):
                    return plan
                prepared = prepare(self.kb.settings, self.kb.embedder, self.fingerprint(), data, plan.source,
                                   plan.doc_id, isolate, self.on_passages)
                return self.commit(plan, prepared)
        except Exception as exc:
            return _failed(source, exc)

    def finish(self, plan: Plan, reading: Future) -> tuple[Plan, Prepared] | Outcome:
        """A file read in the sandbox pool (``ingest_paths``), embedded: ready for ``commit_many``."""
        try:
            prepared = reading.result()
            crash_point("parsed")
            return plan, embed(prepared, self.kb.embedder, self.on_passages)
        except Exception as exc:
            return _failed(plan.source, exc)

    def plan(self, data: bytes, source: str, doc_id: str | None = None, by_content: bool = False) -> Plan | Outcome:
        """Which document these bytes are, or the outcome already (``unchanged``)."""
        sha = hashlib.sha256(data).hexdigest()
        return self._plan(Plan(Path(source).name, sha, doc_id or "", bool(doc_id), by_content, None))

    def _plan(self, plan: Plan) -> Plan | Outcome:
        catalog = self.kb.catalog
        if not plan.explicit:
            same = catalog.find(sha256=plan.sha) if plan.by_content else None
            plan.doc_id = same["doc_id"] if same else \
                content_id(plan.sha) if plan.by_content else doc_id_for(plan.source)
        plan.previous = previous = catalog.find(doc_id=plan.doc_id)
        # passages missing from the store (or never recorded): indexed again whatever the docstore says
        plan.intact = previous is not None and self.kb.store.count(Filters(doc_ids=[plan.doc_id])) == previous["chunks"]
        if plan.intact and previous["sha256"] == plan.sha and previous.get("pipeline") == self.fingerprint() \
                and catalog.docstore.get_document_hash(plan.doc_id):
            return Outcome(plan.source, "unchanged", plan.doc_id, previous["chunks"])
        return plan

    def _name_and_warnings(self, source: str, doc_id: str, number: str | None) -> tuple[str, list[str]]:
        """A name no other document has, and a warning for each other document of the same number."""
        others = [r for r in self.kb.catalog.listed() if r["doc_id"] != doc_id]
        warnings = [f"Cùng số hiệu {number} với tài liệu {r['source']} (id {r['doc_id']}); nếu đây là bản mới "
                    f"của tài liệu đó, hãy thay thế bằng PUT /v1/documents/{r['doc_id']}."
                    for r in others if number and r.get("number") == number]
        return unique_name(source, {r["source"] for r in others}), warnings

    def commit(self, plan: Plan, prepared: Prepared) -> Outcome:
        """Write a prepared file: passages, records, accent counts and the document's record. The catalog
        is read again first, as it may have changed while the file was being prepared."""
        require_room(self.kb.settings)  # a store write on a full disk kills the process (kb.disk)
        with self.kb.catalog.transaction():
            outcome = self._write(plan, prepared)
            self.kb.store.flush()
        return outcome

    def commit_many(self, batch: list[tuple[Plan, Prepared]]) -> list[Outcome]:
        """``commit`` for many files at once, paying once what ``commit`` pays per file: the store is
        flushed once, and the catalog's writes for all of them are one SQLite transaction (committed
        after the flush, so a crash anywhere leaves every file of the batch to be ingested again, and
        nothing half-written). A file whose writes fail is rolled back alone, and named."""
        outcomes: list[Outcome] = []
        require_room(self.kb.settings)
        with self.kb.catalog.transaction():
            for plan, prepared in batch:
                try:
                    with self.kb.catalog.transaction():
                        outcomes.append(self._write(plan, prepared))
                except Exception as exc:
                    outcomes.append(_failed(plan.source, exc))
            self.kb.store.flush()
        return outcomes

    def _write(self, plan: Plan, prepared: Prepared) -> Outcome:
        again = self._plan(plan)
        if isinstance(again, Outcome):
            return again
        catalog, doc_id, previous = self.kb.catalog, plan.doc_id, plan.previous
        fields = prepared.fields
        twin = catalog.find(content_sha=fields["content_sha"])
        if twin and twin["doc_id"] != doc_id:
            return Outcome(plan.source, "duplicate", twin["doc_id"], twin["chunks"],
                           warnings=[f"same text as {twin['source']}: not added again"])
        prepared.correct(corrections.in_force(catalog, doc_id))  # what editors corrected outlives a new reading
        source, warnings = self._name_and_warnings(plan.source, doc_id, fields["number"])
        warnings = prepared.warnings + warnings
        prepared.named(source)
        document = prepared.document
        if not plan.intact:
            catalog.docstore.set_document_hash(doc_id, "")
        self._ready._nodes = prepared.nodes
        try:
            nodes = self.pipeline.run(documents=[document])
        finally:
            self._ready._nodes = []
        crash_point("stored")
        catalog.put_facts(doc_id, prepared.facts)
        crash_point("facts_written")
        catalog.accents.add_counts(doc_id, prepared.accents)
        crash_point("accents_written")
        status = "updated" if previous else "added"
        if not nodes and catalog.docstore.get_document_hash(doc_id) == document.hash and previous:
            status = "unchanged"  # same text from a re-saved file
        # Nothing new to index (the docstore already holds this text, e.g. after a crash between the
        # store and the catalog): count what the store holds for it.
        chunks = len(nodes) if nodes else self.kb.store.count(Filters(doc_ids=[doc_id]))
        catalog.put_record({**self._record(doc_id, source, chunks, warnings, prepared), "uploaded": plan.by_content})
        crash_point("recorded")
        return Outcome(source, status, doc_id, chunks, warnings=warnings)

    @staticmethod
    def _record(doc_id: str, source: str, chunks: int, warnings: list[str], prepared: Prepared) -> dict[str, Any]:
        f = prepared.fields
        return {
            "doc_id": doc_id, "source": source, "number": f["number"], "doc_type": f["doc_type"],
            "issuer": f["issuer"], "issued": f["issued"], "place": f["place"], "title": f["title"],
            "lang": f["lang"], "format": f["format"], "chunks": chunks, "pages": f["pages"], "numbers": f["numbers"],
            "sha256": f["sha256"], "content_sha": f["content_sha"], "size": f["size"],
            "ingested_at": datetime.now(UTC).isoformat(timespec="seconds"), "warnings": warnings,
            "legal_bases": f["legal_bases"], "relations": f["relations"], "issued_by": f["issued_by"],
            "signer": f["signer"], "proposed_by": f["proposed_by"], "places": f["places"],
            "effective": f["effective"], "effective_text": f["effective_text"], "repeals": f["repeals"],
            "pipeline": f["pipeline"], "targets": sum(x["kind"] == "target" for x in prepared.facts),
            "tasks": sum(x["kind"] == "task" for x in prepared.facts),
        }


def ingest_paths(kb: KnowledgeBase, paths: Iterable[Path], progress: bool = False,
                 log_every: float | None = None) -> Report:
    """Ingest files and folders. ``progress``: a bar (a terminal); else ``log_every``: a progress line
    at most that many seconds apart (a pipe or a log, ``ingest.progress.LineProgress``).

    Files are read in sandboxed child processes side by side (``SandboxPool``, the same limits per
    file) a few files ahead of the one being embedded, and written in batches (``commit_many``)."""
    files = expand(paths)
    report = Report()
    shown = _progress(len(files), progress, log_every)
    ingestor = Ingestor(kb, on_passages=shown.passages if shown else None)
    settings = kb.settings
    with SandboxPool(settings.parse_workers, settings.parse_timeout_s, settings.parse_memory_mb) as pool:
        batch = _Batch(ingestor, shown)
        for path, ready in _read_ahead(ingestor, pool, files, 4 * settings.parse_workers):
            if shown:
                shown.start_file(path.name)
            if isinstance(ready, Outcome):
                batch.done(ready)
            else:
                batch.add(path, *ready)
        batch.commit()
        report.outcomes = batch.outcomes
    if shown:
        shown.close()
    report.index_s = kb.optimize()
    return report


BATCH_FILES = 64  # files written together at most …
BATCH_SECONDS = 5.0  # … or prepared over at most this long (a crash costs no more than this to redo)


def _read_ahead(ingestor: Ingestor, pool: SandboxPool, files: list[Path],
                ahead: int) -> Iterator[tuple[Path, Outcome | tuple[Plan, Prepared]]]:
    """Each file's outcome already (unchanged, unreadable) or its plan and prepared passages, in order;
    up to ``ahead`` files are being read in the pool meanwhile."""
    pending: deque[tuple[Path, Any]] = deque()
    queue = iter(files)
    while True:
        while len(pending) < ahead and (path := next(queue, None)) is not None:
            pending.append((path, _submit(ingestor, pool, path)))
        if not pending:
            return
        path, job = pending.popleft()
        yield path, ingestor.finish(*job) if isinstance(job, tuple) else job


def _submit(ingestor: Ingestor, pool: SandboxPool, path: Path) -> Outcome | tuple[Plan, Future]:
    if not path.exists():
        return Outcome(path.name, "failed", error=f"{path}: no such file or folder")
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Outcome(path.name, "failed", error=f"{path.name}: cannot be read ({exc.strerror})")
    try:
        with ingestor.kb.write_lock:
            plan = ingestor.plan(data, path.name)
            if isinstance(plan, Outcome):
                keep_original(ingestor.kb, plan, data)  # ingested before originals were kept
    except Exception as exc:
        return _failed(path.name, exc)
    if isinstance(plan, Outcome):
        return plan
    s = ingestor.kb.settings
    return plan, pool.submit(read, (data, plan.source, plan.doc_id, ingestor.fingerprint(), s.chunk_chars,
                                    s.chunk_max_chars), plan.source)


class _Batch:
    """Prepared files waiting to be written together, and the outcomes so far, in file order."""

    def __init__(self, ingestor: Ingestor, shown: Progress | None) -> None:
        self.ingestor, self.shown = ingestor, shown
        self.waiting: list[tuple[Plan, Prepared]] = []
        self.paths: list[Path] = []
        self.outcomes: list[Outcome] = []
        self.started = 0.0

    def add(self, path: Path, plan: Plan, prepared: Prepared) -> None:
        if not self.waiting:
            self.started = time.monotonic()
        self.waiting.append((plan, prepared))
        self.paths.append(path)
        if len(self.waiting) >= BATCH_FILES or time.monotonic() - self.started >= BATCH_SECONDS:
            self.commit()

    def done(self, outcome: Outcome) -> None:
        self.commit()  # in file order: what waits is written (and shown) first
        self._show(outcome)

    def commit(self) -> None:
        if not self.waiting:
            return
        with self.ingestor.kb.write_lock:
            outcomes = self.ingestor.commit_many(self.waiting)
            for path, (plan, _), outcome in zip(self.paths, self.waiting, outcomes, strict=True):
                keep_file(self.ingestor.kb, path, plan.sha, outcome)
        self.waiting, self.paths = [], []
        for outcome in outcomes:
            self._show(outcome)

    def _show(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)
        if self.shown:
            self.shown.end_file(outcome.error if outcome.status == "failed" else None)


def _failed(source: str, exc: Exception) -> Outcome:
    """A file that could not be ingested, named with the reason; the batch goes on."""
    if isinstance(exc, KBError):
        return Outcome(source, "failed", error=exc.message, exception=exc)
    log.error("ingesting %s failed", source, exc_info=exc)  # a parser bug must not stop the batch
    return Outcome(source, "failed", error=f"{source}: {type(exc).__name__}: {exc}")


def _progress(total: int, bar: bool, log_every: float | None) -> Progress | None:
    if bar:
        return BarProgress(total)
    return LineProgress(total, log_every) if log_every else None


def reindex(kb: KnowledgeBase, doc_id: str) -> int:
    """Index a document again from the text the catalog keeps (``kb check --repair``): its passages
    are made, embedded (from the cache) and stored anew, and its record counts them."""
    catalog = kb.catalog
    with kb.write_lock:
        document = catalog.docstore.get_document(doc_id, raise_error=False)
        if not isinstance(document, Document):
            raise NotFound(f"no text stored for document {doc_id!r}", vi=f"Chưa lưu nội dung của văn bản {doc_id!r}.")
        catalog.docstore.set_document_hash(doc_id, "")  # the pipeline's upsert then takes it as new
        ingestor = Ingestor(kb)
        ingestor._ready._nodes = passages_of(kb.settings, kb.embedder, document)
        nodes = ingestor.pipeline.run(documents=[document])
        kb.store.flush()
        record = catalog.record(doc_id)
        catalog.put_record({**record, "chunks": len(nodes)})
        return len(nodes)
