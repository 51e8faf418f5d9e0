"""Encryption of free text at rest (Fernet), with keys only from the environment.

ALONGSIDE_ENCRYPTION_KEYS holds one or more keys, newest first. The newest encrypts; every key
decrypts, so a key can be rotated in: add the new key in front, run `alongside rotate-keys`,
then remove the old one.
"""

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("Set ALONGSIDE_ENCRYPTION_KEYS (Fernet keys, newest first).")
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured(
            "ALONGSIDE_ENCRYPTION_KEYS must be 32-byte url-safe base64 keys."
        ) from error


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.ENCRYPTION_KEYS))


def encrypt(text: str) -> str:
    return fernet().encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "Encrypted text could not be read with any key in ALONGSIDE_ENCRYPTION_KEYS."
        ) from error


def is_encrypted(text: str) -> bool:
    """Does any key in ALONGSIDE_ENCRYPTION_KEYS open this text? (Used by data migrations, so
    that encrypting a column twice, or decrypting plain text, does nothing.)"""
    try:
        fernet().decrypt(text.encode("ascii"))
    except (InvalidToken, UnicodeEncodeError):
        return False
    return True


def rotate(token: str) -> str:
    """Re-encrypt a token under the newest key."""
    return fernet().rotate(token.encode("ascii")).decode("ascii")


def generate_key() -> str:
    return Fernet.generate_key().decode("ascii")
