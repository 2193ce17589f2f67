"""Documents: list (filters, paging), show, text, upload (201 or 202 + job), replace, delete; jobs."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, File, Path, Query, Request, Response, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse

from ingest.load import sniff
from kb.config import Settings
from kb.errors import InputError, KBError, NotFound
from kb.model import DocumentRecord, Passage
from search_api.deps import Editor, JobsDep, KBDep, Reader
from search_api.jobs import Job
from search_api.messages import language
from search_api.pages import page_png
from search_api.protocol import refuse_nul
from search_api.uploads import UploadRoute, file_limit, too_large

router = APIRouter(tags=["documents"])
Sort = Literal["issued", "-issued", "number", "title"]


@router.get("/documents", response_model=list[DocumentRecord], dependencies=[Reader],
            summary="Documents, filtered and paged (X-Total-Count gives the number before paging)")
def list_documents(kb: KBDep, response: Response, doc_type: str | None = None, issuer: str | None = None,
                   year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
                   q: Annotated[str | None, Query(max_length=200, description="words of the title or number")] = None,
                   sort: Annotated[Sort | None, Query(description="issued, -issued (newest first), number or "
                                                                    "title; documents without it last")] = None,
                   limit: Annotated[int, Query(ge=1, le=1000)] = 1000,
                   offset: Annotated[int, Query(ge=0)] = 0) -> list[DocumentRecord]:
    total, page = kb.document_page(doc_type, issuer, year, q, sort, limit, offset)
    response.headers["X-Total-Count"] = str(total)
    return page


@router.get("/documents/{doc_id}", response_model=DocumentRecord, dependencies=[Reader], summary="One document")
def show_document(kb: KBDep, doc_id: str) -> DocumentRecord:
    return kb.document(doc_id)


@router.get("/documents/{doc_id}/text", dependencies=[Reader], summary="The text citations point into",
            description="`table_rows`: where the rows of its tables stand in the text (code-point offsets; "
                        "`header`: the table's header row; cells are separated by ' | ').")
def document_text(kb: KBDep, doc_id: str) -> dict:
    kb.document(doc_id)
    blocks = kb.catalog.document_metadata(doc_id).get("_blocks", [])
    rows = [{"start": start, "end": end, "header": kind == "table_header"}
            for start, end, kind, _level in blocks if kind in ("table_header", "table_row")]
    return {"doc_id": doc_id, "text": kb.text(doc_id), "table_rows": rows}


_MEDIA = {"pdf": "application/pdf", "html": "text/html; charset=utf-8", "markdown": "text/markdown; charset=utf-8",
          "text": "text/plain; charset=utf-8",
          "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


@router.get("/documents/{doc_id}/original", dependencies=[Reader], response_class=FileResponse,
            summary="The original file as uploaded or ingested (404 when not kept: ingested from a "
                    "folder before originals were kept; ingesting the folder again keeps it)")
def document_original(kb: KBDep, doc_id: str) -> FileResponse:
    doc = kb.document(doc_id)
    if not doc.original:
        raise NotFound(f"the original file of {doc_id!r} is not stored (ingested before originals were kept)",
                       vi=f"Không có tệp gốc của văn bản {doc.source} (văn bản được nạp trước khi hệ thống lưu "
                          "tệp gốc; nạp lại thư mục để lưu).")
    return FileResponse(kb.original_path(doc_id), filename=doc.source,
                        media_type=_MEDIA.get(doc.format or "", "application/octet-stream"),
                        headers={"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "sandbox"})


@router.get("/documents/{doc_id}/pages/{page}.png", dependencies=[Reader], response_class=FileResponse,
            responses={200: {"content": {"image/png": {}}}},
            summary="A page of the PDF original as a PNG picture (404 for a page past the last or no PDF original)")
def document_page(kb: KBDep, doc_id: str, page: Annotated[int, Path(ge=1, le=100_000)],
                  dpi: Annotated[int, Query(ge=50, le=200, description="resolution (dots per inch)")] = 110
                  ) -> FileResponse:
    return FileResponse(page_png(kb, doc_id, page, dpi), media_type="image/png",
                        headers={"Cache-Control": "private, no-cache", "X-Content-Type-Options": "nosniff"})


@router.get("/documents/{doc_id}/passage", response_model=Passage, dependencies=[Reader],
            summary="A cited span text[start:end] with its section, page and the text around it")
def document_passage(kb: KBDep, doc_id: str, start: Annotated[int, Query(ge=0)], end: Annotated[int, Query(ge=1)],
                     context: Annotated[int, Query(ge=0, le=5000)] = 300) -> Passage:
    return kb.passage(doc_id, start, end, context)


@router.delete("/documents/{doc_id}", response_model=DocumentRecord, dependencies=[Editor],
               summary="Delete a document: every passage, record and the stored original")
def delete_document(jobs: JobsDep, doc_id: str) -> DocumentRecord:
    return jobs.delete(doc_id)  # an upload or replacement accepted before it does not bring it back


async def _read_limited(upload: UploadFile, settings: Settings) -> bytes:
    """The file's bytes (the body's key and size were checked before it was read: ``UploadRoute``)."""
    chunks, size, limit = [], 0, file_limit(settings)
    while block := await upload.read(1 << 20):
        size += len(block)
        if size > limit:
            raise too_large(settings)
        chunks.append(block)
    return b"".join(chunks)


async def _one_file(request: Request) -> None:
    """A request with several ``file`` parts is refused, not cut to its first one (#16.10)."""
    parts = len((await request.form()).getlist("file"))
    if parts > 1:
        raise InputError(f"one file per request: this one holds {parts} 'file' parts; send them one by one",
                         code="one_file_per_request",
                         vi=f"Mỗi yêu cầu chỉ tải lên một tệp (trường 'file'); yêu cầu này có {parts} tệp. "
                            "Hãy gửi từng tệp một.")


async def _accept(kb: KBDep, jobs: JobsDep, request: Request, file: UploadFile, wait: float,
                  doc_id: str | None = None) -> JSONResponse:
    """Upload routes run on the event loop and wait for their job without holding a server thread:
    however many uploads wait, searches and ``/healthz`` still find threads (#16.6)."""
    await _one_file(request)
    name = refuse_nul(file.filename or "upload.txt")
    data = await _read_limited(file, kb.settings)
    sniff(data, name)  # the type by content signature, before any parsing: 415 / 422 at once
    job = await run_in_threadpool(jobs.submit, data, name, doc_id)  # written to the disk before it is answered
    if not await job.wait(wait):
        return JSONResponse({"job_id": job.id, "status_url": f"/v1/jobs/{job.id}"}, status_code=202)
    return _finished(job)


def _finished(job: Job) -> JSONResponse:
    """The record as the job committed it: a DELETE since then does not make the upload answer 404."""
    if job.status == "failed" or job.record is None:
        raise job.exception or KBError(job.error or "the document could not be ingested")
    record = job.record
    status = 201 if job.ingest_status in ("added", "updated") else 200
    headers = {"X-KB-Ingest-Status": job.ingest_status or "", "Location": f"/v1/documents/{job.doc_id}"}
    return JSONResponse(record.model_dump(), status_code=status, headers=headers)


Wait = Annotated[float | None, Query(ge=0, le=120, description="seconds to wait before answering 202 with a job")]


uploads = APIRouter(tags=["documents"], route_class=UploadRoute)


@uploads.post("/documents", status_code=201, response_model=DocumentRecord, dependencies=[Editor],
             responses={202: {"description": "accepted: poll status_url"}},
             summary="Upload a document (PDF, DOCX, TXT, MD, HTML): 201 when searchable, else 202 and a job",
              description="A document is identified by its content: the same bytes again are `unchanged` (200); "
                          "another file of the same name is a new document (`ke-hoach (2).txt`). "
                          "Replace a document with `PUT /v1/documents/{id}`.")
async def upload_document(kb: KBDep, jobs: JobsDep, request: Request, file: Annotated[UploadFile, File()],
                          wait: Wait = None) -> JSONResponse:
    return await _accept(kb, jobs, request, file, kb.settings.upload_wait_s if wait is None else wait)


@uploads.put("/documents/{doc_id}", response_model=DocumentRecord, dependencies=[Editor],
            responses={202: {"description": "accepted: poll status_url"}},
            summary="Replace a document by a new version: its passages and records are replaced")
async def replace_document(kb: KBDep, jobs: JobsDep, request: Request, doc_id: str,
                           file: Annotated[UploadFile, File()], wait: Wait = None) -> JSONResponse:
    await run_in_threadpool(kb.document, doc_id)
    return await _accept(kb, jobs, request, file, kb.settings.upload_wait_s if wait is None else wait, doc_id)


router.include_router(uploads)


@router.get("/jobs/{job_id}", dependencies=[Editor], summary="An upload job: queued, running, done or failed")
def job_status(request: Request, jobs: JobsDep, job_id: str) -> dict:
    return jobs.get(job_id).view(language(request))


@router.get("/documents/{doc_id}/outline", dependencies=[Reader],
            summary="The document's sections: Phần, Chương, Mục, Điều, I./1. of plans, Phụ lục, with offsets")
def document_outline(kb: KBDep, doc_id: str) -> list[dict]:
    from ingest.structure import read_outline, readable
    from ingest.textbuilder import Block, Loaded

    kb.document(doc_id)
    meta = kb.catalog.document_metadata(doc_id)
    loaded = Loaded(kb.text(doc_id), meta.get("_pages"), [Block(*b) for b in meta.get("_blocks", [])])
    return [{"section": readable(s.path), "level": s.level, "start": s.start}
            for s in read_outline(loaded).sections if s.path and s.level <= 5]
