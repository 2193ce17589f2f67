from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import JSONResponse

from ingest.pipeline import Ingestor
from kb.errors import KBError, TooLarge
from kb.model import DocumentRecord
from search_api.deps import Editor, KBDep, Reader

router = APIRouter(tags=["documents"])


@router.get("/documents", response_model=list[DocumentRecord], dependencies=[Reader], summary="All documents")
def list_documents(kb: KBDep) -> list[DocumentRecord]:
    return kb.documents()


@router.get("/documents/{doc_id}", response_model=DocumentRecord, dependencies=[Reader], summary="One document")
def show_document(kb: KBDep, doc_id: str) -> DocumentRecord:
    return kb.document(doc_id)


@router.get("/documents/{doc_id}/text", dependencies=[Reader], summary="The text citations point into")
def document_text(kb: KBDep, doc_id: str) -> dict:
    kb.document(doc_id)
    return {"doc_id": doc_id, "text": kb.text(doc_id)}


@router.delete("/documents/{doc_id}", response_model=DocumentRecord, dependencies=[Editor],
               summary="Delete a document and every passage of it")
def delete_document(kb: KBDep, doc_id: str) -> DocumentRecord:
    return kb.delete(doc_id)


def _read_limited(upload: UploadFile, limit: int) -> bytes:
    chunks, size = [], 0
    while block := upload.file.read(1 << 20):
        size += len(block)
        if size > limit:
            raise TooLarge(f"the file is larger than the limit of {limit // (1 << 20)} MB")
        chunks.append(block)
    return b"".join(chunks)


@router.post("/documents", status_code=201, response_model=DocumentRecord, dependencies=[Editor],
             summary="Upload a document (PDF, DOCX, TXT, MD, HTML); 201 when it is searchable")
def upload_document(request: Request, kb: KBDep, file: Annotated[UploadFile, File()]) -> JSONResponse:
    limit = int(kb.settings.max_upload_mb * (1 << 20))
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit + (1 << 16):
        raise TooLarge(f"the upload is larger than the limit of {kb.settings.max_upload_mb:g} MB")
    data = _read_limited(file, limit)
    outcome = Ingestor(kb).ingest_bytes(data, file.filename or "upload.txt", isolate=True)
    if outcome.status == "failed":
        raise outcome.exception or KBError(outcome.error or "the document could not be ingested")
    record = kb.document(outcome.doc_id or "")
    status = 201 if outcome.status in ("added", "updated") else 200
    return JSONResponse(record.model_dump(), status_code=status,
                        headers={"X-KB-Ingest-Status": outcome.status})
