"""Reads about a parent's children and pregnancies, for the pages that show them."""

from dataclasses import dataclass

from .models import Child, ChildStatusChange, Parent, Pregnancy


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
