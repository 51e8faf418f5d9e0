"""One-way digests for secrets that only ever need checking: backup codes and enrolment links.

Backup codes are short (8 digits), so a plain hash could be reversed by trying every code. They
are hashed with HMAC under a key derived from ALONGSIDE_ENCRYPTION_KEYS, so a copy of the
database alone reveals nothing. Every key is tried when checking, as with encrypted text, so a
new key can be put in front without invalidating codes already issued.

Enrolment-link tokens are long and random, so a plain SHA-256 is enough.
"""

import hashlib
import hmac
import secrets

from django.conf import settings

BACKUP_CODE_DIGITS = 8


def _backup_code_keys() -> list[bytes]:
    return [
        hashlib.sha256(b"alongside backup codes\x00" + key.encode("utf-8")).digest()
        for key in settings.ENCRYPTION_KEYS
    ]


def _normalise(code: str) -> bytes:
    return "".join(str(code).split()).encode("utf-8")


def backup_code_digest(code: str) -> str:
    """The digest stored for a new code (newest key)."""
    return hmac.new(_backup_code_keys()[0], _normalise(code), hashlib.sha256).hexdigest()


def backup_code_digests(code: str) -> list[str]:
    """The digests the code would have under every key still in use."""
    return [hmac.new(k, _normalise(code), hashlib.sha256).hexdigest() for k in _backup_code_keys()]


def backup_code_new() -> str:
    return f"{secrets.randbelow(10**BACKUP_CODE_DIGITS):0{BACKUP_CODE_DIGITS}d}"


def link_token_new() -> str:
    return secrets.token_urlsafe(32)


def link_token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
