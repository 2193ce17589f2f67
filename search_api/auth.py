"""API keys and roles from ``KB_API_KEYS="editor:KEY1,admin:KEY2,reader:KEY3"``.

Reading is open unless ``KB_PUBLIC_READ=false``; writing needs an editor or admin key, sent as
``Authorization: Bearer KEY`` or ``X-API-Key: KEY``. Outside development, a key that looks like a
placeholder ("changeme", "REPLACE_ME…", "passwordpassword", short keys or few distinct characters …)
stops the server from starting. A malformed list is refused without echoing any key, and so is a key
listed under two roles.
"""

from __future__ import annotations

import hmac

from kb.config import Settings
from kb.errors import AuthError, Forbidden

ROLES = {"reader": 0, "editor": 1, "admin": 2}
_ROLE_VI = {"reader": "đọc", "editor": "biên tập", "admin": "quản trị"}
_PLACEHOLDERS = {"changeme", "change-me", "secret", "password", "key", "test", "example", "xxx", "admin"}
_PLACEHOLDER_WORDS = ("replace", "changeme", "change-me", "change_me", "password", "example", "placeholder", "your")
_MIN_DISTINCT = 8  # "xxxxxxxxxxxxxxxx" and "abababababababab" are not keys


def parse_keys(spec: str) -> dict[str, str]:
    """``"editor:K1,admin:K2"`` → ``{"K1": "editor", "K2": "admin"}``."""
    keys: dict[str, str] = {}
    for number, item in enumerate(filter(None, (part.strip() for part in spec.split(","))), 1):
        role, sep, key = item.partition(":")
        role, key = role.strip().lower(), key.strip()
        if not sep or role not in ROLES or not key:  # the entry itself is not shown: it may be a key
            raise ValueError(f"KB_API_KEYS entry {number} must be role:KEY with role in {list(ROLES)}")
        if keys.get(key, role) != role:
            raise ValueError(f"KB_API_KEYS entry {number} gives a key listed before under the role "
                             f"{keys[key]!r} another role: one key, one role")
        keys[key] = role
    return keys


def weak(key: str) -> bool:
    """A placeholder or a key too short or too plain to guess at length."""
    lowered = key.lower()
    return (len(key) < 16 or lowered in _PLACEHOLDERS or len(set(lowered)) < _MIN_DISTINCT
            or any(word in lowered for word in _PLACEHOLDER_WORDS))


def check_keys_for_production(settings: Settings, keys: dict[str, str]) -> None:
    if settings.environment == "development":
        return
    for key in keys:
        if weak(key):
            raise ValueError("KB_API_KEYS holds a placeholder, short (under 16 characters) or plain key "
                             f"(fewer than {_MIN_DISTINCT} different characters); set real keys before running "
                             "with KB_ENVIRONMENT=production")


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
