"""Small-number suppression: the one module for the whole product is `alongside.core.suppression`
(pure Python, no Django). Kept here under its old name for the linkage engine's imports."""

from alongside.core.suppression import (
    FEWER_THAN_5,
    SUPPRESSED,
    Relation,
    display,
    exposed,
    protect,
    ranges,
    shown_count,
    suppress,
    unprinted,
)

__all__ = [
    "FEWER_THAN_5",
    "SUPPRESSED",
    "Relation",
    "display",
    "exposed",
    "protect",
    "ranges",
    "shown_count",
    "suppress",
    "unprinted",
]
