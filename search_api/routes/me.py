"""Who the caller is: the role of the key sent, so the page shows writing controls to editors only."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from search_api.auth import ROLES
from search_api.deps import RoleDep

router = APIRouter(tags=["auth"])


class Me(BaseModel):
    role: Literal["reader", "editor", "admin"] | None = Field(description="null: no key sent")
    can_write: bool = Field(description="the key may upload, replace and delete documents")


@router.get("/me", response_model=Me, summary="The role of the API key sent (401 for a wrong key)")
def me(role: RoleDep) -> Me:
    return Me(role=role, can_write=role is not None and ROLES[role] >= ROLES["editor"])
