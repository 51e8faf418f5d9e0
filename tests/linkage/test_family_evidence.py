"""The family on two applications: the same other parent is evidence for one person, a
different one (recorded on both) a little against, and an other parent missing from either
application is no evidence at all."""

import json

import pytest

from alongside.linkage.model import family

from .helpers import level_reached


def _level(left: dict, right: dict) -> str:
    columns = ("coparent_name", "coparent_dob", "child_dob")
    pair = {
        f"{c}_{side}": record.get(c)
        for side, record in (("l", left), ("r", right))
        for c in columns
    }
    label = level_reached(family(), pair)
    return "Family not recorded on both" if label == "null" else label


SAM = {"coparent_name": "sam okafor", "coparent_dob": "1990-02-01", "child_dob": "2015-06-01"}


@pytest.mark.parametrize(
    ("right", "level"),
    [
        ({**SAM, "child_dob": "2019-01-01"}, "Same other parent (name and date of birth)"),
        (
            {**SAM, "coparent_name": "sam okafor-reid", "child_dob": "2019-01-01"},
            "Other parent with the same date of birth",
        ),
        (
            {**SAM, "coparent_dob": "1990-01-02", "child_dob": "2019-01-01"},
            "Other parent with the same name, another date of birth",
        ),
        ({"coparent_name": "ali khan", "coparent_dob": "1985-03-03"}, "else"),
        # Not recorded on the other application: nothing to compare, whatever the child.
        ({"child_dob": "2019-01-01"}, "Family not recorded on both"),
        ({"coparent_name": "ali khan", "child_dob": "2019-01-01"}, "Family not recorded on both"),
        # The same child is evidence even without the other parent.
        ({"child_dob": "2015-06-01"}, "A child with the same date of birth"),
    ],
)
def test_each_family_on_two_applications_reaches_its_level(right, level):
    assert _level(SAM, right) == level


def test_a_different_other_parent_counts_against_and_not_recorded_counts_for_nothing(small_run):
    result, _ = small_run
    model = json.loads((result.out_dir / "model.json").read_text())
    (fam,) = [c for c in model["comparisons"] if c["output_column_name"] == "family"]
    by_label = {level.get("label_for_charts"): level for level in fam["comparison_levels"]}
    assert by_label["Family not recorded on both"].get("is_null_level")
    different = by_label["A different other parent"]
    same = by_label["Same other parent (name and date of birth)"]
    assert different["m_probability"] < different["u_probability"]
    assert same["m_probability"] / same["u_probability"] > 100
