"""Words a programme definition shares with the episodes that run under it."""

from django.db import models


class ClosureReason(models.TextChoices):
    PLANNED_ENDING = "planned_ending", "Planned ending: work completed"
    PARENT_CHOSE_TO_END = "parent_chose_to_end", "The parent chose to end the work"
    NO_CONTACT = "no_contact", "We could not keep in touch with the parent"
    MOVED_AWAY = "moved_away", "The parent moved out of the area"
    TRANSFERRED = "transferred", "Transferred to another service"
    NOT_SUITABLE = "not_suitable", "The service was no longer the right support"
    OTHER = "other", "Other reason"


class DecisionKind(models.TextChoices):
    """Decisions a programme may list under `approvals` (held for a manager's sign-off)."""

    ACCEPTANCE = "acceptance", "Accepting the referral"
    PLAN = "plan", "The plan"
    PHASE_CHANGE = "phase_change", "Change of phase"
    CLOSURE = "closure", "Closing the work"


__all__ = ["ClosureReason", "DecisionKind"]
