"""The programme editor's loader refuses hostile YAML early, naming the problem."""

import pytest
import yaml

from alongside.programmes.loader import (
    MAX_DEFINITION_CHARACTERS,
    MAX_DEFINITION_DEPTH,
    ProgrammeInvalid,
    _Loader,
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


@pytest.fixture
def work(monkeypatch) -> dict[str, int]:
    """How much of the file the loader read (tokens scanned) and built (values constructed)
    before it refused. Counted, not timed, so the bound holds on a machine of any speed."""
    counts = {"tokens": 0, "values": 0}
    scan, build = _Loader.fetch_more_tokens, _Loader.construct_object

    def counted_scan(loader):
        counts["tokens"] += 1
        return scan(loader)

    def counted_build(loader, node, deep=False):
        counts["values"] += 1
        return build(loader, node, deep)

    monkeypatch.setattr(_Loader, "fetch_more_tokens", counted_scan)
    monkeypatch.setattr(_Loader, "construct_object", counted_build)
    return counts


def refusal(text: str) -> str:
    with pytest.raises(ProgrammeInvalid) as caught:
        load_programme(text, "hostile.yaml")
    return str(caught.value)


def test_a_billion_laughs_is_refused_before_any_value_is_built(work):
    message = refusal(BILLION_LAUGHS)
    assert "billion laughs" in message and "hostile.yaml" in message
    assert work["values"] == 0
    # The text is read once as written; the aliases are never expanded.
    assert work["tokens"] <= len(list(yaml.scan(BILLION_LAUGHS)))


def test_an_over_large_definition_is_refused_before_it_is_read(work):
    text = "description: " + "x" * (MAX_DEFINITION_CHARACTERS + 1) + "\n"
    assert "too large" in refusal(text)
    assert work == {"tokens": 0, "values": 0}


def test_deep_nesting_is_refused_at_the_limit_not_at_the_end_of_the_file(work):
    message = refusal("key: " + "[" * 5000 + "]" * 5000 + "\n")
    assert "nested more than 50 levels" in message
    assert work["tokens"] <= 2 * MAX_DEFINITION_DEPTH
    for opening, closing in (("[", "]"), ("{a: ", "}")):
        assert "nested more than" in refusal(
            "key: " + opening * MAX_DEFINITION_DEPTH + "1" + closing * MAX_DEFINITION_DEPTH
        )
        # The file's mapping, the key's value and the innermost "1" count as levels too.
        within = opening * (MAX_DEFINITION_DEPTH - 2) + "1" + closing * (MAX_DEFINITION_DEPTH - 2)
        assert "nested more than" not in refusal("key: " + within)


def test_an_alias_loop_is_refused():
    message = refusal("key: &loop [*loop]\n")
    assert "refers to itself" in message or "not valid YAML" in message


def test_the_shipped_templates_are_well_within_the_limits():
    for path in shipped_templates().values():
        load_programme(path.read_text(encoding="utf-8"), path.name)
