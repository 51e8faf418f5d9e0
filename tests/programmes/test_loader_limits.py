"""The programme editor's loader refuses hostile YAML quickly, naming the problem."""

import time

import pytest

from alongside.programmes.loader import (
    MAX_DEFINITION_CHARACTERS,
    ProgrammeInvalid,
    load_programme,
    shipped_templates,
)

BILLION_LAUGHS = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
format: alongside-programme/1
"""


def refusal(text: str) -> tuple[str, float]:
    started = time.perf_counter()
    with pytest.raises(ProgrammeInvalid) as caught:
        load_programme(text, "hostile.yaml")
    return str(caught.value), time.perf_counter() - started


def test_a_billion_laughs_is_refused_within_a_second():
    message, seconds = refusal(BILLION_LAUGHS)
    assert seconds < 1.0
    assert "billion laughs" in message and "hostile.yaml" in message


def test_an_over_large_definition_is_refused_within_a_second():
    text = "description: " + "x" * (MAX_DEFINITION_CHARACTERS + 1) + "\n"
    message, seconds = refusal(text)
    assert seconds < 1.0
    assert "too large" in message


def test_deep_nesting_and_alias_loops_are_refused():
    message, seconds = refusal("key: " + "[" * 5000 + "]" * 5000 + "\n")
    assert seconds < 1.0 and "nested more than" in message
    message, _ = refusal("key: &loop [*loop]\n")
    assert "refers to itself" in message or "not valid YAML" in message


def test_the_shipped_templates_are_well_within_the_limits():
    for path in shipped_templates().values():
        load_programme(path.read_text(encoding="utf-8"), path.name)
