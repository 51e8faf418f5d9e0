"""Fixed lists used on people's records."""

from datetime import date, timedelta

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
    """Where a child lives and under what plan or order. A child's history is a dated list of
    these (ChildStatusChange); `Child.legal_status` is the latest."""

    UNBORN = "unborn", "Unborn (pregnancy)"
    AT_HOME = "at_home", "At home, no plan"
    AT_HOME_CIN = "at_home_cin", "At home, child in need plan"
    AT_HOME_CP = "at_home_cp", "At home, child protection plan"
    IN_PROCEEDINGS = "in_proceedings", "In care proceedings"
    PLACED_WITH_PARENT = "placed_with_parent", "Placed with the parent under a care order"
    KINSHIP = "kinship", "Living with family or friends (kinship care)"
    SGO = "sgo", "Special guardianship order"
    FOSTER_CARE = "foster_care", "Foster care"
    LONG_TERM_FOSTER = "long_term_foster", "Long-term foster care"
    PLACEMENT_ORDER = "placement_order", "Placement order (plan for adoption)"
    ADOPTED = "adopted", "Adopted"
    RETURNED_HOME = "returned_home", "Returned home to the parent"
    OTHER = "other", "Other"


# Children living with the parent (at home, on a plan or not).
AT_HOME_STATUSES = (
    ChildLegalStatus.AT_HOME,
    ChildLegalStatus.AT_HOME_CIN,
    ChildLegalStatus.AT_HOME_CP,
    ChildLegalStatus.PLACED_WITH_PARENT,
    ChildLegalStatus.RETURNED_HOME,
)

# Living away from the parent: moving into one of these from living with the parent is a
# removal (Child.removed_on follows from the history).
AWAY_STATUSES = (
    ChildLegalStatus.KINSHIP,
    ChildLegalStatus.SGO,
    ChildLegalStatus.FOSTER_CARE,
    ChildLegalStatus.LONG_TERM_FOSTER,
    ChildLegalStatus.PLACEMENT_ORDER,
    ChildLegalStatus.ADOPTED,
)

# The statuses a born child can move to (a status change never makes a child unborn).
BORN_STATUS_CHOICES = [c for c in ChildLegalStatus.choices if c[0] != ChildLegalStatus.UNBORN]


class OrderSought(models.TextChoices):
    CARE_ORDER = "care_order", "Care order"
    SUPERVISION_ORDER = "supervision_order", "Supervision order"
    PLACEMENT_ORDER = "placement_order", "Placement order"
    SGO = "sgo", "Special guardianship order"
    CHILD_ARRANGEMENTS = "child_arrangements", "Child arrangements order"
    NOT_KNOWN = "not_known", "Not known yet"


class StatusSource(models.TextChoices):
    """How the service knows about a change in where a child lives."""

    PARENT = "parent", "The parent told us"
    SOCIAL_CARE = "social_care", "Children's social care"
    COURT = "court", "Court papers or a court decision"
    HEALTH = "health", "Midwife or health visitor"
    OTHER = "other", "Somewhere else"
    ADDED = "added", "Recorded when the child was added"


class PregnancyOutcome(models.TextChoices):
    BIRTH = "birth", "The baby was born"
    MISCARRIAGE = "miscarriage", "Miscarriage"
    STILLBIRTH = "stillbirth", "Stillbirth"
    TERMINATION = "termination", "Termination of pregnancy"


# How the end of a pregnancy reads on the record: plain and gentle, never clinical shorthand.
OUTCOME_WORDS = {
    PregnancyOutcome.BIRTH: "Baby born",
    PregnancyOutcome.MISCARRIAGE: "Pregnancy ended: miscarriage",
    PregnancyOutcome.STILLBIRTH: "Baby stillborn",
    PregnancyOutcome.TERMINATION: "Pregnancy ended: termination",
}


class PreBirthAssessment(models.TextChoices):
    NOT_KNOWN = "", "None recorded"
    UNDER_WAY = "under_way", "Under way"
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    CHILD_IN_NEED = "child_in_need", "Child in need plan at birth"
    CHILD_PROTECTION = "child_protection", "Child protection plan at birth"
    PROCEEDINGS = "proceedings", "Care proceedings planned at birth"


# A pregnancy with no outcome recorded stays open this long after its due date: babies come
# late, and a birth is sometimes recorded a few weeks after it happened.
OPEN_DAYS_PAST_DUE = 42


def pregnancy_is_open(outcome: str, due_date: date | None, on: date) -> bool:
    """The one rule for 'is this a current pregnancy on `on`': no outcome (birth, miscarriage,
    stillbirth or termination) recorded, and the due date, when known, not long passed.
    Pregnancy records, older unborn child records and the eligibility facts all ask here."""
    if outcome:
        return False
    return due_date is None or on <= due_date + timedelta(days=OPEN_DAYS_PAST_DUE)


def is_pregnancy(legal_status: str, due_date: date | None, on: date) -> bool:
    """A child recorded as unborn (the older way of recording a pregnancy), by the same rule."""
    return legal_status == ChildLegalStatus.UNBORN and pregnancy_is_open("", due_date, on)


def removed_on_from(history: list[tuple[date | None, str]]) -> date | None:
    """The date a child was first removed from the parent's care, from their dated history
    (date, status), oldest first: the first dated move into living away from the parent from
    living with them, before birth, or with no earlier status. None when the history cannot
    say (no dated move away)."""
    previous: str | None = None
    for on, status in history:
        moved_away = status in AWAY_STATUSES and previous not in AWAY_STATUSES
        if moved_away and on is not None:
            return on
        previous = status
    return None


# Sex and gender identity, in the ONS 2021 census wording. Both are the parent's to answer:
# 'prefers not to say' is a full answer, and 'not yet asked' is where every record starts.
GENDER_QUESTION = "Is the gender you identify with the same as your sex registered at birth?"


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefers not to say"
    NOT_ASKED = "not_asked", "Not yet asked"


class GenderSameAsSex(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefers not to say"
    NOT_ASKED = "not_asked", "Not yet asked"


class RelationshipKind(models.TextChoices):
    PARTNERS = "partners", "Partners"
    CO_PARENTS = "co_parents", "Co-parents"
    FORMER_PARTNERS = "former_partners", "Former partners"
