"""What a partner may see, and the records the data protection lead reads."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from alongside.accounts.models import Role
from alongside.audit.models import AuditEntry
from alongside.casework.models import Contact
from alongside.people.models import Parent

from .choices import Category
from .rules import CATEGORY_LEVEL, consents_in_force_for, item_visible


def parents_sharing_with(user) -> list[Parent]:
    """Parents with at least one consent in force for this partner."""
    if user.role != Role.PARTNER:
        return []
    candidates = (
        Parent.objects.filter(consents__organisation_id=user.organisation_id)
        .distinct()
        .prefetch_related("consents", "children", "pregnancies")
    )
    return [p for p in candidates if consents_in_force_for(user, p)]


@dataclass(frozen=True)
class SharedItem:
    category: str
    title: str
    text: str
    on: date | None = None


def shared_items_for(user, parent: Parent) -> list[SharedItem]:
    """Exactly the items of this parent's record that active consents let this partner see."""
    consents = consents_in_force_for(user, parent)
    if not consents:
        return []
    items: list[SharedItem] = []

    def allowed(category: str, level: str) -> bool:
        return item_visible(category=category, level=level, consents_in_force=consents)

    if allowed(Category.ENGAGEMENT, CATEGORY_LEVEL[Category.ENGAGEMENT]):
        for episode in parent.episodes.all():
            state = "working with the service" if episode.is_open else "worked with the service"
            items.append(
                SharedItem(
                    Category.ENGAGEMENT,
                    "Work with the service",
                    f"{parent.given_name} is {state} since {episode.opened_on:%-d %B %Y}.",
                    episode.opened_on,
                )
            )
    if allowed(Category.CONTACT_DETAILS, CATEGORY_LEVEL[Category.CONTACT_DETAILS]):
        details = ", ".join(
            x
            for x in [
                parent.phone,
                parent.email,
                parent.address.replace("\n", ", "),
                parent.postcode,
            ]
            if x
        )
        items.append(
            SharedItem(Category.CONTACT_DETAILS, "Contact details", details or "None recorded")
        )
    if allowed(Category.CHILDREN, CATEGORY_LEVEL[Category.CHILDREN]):
        pregnancy = parent.current_pregnancy(timezone.localdate())
        if pregnancy is not None and pregnancy.due_date:
            items.append(
                SharedItem(Category.CHILDREN, "Expecting a baby", "Pregnant", pregnancy.due_date)
            )
        for child in parent.children.all():
            items.append(
                SharedItem(
                    Category.CHILDREN,
                    child.given_name or "Child",
                    child.get_legal_status_display(),
                    child.date_of_birth or child.due_date,
                )
            )
    for contact in Contact.objects.filter(episode__parent=parent).order_by("-happened_on", "-pk"):
        if allowed(Category.CONTACTS, contact.confidentiality):
            items.append(
                SharedItem(
                    Category.CONTACTS,
                    contact.get_contact_type_display(),
                    contact.notes,
                    contact.happened_on,
                )
            )
    return items


def access_trail(parent_id: int) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(parent_id=parent_id).order_by("-sequence")
