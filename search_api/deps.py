"""FastAPI dependencies as typed aliases: the knowledge base, the ingestor, and role checks."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request

from kb.service import KnowledgeBase
from search_api.auth import Authenticator
from search_api.jobs import JobQueue


def get_kb(request: Request) -> KnowledgeBase:
    return request.app.state.kb


def get_jobs(request: Request) -> JobQueue:
    return request.app.state.jobs


def _key(authorization: str | None, x_api_key: str | None) -> str | None:
    if x_api_key:
        return x_api_key.strip()
    if authorization and authorization.lower().startswith("bearer "):
        return authorization[7:].strip()
    return None


def authorize(request: Request, role: str) -> str | None:
    """The caller's role if it has ``role`` or more (reading may be open); 401 or 403 otherwise."""
    auth: Authenticator = request.app.state.auth
    return auth.require(role, _key(request.headers.get("authorization"), request.headers.get("x-api-key")))


def _checker(role: str):
    def check(request: Request, authorization: Annotated[str | None, Header()] = None,
              x_api_key: Annotated[str | None, Header()] = None) -> str | None:
        return authorize(request, role)  # the headers are parameters for the OpenAPI description

    return check


def get_role(request: Request, authorization: Annotated[str | None, Header()] = None,
             x_api_key: Annotated[str | None, Header()] = None) -> str | None:
    """The role of the key sent (None without a key); a wrong key is 401."""
    auth: Authenticator = request.app.state.auth
    return auth.role_of(_key(authorization, x_api_key))


KBDep = Annotated[KnowledgeBase, Depends(get_kb)]
RoleDep = Annotated[str | None, Depends(get_role)]
JobsDep = Annotated[JobQueue, Depends(get_jobs)]
Reader = Depends(_checker("reader"))
Editor = Depends(_checker("editor"))
Admin = Depends(_checker("admin"))
EditorRole = Annotated[str | None, Editor]  # the same check, when the route wants the role (an edit's "by")
