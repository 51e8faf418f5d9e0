"""One chronology of the family for whoever is looking (issue 16): every item on one MOJ
timeline, filterable by person, discipline, type and date, and by what is marked significant.

- Who sees what. Someone who may open the parent's record sees the service's one timeline
  (`casework.selectors.timeline_for`, with every app's providers, joint contacts' notes shown
  as that page shows them; the children's dated status changes and pre-birth assessments
  among them). A partner on the team sees only what the team shares: the team's
  entries, the meetings that are not the service's own, and risk and strengths assessments.
  Marking an item significant changes nobody's view.
- What an item is. Each `TimelineEvent` names its kind and row (`kind`, `ref`); `ItemType`
  groups the kinds for the filter. An item's discipline is its author's: their discipline on
  this family's team (`TeamMember.discipline`), or, for the service's own staff who are not on
  the team, the service's ('Recurrent care service'). Who it is about is what the source
  says (`TimelineEvent.about`): the parent, their partner in a couple, or a child.
- Significance. Team entries and meetings carry their own flag; any other item is marked by a
  `SignificantItem` row (parent, kind, id), written by `services.item_significance_set`.
- The number of queries does not grow with the number of items (each provider reads its rows
  at once; significance and disciplines are read once for the page).
"""

from dataclasses import dataclass, replace
from datetime import date

from django.db import models

from alongside.accounts.models import User
from alongside.casework.selectors import (
    TimelineEvent,
    timeline_for,
    timeline_order,
    with_contact_words,
)
from alongside.people.models import Child, Parent
from alongside.people.selectors import relationships_of
from alongside.policy import Action, can

from .models import Discipline, ItemKind, Meeting, SignificantItem, TeamEntry, TeamMember
from .timeline import risk_assessments, team_entries, team_meetings


class ItemType(models.TextChoices):
    CONTACT = "contact", "Contact"
    MEETING = "meeting", "Meeting"
    ASSESSMENT = "assessment", "Assessment"
    MEASURE = "measure", "Measure"
    GOAL_CHANGE = "goal_change", "Goal change"
    ACHIEVEMENT = "achievement", "Achievement"
    ONWARD_REFERRAL = "onward_referral", "Onward referral"
    CHILD_STATUS = "child_status", "Child's status change"
    GROUP_SESSION = "group_session", "Group session"
    TEAM_ENTRY = "team_entry", "Team entry"
    THE_WORK = "the_work", "Referral, key worker or ending"
    PARENT_SPACE = "parent_space", "From the parent's own space"


# Each kind of timeline item (`TimelineEvent.kind`, `models.ItemKind`) and the type the
# filter calls it.
KIND_TYPES: dict[str, str] = {
    ItemKind.CONTACT: ItemType.CONTACT,
    ItemKind.MEETING: ItemType.MEETING,
    ItemKind.RISK_ASSESSMENT: ItemType.ASSESSMENT,
    ItemKind.PRE_BIRTH_ASSESSMENT: ItemType.ASSESSMENT,
    ItemKind.MEASURE: ItemType.MEASURE,
    ItemKind.GOAL_CHANGE: ItemType.GOAL_CHANGE,
    ItemKind.ACHIEVEMENT: ItemType.ACHIEVEMENT,
    ItemKind.ONWARD_REFERRAL: ItemType.ONWARD_REFERRAL,
    ItemKind.CHILD_STATUS: ItemType.CHILD_STATUS,
    ItemKind.GROUP_SESSION: ItemType.GROUP_SESSION,
    ItemKind.TEAM_ENTRY: ItemType.TEAM_ENTRY,
    ItemKind.REFERRAL: ItemType.THE_WORK,
    ItemKind.ALLOCATION: ItemType.THE_WORK,
    ItemKind.ENDING: ItemType.THE_WORK,
    ItemKind.PARENT_WORDS: ItemType.PARENT_SPACE,
    ItemKind.CONSENT_WITHDRAWN: ItemType.PARENT_SPACE,
}
# What a partner on the team sees of the chronology.
TEAM_TYPES = (ItemType.TEAM_ENTRY, ItemType.MEETING, ItemType.ASSESSMENT)
# Items whose significance is their own record's flag (`significance_set`).
FLAGGED: dict[str, type[models.Model]] = {ItemKind.TEAM_ENTRY: TeamEntry, ItemKind.MEETING: Meeting}


@dataclass(frozen=True)
class Filters:
    start: date | None = None
    end: date | None = None
    person: str = ""  # 'parent:<id>' or 'child:<id>'
    discipline: str = ""
    type: str = ""
    significant_only: bool = False


@dataclass(frozen=True)
class ChronologyItem:
    event: TimelineEvent
    type: str
    discipline: str
    significant: bool

    @property
    def type_label(self) -> str:
        return ItemType(self.type).label if self.type else ""

    @property
    def discipline_label(self) -> str:
        return Discipline(self.discipline).label if self.discipline else ""

    @property
    def anchor(self) -> str:
        return f"item-{self.event.kind}-{self.event.ref}" if self.event.ref else ""


def sees_whole_record(viewer, parent: Parent) -> bool:
    return can(viewer, Action.VIEW_PARENT, parent)


def events_for(viewer, parent: Parent) -> list[TimelineEvent]:
    """Every item of the family's chronology this viewer may see, newest first. Contacts' notes
    are read only for the items shown (`with_words`)."""
    if sees_whole_record(viewer, parent):
        return timeline_for(parent, viewer=viewer, words=False)
    service_only = set(
        Meeting.objects.filter(parent=parent, kind__in=Meeting.SERVICE_ONLY).values_list(
            "pk", flat=True
        )
    )
    events = [
        *team_entries(parent),
        *(e for e in team_meetings(parent) if e.ref not in service_only),
        *risk_assessments(parent),
    ]
    return sorted(events, key=timeline_order, reverse=True)


def significant_keys(parent: Parent) -> set[tuple[str, int]]:
    """(kind, id) of every item of the parent's chronology marked significant."""
    keys = set(SignificantItem.objects.filter(parent=parent).values_list("kind", "item_id"))
    for kind, model in FLAGGED.items():
        flagged = model.objects.filter(parent=parent, significant=True).values_list("pk", flat=True)
        keys |= {(kind, pk) for pk in flagged}
    return keys


def disciplines_for(parent: Parent, author_ids) -> dict[int, str]:
    """Each author's discipline: on this family's team (their latest time on it), or the
    service's own for its staff who are not on the team. Unknown for anyone else."""
    author_ids = set(author_ids)
    found: dict[int, str] = {}
    members = (
        TeamMember.objects.filter(parent=parent, user_id__in=author_ids)
        .order_by("started_on", "pk")
        .values_list("user_id", "discipline")
    )
    for user_id, discipline in members:
        found[user_id] = discipline
    staff = User.objects.filter(
        pk__in=author_ids - found.keys(), organisation_id=parent.organisation_id
    ).values_list("pk", flat=True)
    found.update(dict.fromkeys(staff, Discipline.RECURRENT_CARE))
    return found


def person_choices(viewer, parent: Parent) -> list[tuple[str, str]]:
    """Who the chronology can be narrowed to: the parent; and, for those who may open the
    parent's record, their partners in a couple and their children."""
    choices = [(f"parent:{parent.pk}", f"{parent.full_name} (the parent)")]
    if not sees_whole_record(viewer, parent):
        return choices
    for partnership in relationships_of(parent):
        other = partnership.other
        if other is not None:
            kind = partnership.relationship.get_kind_display().lower()
            choices.append((f"parent:{other.pk}", f"{other.full_name} ({kind})"))
    for child in Child.objects.filter(parent=parent):
        choices.append((f"child:{child.pk}", f"{child.given_name or 'Unnamed child'} (child)"))
    return choices


def type_choices(viewer, parent: Parent) -> list[tuple[str, str]]:
    if sees_whole_record(viewer, parent):
        return list(ItemType.choices)
    return [(t.value, t.label) for t in TEAM_TYPES]


def _about(event: TimelineEvent, person: str, parent: Parent) -> bool:
    if person in event.about:
        return True
    # A goal for 'a partner' is about whichever partner the chronology is narrowed to.
    return (
        person.startswith("parent:")
        and person != f"parent:{parent.pk}"
        and ("partner" in event.about)
    )


def chronology_items(viewer, parent: Parent, filters: Filters = Filters()) -> list[ChronologyItem]:
    """The family's chronology for this viewer, newest first, narrowed by `filters`."""
    events = events_for(viewer, parent)
    significant = significant_keys(parent)
    disciplines = disciplines_for(parent, {e.author_id for e in events if e.author_id})
    items = []
    for event in events:
        if (filters.start and event.on < filters.start) or (filters.end and event.on > filters.end):
            continue
        item_type = KIND_TYPES.get(event.kind, "")
        if filters.type and item_type != filters.type:
            continue
        discipline = disciplines.get(event.author_id, "") if event.author_id else ""
        if filters.discipline and discipline != filters.discipline:
            continue
        if filters.person and not _about(event, filters.person, parent):
            continue
        marked = (event.kind, event.ref) in significant
        if filters.significant_only and not marked:
            continue
        items.append(ChronologyItem(event, item_type, discipline, marked))
    return items


def with_words(items: list[ChronologyItem]) -> list[ChronologyItem]:
    """The items of one page with their contacts' notes read (one query for the page)."""
    events = with_contact_words([item.event for item in items])
    return [replace(item, event=event) for item, event in zip(items, events, strict=True)]


def on_chronology(viewer, parent: Parent, kind: str, item_id: int) -> bool:
    """Whether this item is on the family's chronology as this viewer sees it."""
    return any(e.kind == kind and e.ref == item_id for e in events_for(viewer, parent))
