"""A typed Python client for the HTTP API of ``kb serve`` (httpx), answering the API's own shapes (``kb.model``).

    from kb.client import KBClient

    with KBClient("http://127.0.0.1:8000", api_key="…") as kb:
        answer = kb.ask("Cơ quan nào chủ trì xây dựng Luật Công nghiệp công nghệ số?")
        print(answer.answer, answer.citations[0].number, answer.citations[0].section)
        for task in kb.tasks(body="Bộ Công an").items:
            print(task.due, task.task, task.doc_number, task.section)

A refusal raises ``KBClientError`` with the HTTP status and the error shape's ``code`` and ``message``
(Vietnamese, or English with ``language="en"``). The client needs only httpx and pydantic: it imports nothing
of the server.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, TypeVar

import httpx
from pydantic import BaseModel, TypeAdapter

from kb.model import Answer, Body, DocumentRecord, Passage, Record, SearchResult

T = TypeVar("T")


class Page(BaseModel):
    """A page of tasks or targets: ``total`` before paging, the records of this page."""

    total: int
    items: list[Record]


class KBClientError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status, self.code, self.message = status, code, message


def _filters(doc_type: str | None, issuer: str | None, doc_id: str | None, year_from: int | None,
             year_to: int | None) -> dict[str, Any]:
    given = {"doc_type": doc_type, "issuer": issuer, "doc_id": doc_id, "year_from": year_from, "year_to": year_to}
    return {k: v for k, v in given.items() if v is not None}


class KBClient:
    """The ``/v1`` routes as methods; ``api_key`` is sent as ``Authorization: Bearer``."""

    def __init__(self, base_url: str, api_key: str | None = None, *, language: Literal["vi", "en"] = "vi",
                 timeout: float = 120, transport: httpx.BaseTransport | None = None) -> None:
        headers = {"Accept-Language": language}
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        self.http = httpx.Client(base_url=base_url.rstrip("/"), headers=headers, timeout=timeout, transport=transport)

    def __enter__(self) -> KBClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.http.close()

    def _call(self, method: str, path: str, shape: type[T] | Any, **kwargs: Any) -> T:
        response = self.http.request(method, f"/v1{path}", **kwargs)
        if response.status_code >= 400:
            try:
                error = response.json()["error"]
                raise KBClientError(response.status_code, error["code"], error["message"])
            except (ValueError, KeyError, TypeError):
                raise KBClientError(response.status_code, "error", response.text[:500]) from None
        return TypeAdapter(shape).validate_python(response.json())

    # -- reading ---------------------------------------------------------------------------------------
    def search(self, q: str, limit: int = 10, *, doc_type: str | None = None, issuer: str | None = None,
               doc_id: str | None = None, year_from: int | None = None, year_to: int | None = None,
               facets: bool = False) -> SearchResult:
        params = {"q": q, "limit": limit, **_filters(doc_type, issuer, doc_id, year_from, year_to)}
        return self._call("GET", "/search", SearchResult, params={**params, **({"facets": "true"} if facets else {})})

    def ask(self, question: str, *, doc_type: str | None = None, issuer: str | None = None,
            doc_id: str | None = None, year_from: int | None = None, year_to: int | None = None) -> Answer:
        filters = _filters(doc_type, issuer, doc_id, year_from, year_to)
        return self._call("POST", "/ask", Answer, json={"question": question, **({"filters": filters} if filters
                                                                                  else {})})

    def documents(self, *, doc_type: str | None = None, issuer: str | None = None, year: int | None = None,
                  q: str | None = None, limit: int = 1000, offset: int = 0) -> list[DocumentRecord]:
        params = {k: v for k, v in {"doc_type": doc_type, "issuer": issuer, "year": year, "q": q}.items() if v}
        return self._call("GET", "/documents", list[DocumentRecord], params={**params, "limit": limit,
                                                                             "offset": offset})

    def document(self, doc_id: str) -> DocumentRecord:
        return self._call("GET", f"/documents/{doc_id}", DocumentRecord)

    def text(self, doc_id: str) -> str:
        return self._call("GET", f"/documents/{doc_id}/text", dict[str, Any])["text"]

    def passage(self, doc_id: str, start: int, end: int, context: int = 300) -> Passage:
        return self._call("GET", f"/documents/{doc_id}/passage", Passage,
                          params={"start": start, "end": end, "context": context})

    def tasks(self, *, body: str | None = None, role: Literal["lead", "coordinator", "any"] = "lead",
              due_before: str | None = None, due_after: str | None = None, doc_id: str | None = None,
              text: str | None = None, limit: int = 100, offset: int = 0) -> Page:
        given = {"body": body, "due_before": due_before, "due_after": due_after, "doc_id": doc_id, "text": text}
        params = {k: v for k, v in given.items() if v is not None}
        return self._call("GET", "/tasks", Page, params={**params, "role": role, "limit": limit, "offset": offset})

    def targets(self, *, body: str | None = None, doc_id: str | None = None, text: str | None = None,
                limit: int = 100, offset: int = 0) -> Page:
        params = {k: v for k, v in {"body": body, "doc_id": doc_id, "text": text}.items() if v is not None}
        return self._call("GET", "/targets", Page, params={**params, "limit": limit, "offset": offset})

    def bodies(self) -> list[Body]:
        return self._call("GET", "/bodies", list[Body])

    def role(self) -> str | None:
        """The role of the key sent (None without one)."""
        return self._call("GET", "/me", dict[str, Any])["role"]

    # -- writing (editor key) ----------------------------------------------------------------------------
    def upload(self, path: str | Path, wait: float | None = None) -> DocumentRecord | dict[str, Any]:
        """The document's record once searchable, else the job (``{"job_id", "status_url"}``) to poll."""
        path = Path(path)
        params = {} if wait is None else {"wait": wait}
        with path.open("rb") as f:
            result = self._call("POST", "/documents", dict[str, Any], files={"file": (path.name, f)}, params=params)
        return result if "job_id" in result else DocumentRecord(**result)

    def delete(self, doc_id: str) -> DocumentRecord:
        return self._call("DELETE", f"/documents/{doc_id}", DocumentRecord)
