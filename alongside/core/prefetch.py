"""Rows a page has already read: one read per table per page.

A page that shows a parent (the overview) reads their children, pregnancies and episodes once,
with `prefetch_related`, and the panels that show them use those rows. Outside such a page each
panel reads for itself, so nothing is remembered that a write could make stale."""

from typing import Any


def is_prefetched(obj: Any, relation: str) -> bool:
    """Whether `obj.<relation>.all()` answers from rows already read (no query)."""
    return relation in getattr(obj, "_prefetched_objects_cache", {})
