"""Reads about a parent's children and pregnancies, for the pages that show them."""

from dataclasses import dataclass
from datetime import date

from .models import Child, ChildStatusChange, Parent, Pregnancy, Relationship


@dataclass(frozen=True)
class ChildStory:
    """A child and the dated steps of where they have lived, oldest first."""

    child: Child
    steps: list[ChildStatusChange]


def children_over_time(parent: Parent) -> list[ChildStory]:
    """Each child of the parent with their story (two queries, however many children)."""
    children = Child.objects.filter(parent=parent).prefetch_related("status_changes")
    return [ChildStory(child, list(child.status_changes.all())) for child in children]


def pregnancies_of(parent: Parent) -> list[Pregnancy]:
    """The parent's pregnancies, the most recent first, with the baby when born."""
    return list(Pregnancy.objects.filter(parent=parent).select_related("child"))


@dataclass(frozen=True)
class Partnership:
    """One of the parent's relationships, seen from their side: the other parent (None once
    their record is no longer held)."""

    relationship: Relationship
    other: Parent | None


def relationships_of(parent: Parent) -> list[Partnership]:
    """The parent's relationships, current first, each with the other parent."""
    relationships = Relationship.objects.filter(members__parent=parent).prefetch_related(
        "members__parent"
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
