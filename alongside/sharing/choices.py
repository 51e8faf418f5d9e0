"""The fixed lists behind confidentiality and sharing."""

from django.db import models


class Confidentiality(models.TextChoices):
    SERVICE_ONLY = "service_only", "Service only"
    SHAREABLE = "shareable", "Shareable with the parent's consent"
    TEAM_AROUND_FAMILY = "team_around_family", "Shared with the team around the family"
    SAFEGUARDING = "safeguarding", "Safeguarding disclosure"


class Category(models.TextChoices):
    """What a consent can cover."""

    ENGAGEMENT = "engagement", "That the parent is working with the service, and since when"
    CONTACTS = "contacts", "Contacts and their notes, where marked shareable"
    CHILDREN = "children", "Children's details and where they live"
    CONTACT_DETAILS = "contact_details", "The parent's phone, email and address"


class Condition(models.TextChoices):
    NONE = "none", "No condition"
    ONLY_IF_PREGNANT = "only_if_pregnant", "Only if the parent becomes pregnant"


class HowGiven(models.TextChoices):
    SIGNED = "signed", "Signed consent form"
    VERBAL_WITH_WITNESS = "verbal_with_witness", "Verbal, with a witness"
    ELECTRONIC = "electronic", "In writing (email or message) from the parent"


class LegalBasis(models.TextChoices):
    S47 = "ca1989_s47", "Children Act 1989, section 47 (child protection enquiries)"
    S17 = "ca1989_s17", "Children Act 1989, section 17 (child in need)"
    COURT_ORDER = "court_order", "An order of the court"
    CDA_S115 = "cda1998_s115", "Crime and Disorder Act 1998, section 115"
    DPA_SAFEGUARDING = (
        "dpa2018_safeguarding",
        "Data Protection Act 2018, Schedule 8 (safeguarding of children)",
    )
    VITAL_INTERESTS = "vital_interests", "To protect someone's life (vital interests)"


class DisclosureKind(models.TextChoices):
    SAFEGUARDING = "safeguarding", "Safeguarding, without the parent's consent"
    COURT = "court", "To the court in proceedings"


class ParentTold(models.TextChoices):
    YES = "yes", "Yes"
    NOT_YET = "not_yet", "Not yet"
    NO = "no", "No, and the reason is recorded"
