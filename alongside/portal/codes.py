"""One-time codes sent by email: six digits, kept only as a keyed digest (the same keyed HMAC
as backup codes, `accounts.codes`), so a copy of the database reveals none."""

import secrets

from alongside.accounts.codes import backup_code_digest, backup_code_digests

EMAIL_CODE_DIGITS = 6


def email_code_new() -> str:
    return f"{secrets.randbelow(10**EMAIL_CODE_DIGITS):0{EMAIL_CODE_DIGITS}d}"


def email_code_digest(code: str) -> str:
    return backup_code_digest(code)


def email_code_matches(code: str, digest: str) -> bool:
    return bool(digest) and digest in backup_code_digests(code)
