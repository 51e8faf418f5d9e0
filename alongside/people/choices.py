"""Fixed lists used on people's records."""

from datetime import date

from django.db import models

# ONS 2021 census ethnic groups for England and Wales: 19 categories in 5 high-level groups.
ETHNICITY_GROUPS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Asian, Asian British or Asian Welsh",
        [
            ("asian_bangladeshi", "Bangladeshi"),
            ("asian_chinese", "Chinese"),
            ("asian_indian", "Indian"),
            ("asian_pakistani", "Pakistani"),
            ("asian_other", "Any other Asian background"),
        ],
    ),
    (
        "Black, Black British, Black Welsh, Caribbean or African",
        [
            ("black_african", "African"),
            ("black_caribbean", "Caribbean"),
            ("black_other", "Any other Black, Black British, or Caribbean background"),
        ],
    ),
    (
        "Mixed or Multiple ethnic groups",
        [
            ("mixed_white_asian", "White and Asian"),
            ("mixed_white_black_african", "White and Black African"),
            ("mixed_white_black_caribbean", "White and Black Caribbean"),
            ("mixed_other", "Any other Mixed or Multiple ethnic background"),
        ],
    ),
    (
        "White",
        [
            ("white_british", "English, Welsh, Scottish, Northern Irish or British"),
            ("white_irish", "Irish"),
            ("white_gypsy_traveller", "Gypsy or Irish Traveller"),
            ("white_roma", "Roma"),
            ("white_other", "Any other White background"),
        ],
    ),
    ("Other ethnic group", [("other_arab", "Arab"), ("other_any", "Any other ethnic group")]),
    (
        "Not recorded",
        [("not_asked", "Not yet asked"), ("prefer_not_to_say", "Prefers not to say")],
    ),
]
ETHNICITY_CHOICES = [choice for _, group in ETHNICITY_GROUPS for choice in group]
ETHNICITY_LABELS = dict(ETHNICITY_CHOICES)
ETHNICITY_GROUP_OF = {code: group for group, choices in ETHNICITY_GROUPS for code, _ in choices}


class CareExperience(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known"


class YesNoNotKnown(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known"


class ChildLegalStatus(models.TextChoices):
    UNBORN = "unborn", "Unborn (pregnancy)"
    AT_HOME = "at_home", "At home, no plan"
    AT_HOME_CIN = "at_home_cin", "At home, child in need plan"
    AT_HOME_CP = "at_home_cp", "At home, child protection plan"
    IN_PROCEEDINGS = "in_proceedings", "In care proceedings"
    LONG_TERM_FOSTER = "long_term_foster", "Long-term foster care"
    SGO = "sgo", "Special guardianship order"
    KINSHIP = "kinship", "Living with family or friends (kinship care)"
    ADOPTED = "adopted", "Adopted"
    OTHER = "other", "Other"


# Children living with the parent (at home, on a plan or not).
AT_HOME_STATUSES = (
    ChildLegalStatus.AT_HOME,
    ChildLegalStatus.AT_HOME_CIN,
    ChildLegalStatus.AT_HOME_CP,
)


def is_pregnancy(legal_status: str, due_date: date | None, on: date) -> bool:
    """The one rule for 'is this a current pregnancy on `on`': a child recorded as unborn
    whose due date, when known, has not yet passed. Child records and the eligibility facts
    both ask here."""
    return legal_status == ChildLegalStatus.UNBORN and (due_date is None or due_date >= on)
