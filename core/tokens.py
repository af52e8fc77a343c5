"""Bearer tokens for families' private links: only a hash is ever stored."""

import hashlib
import secrets


def new_token() -> tuple[str, str]:
    """A fresh random token and the hash to store for it."""
    raw = secrets.token_urlsafe(32)
    return raw, hash_token(raw)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()
