"""Where one page's time goes, timed directly rather than under a profiler.

cProfile charges every Python call, so it overstates the layers made of many small calls (the
ORM building SQL, template rendering) against those that wait (the database). Here a few
methods are wrapped with a clock instead, and each layer's time is its own: a template tag's
queries count as building SQL and the database, not as the template. Whatever is in none of
them (views, the access policy, the ORM making objects of rows, middleware) is the rest.
"""

import functools
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

from django.db.models.sql import compiler
from django.template.backends.django import Template

BUILDING_SQL = "building SQL (the ORM)"
DATABASE = "the database (run and fetch)"
TEMPLATES = "templates (with their tags' own work)"

_COMPILERS = (
    compiler.SQLCompiler,
    compiler.SQLInsertCompiler,
    compiler.SQLDeleteCompiler,
    compiler.SQLUpdateCompiler,
    compiler.SQLAggregateCompiler,
)
# (layer, class, method). `execute_sql` builds its SQL with `as_sql` inside it: that part is
# building SQL, the rest is the database driver running the statement and fetching its rows.
TIMED = [
    *((BUILDING_SQL, c, "as_sql") for c in _COMPILERS if "as_sql" in vars(c)),
    *((DATABASE, c, "execute_sql") for c in _COMPILERS if "execute_sql" in vars(c)),
    (TEMPLATES, Template, "render"),
]


@contextmanager
def layers_timed() -> Iterator[dict[str, float]]:
    """While open, seconds spent in each layer, each less the other layers' time within it
    (so the layers never overlap). One thread only: the clock keeps one stack of open calls."""
    totals: dict[str, float] = defaultdict(float)
    nested = [0.0]  # for each open timed call, the time of timed calls inside it so far

    def timed(layer: str, method):
        @functools.wraps(method)
        def wrapper(*args, **kwargs):
            nested.append(0.0)
            started = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - started
                totals[layer] += elapsed - nested.pop()
                nested[-1] += elapsed

        return wrapper

    originals = [(owner, name, vars(owner)[name]) for _layer, owner, name in TIMED]
    for (layer, owner, name), (_owner, _name, method) in zip(TIMED, originals, strict=True):
        setattr(owner, name, timed(layer, method))
    try:
        yield totals
    finally:
        for owner, name, method in originals:
            setattr(owner, name, method)
