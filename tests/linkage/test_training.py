"""Training goes on when Splink cannot finish one EM session: that session is left out, with
a note, and the model is as it was before it."""

import pytest
from splink import DuckDBAPI, Linker
from splink.internals.linker_components.training import LinkerTraining

from alongside.linkage.model import TRAINING_BLOCKS, block, settings, train

from .helpers import persons_table


@pytest.fixture
def linker(small_dataset, tmp_path):
    con, _ = persons_table(tmp_path, small_dataset / "applications.csv")
    return Linker(DuckDBAPI(con).register("persons_input"), settings())


def test_a_session_splink_cannot_finish_is_left_out_and_undone(linker, monkeypatch):
    session = LinkerTraining.estimate_parameters_using_expectation_maximisation
    failing = TRAINING_BLOCKS[1]
    seen = {}

    def breaks_halfway(self, rule, *args, **kwargs):
        if rule.get_blocking_rule("duckdb").blocking_rule_sql == _sql(failing):
            seen["prior"] = self._linker._settings_obj._probability_two_random_records_match
            self._linker._settings_obj._probability_two_random_records_match = 0.0
            for comparison in self._linker._settings_obj.comparisons:
                for level in comparison._comparison_levels_excluding_null:
                    level._trained_m_probabilities.append({"probability": 0.5})
            raise ValueError("math domain error")
        return session(self, rule, *args, **kwargs)

    monkeypatch.setattr(
        LinkerTraining, "estimate_parameters_using_expectation_maximisation", breaks_halfway
    )
    notes: list[str] = []
    finished = train(
        linker, u_pairs=1e4, training_blocks=TRAINING_BLOCKS, notes=notes, all_pairs=1e7
    )

    assert finished == [b for b in TRAINING_BLOCKS if b != failing]
    (note,) = notes
    assert note.startswith(
        "The training (EM) session on date of birth + postcode district could not"
    )
    assert "left out" in note
    assert linker._settings_obj._probability_two_random_records_match == seen["prior"]
    for comparison in linker._settings_obj.comparisons:
        for level in comparison._comparison_levels_excluding_null:
            assert {"probability": 0.5} not in level._trained_m_probabilities


def _sql(fields):
    return block(fields).get_blocking_rule("duckdb").blocking_rule_sql
