"""Reading a file, every step that looks at its content: the bytes loaded, the header read, the
outline and passages cut, the tasks and targets found. One function, so that the sandbox
(``ingest.sandbox``) holds all of it to the parse time and memory limits, not the loading alone: a
text that loads in a second must not then keep the upload worker busy in the facts for minutes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ingest.chunks import Passage, make_passages
from ingest.facts import doc_fields, item_tree, records_for, section_lists
from ingest.header import Metadata, read_metadata
from ingest.load import load_bytes
from ingest.structure import read_outline
from ingest.textbuilder import Loaded


@dataclass
class Parsed:
    fmt: str
    loaded: Loaded
    meta: Metadata
    passages: list[Passage]
    facts: list[dict[str, Any]]  # task and target records, as stored
    lists: list[dict[str, Any]]  # the document's lists (``kb.model.OutlineList``), kept with its text

    def named(self, source: str) -> list[dict[str, Any]]:
        """The records under the name the document is finally stored by (``ke-hoach (2).txt``)."""
        return [{**f, "source": source} for f in self.facts]


def parse(data: bytes, source: str, doc_id: str, chunk_chars: int, chunk_max_chars: int) -> Parsed:
    fmt, loaded = load_bytes(data, source)
    meta = read_metadata(loaded, source)
    outline = read_outline(loaded)
    root = item_tree(loaded, outline)  # read once, for the records and the lists
    passages = make_passages(loaded, outline, chunk_chars, chunk_max_chars)
    facts = [r.model_dump() for r in records_for(loaded, doc_fields(meta, doc_id, source), passages, outline, root)]
    return Parsed(fmt, loaded, meta, passages, facts, section_lists(root, loaded))
