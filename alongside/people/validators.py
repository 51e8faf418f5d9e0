"""Checks on identifiers people type in."""

import re

from django.core.exceptions import ValidationError

NHS_NUMBER_EXAMPLE = "943 476 5919"


def normalise_nhs_number(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


def nhs_number_is_valid(value: str) -> bool:
    """Modulus 11 check on a 10-digit NHS number (NHS Data Dictionary)."""
    digits = normalise_nhs_number(value)
    if not re.fullmatch(r"\d{10}", digits):
        return False
    total = sum(
        int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=False)
    )
    check = 11 - (total % 11)
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def validate_nhs_number(value: str) -> None:
    digits = normalise_nhs_number(value)
    if not re.fullmatch(r"\d{10}", digits):
        raise ValidationError(
            f"NHS number must be 10 digits, like {NHS_NUMBER_EXAMPLE}", code="nhs_length"
        )
    if not nhs_number_is_valid(digits):
        raise ValidationError(
            f"Enter a real NHS number, like {NHS_NUMBER_EXAMPLE}. Check it for typing mistakes",
            code="nhs_checksum",
        )


UK_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")


def normalise_postcode(value: str) -> str:
    compact = re.sub(r"\s", "", (value or "").upper())
    if len(compact) > 3:
        return f"{compact[:-3]} {compact[-3:]}"
    return compact


def validate_postcode(value: str) -> None:
    if not UK_POSTCODE.match(normalise_postcode(value)):
        raise ValidationError("Enter a real postcode, like B1 1AA", code="postcode")
