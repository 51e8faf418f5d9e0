"""`read_once`: rows kept on the object a page loaded, so its panels read them once."""

from alongside.core.prefetch import read_once
from alongside.people.models import Parent


def test_each_object_reads_each_thing_once_and_only_its_own():
    reads = []

    def reader(name):
        def read():
            reads.append(name)
            return [name]

        return read

    first, second = Parent(pk=1), Parent(pk=2)
    assert read_once(first, "notices", reader("first's notices")) == ["first's notices"]
    assert read_once(first, "notices", reader("again")) == ["first's notices"]
    assert read_once(first, ("clocks", 1), reader("first's clocks")) == ["first's clocks"]
    assert read_once(second, "notices", reader("second's notices")) == ["second's notices"]
    assert reads == ["first's notices", "first's clocks", "second's notices"]
    # The same record loaded again (another request) reads afresh.
    assert read_once(Parent(pk=1), "notices", reader("reloaded")) == ["reloaded"]
