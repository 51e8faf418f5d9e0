"""Links for long lists: a URL reversed once and filled in for each row."""

from collections.abc import Callable

from django.urls import reverse

# A number no URL holds but as the argument it stands for.
_MARKER = 9_876_543_210


def link_for_each(name: str) -> Callable[[int], str]:
    """`reverse(name, args=[pk])` for many rows: reversed once, then each row's pk is put in
    its place. Only for a URL whose one argument is an `<int:...>` (whose URL form is its
    digits); a list of hundreds of links otherwise spends much of its time in `reverse`."""
    before, _, after = reverse(name, args=[_MARKER]).rpartition(str(_MARKER))
    return lambda pk: f"{before}{int(pk)}{after}"
