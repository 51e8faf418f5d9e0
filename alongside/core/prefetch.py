"""Rows a page has already read: one read per table per page.

A page that shows a parent (the overview) reads their children, pregnancies and episodes once,
with `prefetch_related`, and the panels that show them use those rows. Outside such a page each
panel reads for itself, so nothing is remembered that a write could make stale."""

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


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


def read_once(obj: Any, key: Hashable, read: Callable[[], T]) -> T:
    """`read()`, kept on `obj` for the rest of its life: the panels of one page that show the
    same rows of an object the page loaded (its parent, an episode on a list) read them once.
    Each request loads its own instances, so nothing kept here outlives the page; a write
    in between would need the object loaded again, as it does anyway."""
    kept = obj.__dict__.setdefault("_read_once", {})
    if key not in kept:
        kept[key] = read()
    return kept[key]
