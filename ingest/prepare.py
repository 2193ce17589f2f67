"""The CPU half of ingesting a file: bytes → text, metadata, records and embedded passages.

``prepare`` reads nothing of the knowledge base and writes nothing to it, so it can run in another
process (``ingest.worker``: the server's upload worker, at a lower CPU priority) while the process that
answers questions keeps the store; ``ingest.pipeline.Ingestor.commit`` then writes the result in one
short step under the knowledge base's write lock.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from llama_index.core.schema import BaseNode, Document, NodeRelationship, TextNode, TransformComponent
from pydantic import ConfigDict, PrivateAttr

from ingest.chunks import make_passages
from ingest.faults import crash_point, pause_point
from ingest.parse import parse
from ingest.sandbox import isolated
from ingest.structure import read_outline
from ingest.textbuilder import Block, Loaded
from kb import corrections, sparse
from kb.accents import count_ngrams
from kb.config import Settings
from kb.places import places_in
from kb.text import document_numbers

_DOC_FIELDS = ("doc_id", "source", "number", "doc_type", "issuer", "year", "title")
_RECORD_FIELDS = ("number", "doc_type", "issuer", "issued", "place", "title", "numbers", "legal_bases",
                  "issued_by", "signer", "proposed_by", "effective", "effective_text", "repeals")


# Letters only Vietnamese writes (ă â đ ê ô ơ ư, and the vowels with a dot below or a hook above). Above
# this share of a text's letters it is Vietnamese, and langdetect, 50 ms a file, is not asked: in the
# corpus and the shared documents Vietnamese texts have 18-28 %, an English one 5 %.
_VIETNAMESE_ONLY = frozenset("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
_CLEARLY_VIETNAMESE = 0.12


def detect_language(text: str) -> str | None:
    from langdetect import DetectorFactory, LangDetectException, detect

    sample = text[:3000]
    letters = sum(c.isalpha() for c in sample)
    if letters and sum(c in _VIETNAMESE_ONLY for c in sample.lower()) >= _CLEARLY_VIETNAMESE * letters:
        return "vi"
    DetectorFactory.seed = 0
    try:
        return detect(sample)
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
        pause_point("embedding")
        for start in range(0, len(nodes), batch):
            chunk = nodes[start:start + batch]
            texts = [f"{n.metadata.get('title') or ''}\n{_index_text(n)}".strip() for n in chunk]
            for node, vector in zip(chunk, self._embedder.passages(texts), strict=True):
                node.embedding = vector.tolist()
            if self._on_batch:
                self._on_batch(len(chunk))
            crash_point("embedded")
        return nodes


@dataclass
class Prepared:
    """A file made ready to store: what ``commit`` writes, all of it derived from the bytes."""

    doc_id: str
    source: str
    document: Document  # the text and the metadata the passages carry
    nodes: list[BaseNode]  # passages with their sparse terms and dense vectors
    facts: list[dict[str, Any]]
    fields: dict[str, Any]  # the record's fields read from the content
    accents: Counter[tuple[int, str, str]]  # the text's syllables and pairs for the accent model
    warnings: list[str] = field(default_factory=list)

    def correct(self, changes: dict[str, Any]) -> None:
        """Lay editors' corrections (``kb.corrections.in_force``) over what was read from the content: the
        record's fields, the passages' payload and the task and target records."""
        if not changes:
            return
        self.fields.update(changes)
        payload = corrections.payload_fields(changes)
        self.document.metadata.update(payload)
        for node in self.nodes:
            node.metadata.update(payload)
        self.facts = [{**f, **corrections.fact_fields(changes)} for f in self.facts]

    def named(self, source: str) -> None:
        """Carry ``source`` (the name the catalog gives the document) into everything stored."""
        self.source = source
        self.document.metadata["source"] = source
        related = self.document.as_related_node_info()
        for node in self.nodes:
            node.metadata["source"] = source
            node.relationships[NodeRelationship.SOURCE] = related
        for fact in self.facts:
            if "source" in fact:
                fact["source"] = source


def passages_of(settings: Settings, embedder: Any, document: Document, on_passages: Any = None) -> list[BaseNode]:
    """A document's passages with their sparse terms and dense vectors."""
    nodes: Sequence[BaseNode] = [document]
    for transform in (Passages(target=settings.chunk_chars, limit=settings.chunk_max_chars), SparseTerms(),
                      Embed(embedder, on_batch=on_passages)):
        nodes = transform(nodes)
    return list(nodes)


def read(data: bytes, source: str, doc_id: str, fingerprint: str, chunk_chars: int,
         chunk_max_chars: int) -> Prepared:
    """Everything ``prepare`` derives from the bytes but the dense vectors: the parse steps
    (``ingest.parse``), the passages with their BM25 terms, the record's fields and the accent counts.
    It reads only the content, so the sandbox (``ingest.sandbox``) runs all of it within its limits,
    and several files side by side."""
    parsed = parse(data, source, doc_id, chunk_chars, chunk_max_chars)
    loaded, meta = parsed.loaded, parsed.meta
    document = Document(
        id_=doc_id, text=loaded.text,
        metadata={"doc_id": doc_id, "source": source, "number": meta.number, "doc_type": meta.doc_type,
                  "issuer": meta.issuer, "year": meta.year, "title": meta.title, "_pipeline": fingerprint,
                  "_pages": loaded.pages, "_blocks": [[b.start, b.end, b.kind, b.level] for b in loaded.blocks],
                  "_lists": parsed.lists},
    )
    nodes = SparseTerms()(Passages(target=chunk_chars, limit=chunk_max_chars)([document]))
    fields = {name: getattr(meta, name) for name in _RECORD_FIELDS}
    fields.update(relations=[vars(r) for r in meta.relations], lang=detect_language(loaded.text), format=parsed.fmt,
                  pages=len(loaded.pages) if loaded.pages else None, places=places_in(loaded.text),
                  content_sha=hashlib.sha256(loaded.text.encode()).hexdigest(), size=len(data),
                  sha256=hashlib.sha256(data).hexdigest(), pipeline=fingerprint)
    return Prepared(doc_id, source, document, list(nodes), parsed.facts, fields, count_ngrams(loaded.text),
                    list(loaded.warnings))


def embed(prepared: Prepared, embedder: Any, on_passages: Any = None) -> Prepared:
    """The passages' dense vectors (``Embed``), in place."""
    Embed(embedder, on_batch=on_passages)(prepared.nodes)
    return prepared


def prepare(settings: Settings, embedder: Any, fingerprint: str, data: bytes, source: str, doc_id: str,
            isolate: bool = True, on_passages: Any = None) -> Prepared:
    """Read (in the sandbox when ``isolate``) and embed one file as document ``doc_id``."""
    how = (data, source, doc_id, fingerprint, settings.chunk_chars, settings.chunk_max_chars)
    prepared = isolated(read, how, source, settings.parse_timeout_s, settings.parse_memory_mb) if isolate \
        else read(*how)
    crash_point("parsed")
    return embed(prepared, embedder, on_passages)
