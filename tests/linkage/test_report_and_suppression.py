import re

from alongside.linkage.suppression import FEWER_THAN_5, SUPPRESSED, display, suppress


def test_small_counts_and_the_cells_that_would_reveal_them_are_hidden():
    rows = [
        {"parents": 100, "recurrent": 3},
        {"parents": 50, "recurrent": 12},
        {"parents": 40, "recurrent": 20},
        {"parents": 22, "recurrent": 20},  # 2 with one application: complement is small
    ]
    hidden = suppress(rows, ["parents", "recurrent"], {"recurrent": "parents"})
    assert display(3, "recurrent", hidden[0]) == FEWER_THAN_5
    assert "recurrent" in hidden[3]
    assert display(20, "recurrent", hidden[3]) == SUPPRESSED


def test_a_lone_hidden_cell_in_a_column_takes_the_next_smallest_with_it():
    rows = [{"n": 2}, {"n": 30}, {"n": 9}, {"n": 50}]
    hidden = suppress(rows, ["n"])
    assert "n" in hidden[0] and "n" in hidden[2] and "n" not in hidden[1]


def test_report_is_offline_accessible_and_suppressed(small_run):
    result, _ = small_run
    html = result.files["report"].read_text()
    assert (
        "<svg" in html and "<caption>" in html and 'scope="col"' in html and 'scope="row"' in html
    )
    assert not re.search(r"(src|href)=\"https?://", html)
    for name, path in result.files.items():
        if name.endswith("by_local_authority"):
            text = path.read_text()
            assert not re.search(r",[1-4](,|$)", text, re.M)  # no small number is printed
