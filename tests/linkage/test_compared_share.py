"""The share of true pairs a run's blocking rules compare: the recall no scoring can pass."""

import duckdb
import pytest

from alongside.linkage.evaluation import compared_share


@pytest.fixture
def con():
    con = duckdb.connect()
    con.execute(
        "create table persons (record_key varchar, role varchar, forename varchar, "
        "dob varchar, nhs_number varchar)"
    )
    con.execute(
        """insert into persons values
        ('a1', 'M', 'amy', '1990-01-02', null),      -- person A: same forename and dob
        ('a2', 'M', 'amy', '1990-01-02', '111'),
        ('b1', 'M', 'bea', '1991-03-04', '222'),     -- person B: only the NHS number
        ('b2', 'M', 'bee', '1991-04-03', '222'),
        ('c1', 'M', 'cat', '1992-05-06', null),      -- person C: nothing in common
        ('c2', 'M', 'kit', '1993-05-06', null),
        ('d1', 'M', 'dot', '1994-07-08', '444'),     -- person D: same NHS number, other role
        ('d2', 'F', 'dot', '1994-07-08', '444'),
        ('x1', 'M', 'amy', '1990-01-02', null)       -- another person with A's name and dob
        """
    )
    con.execute("create table truth (record_key varchar, person_id varchar)")
    con.execute(
        """insert into truth values ('a1', 'A'), ('a2', 'A'), ('b1', 'B'), ('b2', 'B'),
        ('c1', 'C'), ('c2', 'C'), ('d1', 'D'), ('d2', 'D'), ('x1', 'X'),
        ('z9', 'A')  -- a record of A that is not in this run (a booking, say)"""
    )
    return con


def test_a_true_pair_counts_when_any_rule_compares_it(con):
    rules = [["forename", "dob"], ["nhs_number"]]
    # A (forename + dob) and B (NHS number) of the four true pairs; C shares nothing and
    # D's records are of different roles, which no rule joins. The namesake X is no true pair.
    assert compared_share(con, "persons", "truth", rules) == pytest.approx(2 / 4)


def test_a_missing_field_compares_nothing(con):
    con.execute("update persons set nhs_number = null where record_key = 'b1'")
    assert compared_share(con, "persons", "truth", [["nhs_number"]]) == 0.0


def test_every_field_of_a_rule_must_agree(con):
    assert compared_share(con, "persons", "truth", [["forename", "nhs_number"]]) == 0.0
    assert compared_share(con, "persons", "truth", [["forename"]]) == pytest.approx(1 / 4)


def test_no_rules_compare_nothing(con):
    assert compared_share(con, "persons", "truth", []) == 0.0
