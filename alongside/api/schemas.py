"""What the partner API accepts and answers: plain, explicit Pydantic classes. Unknown fields
are refused, so a typing mistake in a partner system shows at once."""

from datetime import date
from typing import Literal

from django.utils import timezone
from ninja import Schema
from pydantic import ConfigDict, Field, field_validator, model_validator

from alongside.people.validators import (
    UK_POSTCODE,
    nhs_number_is_valid,
    normalise_nhs_number,
    normalise_postcode,
)

Source = Literal[
    "childrens_social_care",
    "leaving_care",
    "midwifery",
    "health",
    "court",
    "voluntary",
    "other",
]


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")

    @field_validator("*")
    @classmethod
    def _no_null_characters(cls, value):
        """A NUL character in any text (or list of texts) is refused with the field's name, as
        Django's forms refuse it: PostgreSQL cannot store one, so it would otherwise fail late."""
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(text, str) and "\x00" in text for text in texts):
            raise ValueError("Null characters are not allowed")
        return value


class ParentIn(Strict):
    given_name: str = Field(min_length=1, max_length=100, pattern=r"\S")
    family_name: str = Field(min_length=1, max_length=100, pattern=r"\S")
    previous_names: list[str] = Field(default_factory=list, max_length=10)
    date_of_birth: date | None = Field(default=None, description="Not in the future")
    nhs_number: str = Field(
        default="",
        max_length=12,
        description="10 digits with a valid check digit (modulus 11), spaces allowed",
    )
    postcode: str = Field(default="", max_length=10, description="A UK postcode")

    @field_validator("previous_names")
    @classmethod
    def _names(cls, value: list[str]) -> list[str]:
        if any(len(name) > 200 for name in value):
            raise ValueError("Each previous name must be 200 characters or fewer")
        return [name.strip() for name in value if name.strip()]

    @field_validator("date_of_birth")
    @classmethod
    def _born_in_the_past(cls, value: date | None) -> date | None:
        if value is not None and value > timezone.localdate():
            raise ValueError("Date of birth must be in the past")
        if value is not None and value.year < 1900:
            raise ValueError("Date of birth must be after 1900")
        return value

    @field_validator("nhs_number")
    @classmethod
    def _nhs(cls, value: str) -> str:
        if value.strip() and not nhs_number_is_valid(value):
            raise ValueError("Enter a real NHS number: 10 digits with a valid check digit")
        return normalise_nhs_number(value.strip())

    @field_validator("postcode")
    @classmethod
    def _postcode(cls, value: str) -> str:
        if not value.strip():
            return ""
        normal = normalise_postcode(value)
        if not UK_POSTCODE.match(normal):
            raise ValueError("Enter a real UK postcode, like B1 1AA")
        return normal


class ReferralIn(Strict):
    parent: ParentIn
    source: Source
    referrer_name: str = Field(min_length=1, max_length=200, pattern=r"\S")
    referrer_contact: str = Field(
        min_length=1, max_length=200, pattern=r"\S", description="Phone number or email address"
    )
    parent_agrees: bool = Field(description="The parent knows about the referral and agrees")
    reason: str = Field(min_length=1, max_length=10000, pattern=r"\S")


class ReferralOut(Schema):
    reference: str
    status: Literal["awaiting_decision", "accepted", "declined"]
    received_on: date
    decided_on: date | None = None
    decision: str | None = Field(
        default=None, description="What the service told the referrer about its decision"
    )


class Pathway(Schema):
    key: str
    name: str
    description: str
    rules: list[str]


class CriteriaOut(Schema):
    service: str
    programme: str | None
    description: str
    pathways: list[Pathway]


class FieldError(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldError] = Field(default_factory=list)


# --- Impact reports ---------------------------------------------------------------------------

ReportKind = Literal["oba", "fidelity", "equality", "flow", "costs"]
SHOWN_AS = Literal["fewer than 5", "suppressed", "not shown (fewer than 5)"]


class PeriodIn(Strict):
    start: date = Field(description="The first day of the period (from 2000-01-01)")
    end: date = Field(description="The last day of the period, inclusive (to 2100-12-31)")

    @model_validator(mode="after")
    def _in_order(self):
        for name in ("start", "end"):
            if not date(2000, 1, 1) <= getattr(self, name) <= date(2100, 12, 31):
                raise ValueError(f"{name} must be from 2000-01-01 to 2100-12-31")
        if self.end < self.start:
            raise ValueError("end must be the same as or after start")
        return self


class Suppressed(Schema):
    """A figure not published. Counts from 1 to 4 are 'fewer than 5'; other counts are
    'suppressed' when they are hidden so that no small count can be worked out from the
    others; a median, rate or range resting on a hidden count or one under 5 is 'not shown
    (fewer than 5)'. Never a number: there is none to read."""

    suppressed: Literal[True] = True
    shown_as: SHOWN_AS = Field(description="What the report's pages and files show instead")


Cell = int | float | str | Suppressed | None


class ColumnOut(Schema):
    key: str
    heading: str


class RowOut(Schema):
    key: str
    label: str
    cells: dict[str, Cell] = Field(
        description="By column key: a count (integer), a measure (number or text), text "
        "(a threshold, a source), null for nothing, or {'suppressed': true, 'shown_as': ...}"
    )


class TableOut(Schema):
    key: str
    title: str
    row_heading: str
    columns: list[ColumnOut]
    rows: list[RowOut]
    note: str


class SectionOut(Schema):
    key: str
    title: str
    intro: str
    tables: list[TableOut]


class ReportOut(Schema):
    report: ReportKind
    title: str
    covers: str = Field(description="The service, or the network, the figures are for")
    services_counted: int = Field(description="How many services the figures add up")
    start: date
    end: date
    suppression: str = Field(description="How small numbers are shown")
    sections: list[SectionOut]


class NetworkOut(Schema):
    id: int
    name: str
    services_taking_part: int = Field(description="Services whose agreement is in force today")
