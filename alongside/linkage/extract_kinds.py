"""The kinds of extract Alongside links, with the columns each needs."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ExtractKind:
    name: str
    description: str
    key: str  # the column that identifies a row
    required: tuple[str, ...]
    optional: tuple[str, ...]
    dates: tuple[str, ...]
    needs_value: tuple[str, ...]  # a row without these cannot be used (others may be blank)

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional


_PARENT = (
    "forename",
    "surname",
    "previous_names",
    "middle_names",
    "known_as",
    "dob",
    "postcode",
    "nhs_number",
    "ethnicity",
)

APPLICATIONS = ExtractKind(
    name="applications",
    description="care applications (one row per application)",
    key="application_id",
    required=(
        "application_id",
        "issue_date",
        "local_authority",
        "mother_forename",
        "mother_surname",
        "mother_dob",
    ),
    optional=(
        "court",
        "child_id",
        "child_dob",
        "mother_previous_names",
        "mother_middle_names",
        "mother_known_as",
        "mother_postcode",
        "mother_nhs_number",
        "mother_ethnicity",
        *(f"father_{name}" for name in _PARENT),
        "final_order",
        "final_order_date",
    ),
    dates=("issue_date", "child_dob", "mother_dob", "father_dob", "final_order_date"),
    needs_value=("application_id", "issue_date"),
)

BOOKINGS = ExtractKind(
    name="midwifery_bookings",
    description="midwifery bookings (one row per pregnancy booked)",
    key="booking_id",
    required=("booking_id", "forename", "surname", "dob", "expected_due_date"),
    optional=("booking_date", "previous_names", "postcode", "nhs_number"),
    dates=("dob", "expected_due_date", "booking_date"),
    needs_value=("booking_id", "expected_due_date"),
)

CARE_LEAVERS = ExtractKind(
    name="care_leavers",
    description="care leavers (one row per young person)",
    key="care_leaver_id",
    required=("care_leaver_id", "forename", "surname", "dob"),
    optional=("previous_names", "postcode", "nhs_number"),
    dates=("dob",),
    needs_value=("care_leaver_id",),
)

KINDS = {kind.name: kind for kind in (APPLICATIONS, BOOKINGS, CARE_LEAVERS)}
