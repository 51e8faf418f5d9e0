"""A name written the other way round is one fact, counted once, and only when it is a swap."""

import pytest

from alongside.linkage.model import comparisons

from .helpers import level_reached


def _levels(left: dict, right: dict) -> dict[str, str]:
    """The level the forename and surname comparisons give the pair."""
    pair = {}
    for side, record in (("l", left), ("r", right)):
        pair |= {
            f"forename_{side}": record["forename"],
            f"forename_std_{side}": record["forename"],
            f"surname_{side}": record["surname"],
            f"full_name_{side}": f"{record['forename']} {record['surname']}",
            f"given_names_{side}": [record["forename"]],
            f"surnames_{side}": [record["surname"]],
            f"surname_parts_{side}": [record["surname"]],
        }
    forename, surname = comparisons()[:2]
    return {"forename": level_reached(forename, pair), "surname": level_reached(surname, pair)}


@pytest.mark.parametrize(
    ("left", "right", "forename", "surname"),
    [
        # The whole name the other way round: counted with the forename, mirrored in the
        # surname (which then adds nothing).
        (
            {"forename": "khan", "surname": "ali"},
            {"forename": "ali", "surname": "khan"},
            "Forename and surname swapped",
            "Forename and surname swapped (counted with the forename)",
        ),
        # The same forename, and a surname that happens to be that forename: not a swap.
        (
            {"forename": "lewis", "surname": "clark"},
            {"forename": "lewis", "surname": "lewis"},
            "Exact match on forename",
            "else",
        ),
        # One name in the other's place: the forename counts it, the surname does not.
        (
            {"forename": "khan", "surname": "ali"},
            {"forename": "ali", "surname": "okoro"},
            "Forename written as the other's surname",
            "else",
        ),
    ],
)
def test_a_swapped_name_is_counted_once_and_only_when_it_is_a_swap(left, right, forename, surname):
    assert _levels(left, right) == {"forename": forename, "surname": surname}
