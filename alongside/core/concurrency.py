"""Optimistic locking: two people editing the same record cannot silently overwrite each other.

A form carries the version of the record it was drawn from. Saving bumps the version only if it
is still the one the form saw; otherwise the save is refused with EditConflict, and the person
sees what changed before deciding to save again.
"""

from django.db.models import F, Model


class EditConflict(Exception):
    def __init__(self, current_version: int):
        super().__init__("The record was changed by someone else while it was being edited.")
        self.current_version = current_version


def claim_version(instance: Model, expected_version: int) -> int:
    """Move the record to the next version if it is still at `expected_version`. Call inside the
    saving transaction, before writing the changes."""
    model = type(instance)
    updated = model._base_manager.filter(pk=instance.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not updated:
        current = model._base_manager.values_list("version", flat=True).get(pk=instance.pk)
        raise EditConflict(current)
    instance.version = expected_version + 1
    return instance.version


CONFLICT_MESSAGE = (
    "Someone else saved changes to these details while you were editing them. Your changes "
    "have not been saved. Check the details on the record, then save again if yours are still right"
)
