"""What a partner may see, and the records the data protection lead reads."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from alongside.accounts.models import Role, User
from alongside.audit.models import AuditAction, AuditEntry, AuditOutcome
from alongside.casework.models import Contact, Episode
from alongside.people.models import Parent

from .choices import Category, Condition
from .models import BreakGlass, Consent, Disclosure
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


@dataclass(frozen=True)
class ConsentCoverage:
    """What one consent in force lets a partner see, and for how long."""

    categories: list[str]
    ends_on: date | None
    only_while_pregnant: bool
    job_role: str


def consent_coverage_for(user, parent: Parent) -> list[ConsentCoverage]:
    """For each consent in force for this partner: the category labels it covers, its end date
    (None: until withdrawn) and whether it applies only while the parent is pregnant."""
    return [
        ConsentCoverage(
            categories=consent.category_labels,
            ends_on=consent.ends_on,
            only_while_pregnant=consent.condition == Condition.ONLY_IF_PREGNANT,
            job_role=consent.job_role.strip(),
        )
        for consent in consents_in_force_for(user, parent)
    ]


def key_worker_for(parent: Parent):
    """The key worker on the parent's open work, newest first; None if nobody is allocated."""
    episode = (
        Episode.objects.filter(parent=parent, key_worker__isnull=False)
        .exclude(status=Episode.Status.CLOSED)
        .select_related("key_worker")
        .order_by("-opened_on", "-pk")
        .first()
    )
    return episode.key_worker if episode else None


# --- The data protection lead's work queue ---------------------------------------------------

CONSENTS_ENDING_WITHIN_DAYS = 30


def disclosures_awaiting_decision(organisation_id: int) -> QuerySet[Disclosure]:
    return (
        Disclosure.objects.filter(
            parent__organisation_id=organisation_id,
            status=Disclosure.Status.AWAITING_APPROVAL,
        )
        .select_related("parent", "requested_by")
        .order_by("requested_at", "pk")
    )


def consents_ending_soon(
    organisation_id: int, *, today: date, days: int = CONSENTS_ENDING_WITHIN_DAYS
) -> QuerySet[Consent]:
    """Consents not withdrawn whose end date falls between today and `days` from now."""
    return (
        Consent.objects.filter(
            parent__organisation_id=organisation_id,
            withdrawn_at__isnull=True,
            ends_on__gte=today,
            ends_on__lte=today + timedelta(days=days),
        )
        .select_related("parent", "organisation")
        .order_by("ends_on", "pk")
    )


# --- The access trail ------------------------------------------------------------------------

# Views of the same page by the same person within this span are shown as one row.
VIEW_GROUP_WINDOW = timedelta(minutes=5)
TRAIL_LIMIT = 500


def access_trail(parent_id: int) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(parent_id=parent_id).order_by("-id")


@dataclass
class TrailRow:
    """One row of the access trail: a single entry, or consecutive views of one page."""

    first: AuditEntry  # the newest entry in the row
    who: str
    count: int = 1
    earliest: datetime | None = None
    entries: list[AuditEntry] = field(default_factory=list, repr=False)

    @property
    def at(self) -> datetime:
        return self.first.at


def _page_key(entry: AuditEntry):
    if entry.action != AuditAction.VIEW or entry.outcome != AuditOutcome.ALLOWED:
        return None
    path = entry.detail.get("path", "") if isinstance(entry.detail, dict) else ""
    return (entry.actor_id, entry.description, path)


def actor_names(actor_ids) -> dict[int, str]:
    """People's names (display names) for the actor ids in the audit log."""
    ids = {i for i in actor_ids if i is not None}
    return {u.pk: u.display_name for u in User.objects.filter(pk__in=ids)}


def trail_people(parent_id: int) -> list[tuple[int, str]]:
    """Everyone who appears in this parent's trail, by name, for the 'person' filter."""
    ids = set(
        AuditEntry.objects.filter(parent_id=parent_id, actor_id__isnull=False)
        .values_list("actor_id", flat=True)
        .distinct()
    )
    names = actor_names(ids)
    labels = dict(
        AuditEntry.objects.filter(parent_id=parent_id, actor_id__in=ids - set(names))
        .values_list("actor_id", "actor_label")
        .distinct()
    )
    people = [(i, names.get(i) or labels.get(i) or f"User {i}") for i in ids]
    return sorted(people, key=lambda p: (p[1].lower(), p[0]))


def access_trail_rows(
    parent_id: int,
    *,
    actor_id: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    action: str = "",
    limit: int = TRAIL_LIMIT,
) -> list[TrailRow]:
    """The newest `limit` entries of the parent's trail that match the filters, newest first,
    each naming the person. Consecutive views by the same person of the same page within
    VIEW_GROUP_WINDOW are one row with a count, so reloading a form is not many reads."""
    entries = access_trail(parent_id)
    if actor_id is not None:
        entries = entries.filter(actor_id=actor_id)
    if date_from is not None:
        entries = entries.filter(at__date__gte=date_from)
    if date_to is not None:
        entries = entries.filter(at__date__lte=date_to)
    if action:
        entries = entries.filter(action=action)
    entries = list(entries[:limit])
    names = actor_names(e.actor_id for e in entries)
    rows: list[TrailRow] = []
    for entry in entries:
        key = _page_key(entry)
        last = rows[-1] if rows else None
        if (
            last is not None
            and key is not None
            and key == _page_key(last.first)
            and last.first.at - entry.at <= VIEW_GROUP_WINDOW
        ):
            last.count += 1
            last.earliest = entry.at
            last.entries.append(entry)
            continue
        who = names.get(entry.actor_id) or entry.actor_label
        rows.append(TrailRow(first=entry, who=who, earliest=entry.at, entries=[entry]))
    return rows


def break_glass_open_for(user, parent: Parent):
    """The user's break-glass on this parent still in its hour, if any (the overview says until
    when the record is open to them, and what they may do)."""
    return (
        BreakGlass.objects.filter(user_id=user.pk, parent=parent, expires_at__gt=timezone.now())
        .order_by("-expires_at")
        .first()
    )
