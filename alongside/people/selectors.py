"""Reads about a parent's children and pregnancies, for the pages that show them."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, prefetch_related_objects

from alongside.core.prefetch import is_prefetched

from .models import Child, ChildStatusChange, Parent, Pregnancy, Relationship, RelationshipMember

# How a child's story is read: each step with who recorded it.
STORY_STEPS = Prefetch(
    "status_changes", queryset=ChildStatusChange.objects.select_related("recorded_by")
)
# How a parent's relationships are read: each with both parents in it.
RELATIONSHIPS = Prefetch(
    "relationships",
    queryset=RelationshipMember.objects.select_related("relationship").prefetch_related(
        "relationship__members__parent"
    ),
)
# How a parent's pregnancies are read: with the baby when born and who recorded it.
PREGNANCIES = Prefetch(
    "pregnancies", queryset=Pregnancy.objects.select_related("child", "recorded_by")
)


@dataclass(frozen=True)
class ChildStory:
    """A child and the dated steps of where they have lived, oldest first."""

    child: Child
    steps: list[ChildStatusChange]


def children_over_time(parent: Parent) -> list[ChildStory]:
    """Each child of the parent with their story: two queries however many children, none
    when the page has read them (`parent_for`)."""
    children: list[Child] = list(parent.children.all())
    prefetch_related_objects(children, STORY_STEPS)  # skips children whose steps are read
    return [ChildStory(child, list(child.status_changes.all())) for child in children]


def pregnancies_of(parent: Parent) -> list[Pregnancy]:
    """The parent's pregnancies, the most recent first, with the baby when born: one query,
    none when the page has read them (`parent_for`)."""
    if is_prefetched(parent, "pregnancies"):
        return list(parent.pregnancies.all())
    return list(PREGNANCIES.queryset.filter(parent=parent))


@dataclass(frozen=True)
class Partnership:
    """One of the parent's relationships, seen from their side: the other parent (None once
    their record is no longer held)."""

    relationship: Relationship
    other: Parent | None


def relationships_of(parent: Parent) -> list[Partnership]:
    """The parent's relationships, current first, each with the other parent: none read again
    when the page has read them (`parent_for`)."""
    if is_prefetched(parent, "relationships"):
        relationships = [member.relationship for member in parent.relationships.all()]
        relationships.sort(key=lambda r: (r.started_on, r.pk), reverse=True)  # as Relationship's
    else:
        relationships = list(
            Relationship.objects.filter(members__parent=parent).prefetch_related("members__parent")
        )
    found = []
    for relationship in relationships:
        others = [m.parent for m in relationship.members.all() if m.parent_id != parent.pk]
        found.append(Partnership(relationship, others[0] if others else None))
    return sorted(found, key=lambda p: (p.relationship.ended_on is not None,))


def partners_on(parent: Parent, on: date) -> list[Parent]:
    """The parents this parent is in a relationship with on `on`."""
    return [
        p.other
        for p in relationships_of(parent)
        if p.other is not None and p.relationship.is_current_on(on)
    ]
