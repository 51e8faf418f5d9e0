"""Rows a page has already read: one read per table per page.

A page that shows a parent (the overview) reads their children, pregnancies and episodes once,
with `prefetch_related`, and the panels that show them use those rows. Outside such a page each
panel reads for itself, so nothing is remembered that a write could make stale."""

from typing import Any


def is_prefetched(obj: Any, relation: str) -> bool:
    """Whether `obj.<relation>.all()` answers from rows already read (no query)."""
    return relation in getattr(obj, "_prefetched_objects_cache", {})


def from_episodes(parent: Any, relation: str) -> list | None:
    """The rows of `relation` of every one of the parent's episodes, when the page read them
    with the episodes (`parent_for`); None when it did not, and the caller reads them itself."""
    if not is_prefetched(parent, "episodes"):
        return None
    episodes = parent.episodes.all()
    if not all(is_prefetched(episode, relation) for episode in episodes):
        return None
    return [row for episode in episodes for row in getattr(episode, relation).all()]
