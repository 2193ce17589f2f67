"""The ingestion pipeline on llama-index: Document → passages → BM25 terms → embeddings → store.

One file at a time through ``IngestionPipeline`` with a document store (``DocstoreStrategy.UPSERTS``):
an unchanged document is skipped before anything is tokenised or embedded; a changed one has all
its passages replaced; a new one is added. A bad file is reported by name and the batch goes on.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from llama_index.core.ingestion import DocstoreStrategy, IngestionPipeline
from llama_index.core.schema import BaseNode, Document, NodeRelationship, TextNode, TransformComponent
from pydantic import ConfigDict, PrivateAttr

from ingest.chunks import make_passages
from ingest.facts import doc_fields, records_for
from ingest.faults import crash_point
from ingest.header import read_metadata
from ingest.load import SUFFIXES, load_bytes
from ingest.progress import BarProgress, LineProgress, Progress
from ingest.sandbox import load_isolated
from ingest.structure import read_outline
from ingest.textbuilder import Block, Loaded
from kb import corrections, sparse
from kb.errors import KBError
from kb.places import places_in
from kb.service import KnowledgeBase
from kb.store import Filters
from kb.store.llama import KBVectorStore
from kb.text import document_numbers

log = logging.getLogger(__name__)

_DOC_FIELDS = ("doc_id", "source", "number", "doc_type", "issuer", "year", "title")

# Bump when parsing, chunking or term extraction changes: documents ingested by an older pipeline
# are then processed again (their unchanged passages' embeddings come from the cache).
PIPELINE_VERSION = "36"
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


def detect_language(text: str) -> str | None:
    from langdetect import DetectorFactory, LangDetectException, detect

    DetectorFactory.seed = 0
    try:
        return detect(text[:3000])
    except LangDetectException:
        return None


# -- transformations -------------------------------------------------------------------------------

class Passages(TransformComponent):
    """Document → TextNodes that follow the document's structure (``ingest.chunks``)."""

    target: int = 900
    limit: int = 1400

    def __call__(self, nodes: Sequence[BaseNode], **kwargs: Any) -> list[BaseNode]:
        out: list[BaseNode] = []
        for doc in nodes:
            meta = doc.metadata
            loaded = Loaded(doc.get_content(), meta.get("_pages"), [Block(*b) for b in meta.get("_blocks", [])])
            outline = read_outline(loaded)
            base = {k: meta.get(k) for k in _DOC_FIELDS}
            for p in make_passages(loaded, outline, self.target, self.limit):
                quote = loaded.text[p.start:p.end]
                digest = hashlib.blake2b(quote.encode("utf-8"), digest_size=8).hexdigest()
                node = TextNode(
                    id_=str(uuid.uuid5(uuid.NAMESPACE_URL, f"kb:{doc.doc_id}:{p.seq}:{digest}")),
                    text=quote, start_char_idx=p.start, end_char_idx=p.end,
                    metadata={**base, "seq": p.seq, "section": p.section, "page": p.page, "start": p.start,
                              "end": p.end, "kind": p.kind, "context": p.context, "lead_in": p.lead_in,
                              "numbers": document_numbers(quote)},
                )
                node.relationships[NodeRelationship.SOURCE] = doc.as_related_node_info()
                out.append(node)
        return out


def _index_text(node: BaseNode) -> str:
    """What a passage is found by: its section path, its table header and group, and its own text."""
    meta = node.metadata
    return "\n".join(x for x in (meta.get("section", ""), meta.get("context", ""), node.get_content()) if x)


class SparseTerms(TransformComponent):
    """BM25 weights over underthesea words (``kb.sparse``), kept on the node for the store."""

    def __call__(self, nodes: Sequence[BaseNode], **kwargs: Any) -> Sequence[BaseNode]:
        for node in nodes:
            vector = sparse.encode_passage(_index_text(node))
            node.metadata["_sparse"] = (vector.indices, vector.values)
        return nodes


class Embed(TransformComponent):
    """Dense vectors from the knowledge base's embedder (cached by text), with the document title."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    _embedder: Any = PrivateAttr()
    _on_batch: Any = PrivateAttr(default=None)

    def __init__(self, embedder: Any, on_batch: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._embedder = embedder
        self._on_batch = on_batch

    def __call__(self, nodes: Sequence[BaseNode], **kwargs: Any) -> Sequence[BaseNode]:
        batch = 16
        for start in range(0, len(nodes), batch):
            chunk = nodes[start:start + batch]
            texts = [f"{n.metadata.get('title') or ''}\n{_index_text(n)}".strip() for n in chunk]
            for node, vector in zip(chunk, self._embedder.passages(texts), strict=True):
                node.embedding = vector.tolist()
            if self._on_batch:
                self._on_batch(len(chunk))
            crash_point("embedded")
        return nodes


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


class Ingestor:
    def __init__(self, kb: KnowledgeBase, on_passages: Any = None) -> None:
        self.kb = kb
        settings = kb.settings
        self.pipeline = IngestionPipeline(
            transformations=[Passages(target=settings.chunk_chars, limit=settings.chunk_max_chars),
                             SparseTerms(), Embed(kb.embedder, on_batch=on_passages)],
            vector_store=KBVectorStore(kb.store),
            docstore=kb.catalog.docstore,
            docstore_strategy=DocstoreStrategy.UPSERTS,
            disable_cache=True,
        )

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
                return self._ingest(data, source, isolate, doc_id, by_content)
        except KBError as exc:
            return Outcome(source, "failed", error=exc.message, exception=exc)
        except Exception as exc:  # a parser bug must not stop the batch; say which file and why
            log.exception("ingesting %s failed", source)
            return Outcome(source, "failed", error=f"{source}: {type(exc).__name__}: {exc}")

    def _identify(self, sha: str, source: str, by_content: bool) -> str:
        if not by_content:
            return doc_id_for(source)
        same = self.kb.catalog.find(sha256=sha)
        return same["doc_id"] if same else content_id(sha)

    def _name_and_warnings(self, source: str, doc_id: str, number: str | None) -> tuple[str, list[str]]:
        """A name no other document has, and a warning for each other document of the same number."""
        others = [r for r in self.kb.catalog.records() if r["doc_id"] != doc_id]
        warnings = [f"Cùng số hiệu {number} với tài liệu {r['source']} (id {r['doc_id']}); nếu đây là bản mới "
                    f"của tài liệu đó, hãy thay thế bằng PUT /v1/documents/{r['doc_id']}."
                    for r in others if number and r.get("number") == number]
        return unique_name(source, {r["source"] for r in others}), warnings

    def _ingest(self, data: bytes, source: str, isolate: bool = False, doc_id: str | None = None,
                by_content: bool = False) -> Outcome:
        catalog = self.kb.catalog
        sha = hashlib.sha256(data).hexdigest()
        doc_id = doc_id or self._identify(sha, source, by_content)
        previous = catalog.kv.get(doc_id, "kb/documents")
        fingerprint = self.fingerprint()
        if previous and previous["sha256"] == sha and previous.get("pipeline") == fingerprint \
                and catalog.docstore.get_document_hash(doc_id):
            return Outcome(source, "unchanged", doc_id, previous["chunks"])
        if isolate:
            settings = self.kb.settings
            fmt, loaded = load_isolated(data, source, settings.parse_timeout_s, settings.parse_memory_mb)
        else:
            fmt, loaded = load_bytes(data, source)
        crash_point("parsed")
        twin = catalog.find(content_sha=hashlib.sha256(loaded.text.encode()).hexdigest())
        if twin and twin["doc_id"] != doc_id:
            return Outcome(source, "duplicate", twin["doc_id"], twin["chunks"],
                           warnings=[f"same text as {twin['source']}: not added again"])
        meta = read_metadata(loaded, source)
        corrections.apply(catalog, doc_id, meta)  # what editors corrected outlives a new reading
        source, warnings = self._name_and_warnings(source, doc_id, meta.number)
        warnings = loaded.warnings + warnings
        document = Document(
            id_=doc_id, text=loaded.text,
            metadata={"doc_id": doc_id, "source": source, "number": meta.number, "doc_type": meta.doc_type,
                      "issuer": meta.issuer, "year": meta.year, "title": meta.title, "_pipeline": fingerprint,
                      "_pages": loaded.pages, "_blocks": [[b.start, b.end, b.kind, b.level] for b in loaded.blocks]},
        )
        passages = make_passages(loaded, read_outline(loaded), self.kb.settings.chunk_chars,
                                 self.kb.settings.chunk_max_chars)
        facts = [r.model_dump() for r in records_for(loaded, doc_fields(meta, doc_id, source), passages)]
        nodes = self.pipeline.run(documents=[document])
        self.kb.store.flush()
        crash_point("stored")
        catalog.put_facts(doc_id, facts)
        crash_point("facts_written")
        catalog.accents.add(doc_id, loaded.text)
        crash_point("accents_written")
        status = "updated" if previous else "added"
        if not nodes and catalog.docstore.get_document_hash(doc_id) == document.hash and previous:
            status = "unchanged"  # same text from a re-saved file
        # Nothing new to index (the docstore already holds this text, e.g. after a crash between the
        # store and the catalog): count what the store holds for it.
        chunks = len(nodes) if nodes else self.kb.store.count(Filters(doc_ids=[doc_id]))
        record = {
            "doc_id": doc_id, "source": source, "number": meta.number, "doc_type": meta.doc_type,
            "issuer": meta.issuer, "issued": meta.issued, "place": meta.place, "title": meta.title,
            "lang": detect_language(loaded.text), "format": fmt, "chunks": chunks,
            "pages": len(loaded.pages) if loaded.pages else None, "numbers": meta.numbers,
            "sha256": sha, "content_sha": hashlib.sha256(loaded.text.encode()).hexdigest(), "size": len(data),
            "ingested_at": datetime.now(UTC).isoformat(timespec="seconds"), "warnings": warnings,
            "legal_bases": meta.legal_bases, "relations": [vars(r) for r in meta.relations],
            "issued_by": meta.issued_by, "signer": meta.signer, "proposed_by": meta.proposed_by,
            "places": places_in(loaded.text),
            "effective": meta.effective, "effective_text": meta.effective_text, "repeals": meta.repeals,
            "pipeline": fingerprint, "targets": sum(f["kind"] == "target" for f in facts),
            "tasks": sum(f["kind"] == "task" for f in facts),
        }
        catalog.put_record(record)
        crash_point("recorded")
        return Outcome(source, status, doc_id, chunks, warnings=warnings)


def ingest_paths(kb: KnowledgeBase, paths: Iterable[Path], progress: bool = False,
                 log_every: float | None = None) -> Report:
    """Ingest files and folders. ``progress``: a bar (a terminal); else ``log_every``: a progress line
    at most that many seconds apart (a pipe or a log, ``ingest.progress.LineProgress``)."""
    files = expand(paths)
    report = Report()
    shown = _progress(len(files), progress, log_every)
    ingestor = Ingestor(kb, on_passages=shown.passages if shown else None)
    for path in files:
        if not path.exists():
            report.outcomes.append(Outcome(path.name, "failed", error=f"{path}: no such file or folder"))
            continue
        if shown:
            shown.start_file(path.name)
        outcome = ingestor.ingest_file(path)
        report.outcomes.append(outcome)
        if shown:
            shown.end_file(outcome.error if outcome.status == "failed" else None)
    if shown:
        shown.close()
    report.index_s = kb.optimize()
    return report


def _progress(total: int, bar: bool, log_every: float | None) -> Progress | None:
    if bar:
        return BarProgress(total)
    return LineProgress(total, log_every) if log_every else None
