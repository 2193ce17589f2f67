"""API keys and roles from ``KB_API_KEYS="editor:KEY1,admin:KEY2,reader:KEY3"``.

Reading is open unless ``KB_PUBLIC_READ=false``; writing needs an editor or admin key, sent as
``Authorization: Bearer KEY`` or ``X-API-Key: KEY``. Outside development, a key that looks like a
placeholder ("changeme", "secret", short keys …) stops the server from starting.
"""

from __future__ import annotations

import hmac

from kb.config import Settings
from kb.errors import AuthError, Forbidden

ROLES = {"reader": 0, "editor": 1, "admin": 2}
_ROLE_VI = {"reader": "đọc", "editor": "biên tập", "admin": "quản trị"}
_PLACEHOLDERS = {"changeme", "change-me", "secret", "password", "key", "test", "example", "xxx", "admin"}


def parse_keys(spec: str) -> dict[str, str]:
    """``"editor:K1,admin:K2"`` → ``{"K1": "editor", "K2": "admin"}``."""
    keys: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in spec.split(","))):
        role, sep, key = item.partition(":")
        role = role.strip().lower()
        if not sep or role not in ROLES or not key.strip():
            raise ValueError(f"KB_API_KEYS entry {item.split(':')[0]!r}:… must be role:KEY with role in {list(ROLES)}")
        keys[key.strip()] = role
    return keys


def check_keys_for_production(settings: Settings, keys: dict[str, str]) -> None:
    if settings.environment == "development":
        return
    for key in keys:
        if len(key) < 16 or key.lower() in _PLACEHOLDERS or key.lower().startswith(("changeme", "your")):
            raise ValueError("KB_API_KEYS holds a placeholder or short key (under 16 characters); "
                             "set real keys before running with KB_ENVIRONMENT=production")


class Authenticator:
    def __init__(self, settings: Settings) -> None:
        self.keys = parse_keys(settings.api_keys)
        check_keys_for_production(settings, self.keys)
        self.public_read = settings.public_read

    def role_of(self, key: str | None) -> str | None:
        if not key:
            return None
        for known, role in self.keys.items():
            if hmac.compare_digest(known.encode(), key.encode()):
                return role
        raise AuthError("the API key is not valid", vi="Khoá API không đúng.")

    def require(self, needed: str, key: str | None) -> str | None:
        if needed == "reader" and self.public_read and not key:
            return None
        role = self.role_of(key)
        if role is None:
            raise AuthError("this route needs an API key (Authorization: Bearer KEY or X-API-Key)",
                            vi="Thao tác này cần khoá API (Authorization: Bearer KEY hoặc X-API-Key).")
        if ROLES[role] < ROLES[needed]:
            raise Forbidden(f"this route needs the {needed} role",
                            vi=f"Khoá API này không có quyền {_ROLE_VI[needed]}.")
        return role
