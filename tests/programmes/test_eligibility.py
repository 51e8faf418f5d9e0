"""Eligibility: decided (with every reason) or not decided (saying what is missing)."""

from datetime import date, timedelta

import pytest

from alongside.programmes.eligibility import ChildFacts, ParentFacts, check, gestation_weeks
from alongside.programmes.loader import load_file, shipped_templates

TODAY = date(2026, 11, 25)


def spec(key):
    return load_file(shipped_templates()[key])


def parent(*, age=22, care="yes", children=(), postcode="M1 1AA"):
    born = None if age is None else TODAY.replace(year=TODAY.year - age) - timedelta(days=10)
    return ParentFacts(born, care, tuple(children), postcode)


def pregnant(weeks: int) -> ChildFacts:
    return ChildFacts("unborn", due_date=TODAY + timedelta(days=280 - weeks * 7))


def removed(months_old: int = 30, status: str = "adopted") -> ChildFacts:
    return ChildFacts(status, date_of_birth=TODAY - timedelta(days=int(months_old * 30.5)))


def test_gestation_is_counted_from_the_due_date():
    assert gestation_weeks(TODAY + timedelta(days=140), TODAY) == 20
    assert gestation_weeks(TODAY + timedelta(days=141), TODAY) == 19


def test_missing_date_of_birth_is_not_guessed():
    result = check(
        spec("breaking-the-cycle").pathway_eligibility("adult"),
        parent(age=None, children=[removed()]),
        TODAY,
    )
    assert result.decided is False and result.eligible is None
    assert result.missing == ["date of birth"]
    assert result.summary == "Cannot decide yet. Missing: date of birth"


def test_a_failed_rule_decides_even_when_something_else_is_missing():
    result = check(
        spec("breaking-the-cycle").pathway_eligibility("adult"), parent(age=None, care="no"), TODAY
    )
    assert result.decided and result.eligible is False
    assert "the service is for parents who have been in care" in result.not_met
    assert result.missing == ["date of birth"]


class TestBreakingTheCycle:
    @pytest.mark.parametrize("age,eligible", [(15, False), (16, True), (30, True), (31, False)])
    def test_ages_16_to_30(self, age, eligible):
        rules = spec("breaking-the-cycle").pathway_eligibility("adult")
        assert check(rules, parent(age=age, children=[removed()]), TODAY).eligible is eligible

    def test_care_experience_must_be_known(self):
        rules = spec("breaking-the-cycle").pathway_eligibility("adult")
        result = check(rules, parent(care="not_known", children=[removed()]), TODAY)
        assert result.missing == ["whether the parent has been in care"]

    def test_adult_pathway_is_for_parents_not_pregnant_and_pregnancy_pathway_for_those_who_are(
        self,
    ):
        programme = spec("breaking-the-cycle")
        expecting = parent(children=[removed(), pregnant(12)])
        assert check(programme.pathway_eligibility("adult"), expecting, TODAY).not_met == [
            "the pathway is for parents who are not pregnant"
        ]
        assert check(programme.pathway_eligibility("pregnancy"), expecting, TODAY).eligible

    def test_pregnancy_pathway_has_no_therapeutic_phase(self):
        phases = [p.key for p in spec("breaking-the-cycle").pathway("pregnancy").phases]
        assert "therapeutic" not in phases


class TestStrengtheningFamilies:
    @pytest.mark.parametrize("weeks,eligible", [(19, True), (20, True), (21, False)])
    def test_pathway_b_at_20_weeks_or_earlier(self, weeks, eligible):
        rules = spec("strengthening-families").pathway_eligibility("b")
        assert check(rules, parent(children=[pregnant(weeks)]), TODAY).eligible is eligible

    def test_pathway_b_needs_a_due_date(self):
        rules = spec("strengthening-families").pathway_eligibility("b")
        result = check(rules, parent(children=[ChildFacts("unborn")]), TODAY)
        assert result.missing == ["due date"]

    def test_pathway_lengths(self):
        programme = spec("strengthening-families")
        assert programme.maximum_months_for("a") == 24 and programme.maximum_months_for("c") == 60


class TestPause:
    def test_engagement_up_to_16_weeks_then_a_decision(self):
        engagement = spec("pause-style").pathway("programme").phases[0]
        assert engagement.maximum_weeks == 16 and engagement.ends_with_decision
        assert engagement.decision_options

    def test_contraception_is_a_choice_and_never_a_rule(self):
        programme = spec("pause-style")
        assert programme.parent_choices == ("contraception",)
        result = check(programme.eligibility, parent(children=[removed()]), TODAY)
        assert result.eligible and not any("contracept" in m for m in result.met)


class TestEarlyFdac:
    @pytest.mark.parametrize(
        "children,eligible",
        [
            ([pregnant(12)], False),  # first trimester: too early
            ([pregnant(14)], True),  # second trimester
            ([removed(17, "at_home_cp")], True),
            ([removed(19, "at_home_cp")], False),  # more than 18 months after the birth
        ],
    )
    def test_second_trimester_to_18_months_after_birth(self, children, eligible):
        rules = spec("early-fdac").eligibility
        assert check(rules, parent(children=children), TODAY).eligible is eligible

    def test_reviews_every_6_to_8_weeks(self):
        programme = spec("early-fdac")
        assert (programme.review_every_weeks, programme.review_every_weeks_at_most) == (6, 8)


class TestFutures:
    @pytest.mark.parametrize(
        "age,children,eligible",
        [
            (22, [removed(5)], True),
            (25, [removed(5)], False),  # under 25 only
            (22, [removed(14)], False),  # the infant was not under 12 months
            (22, [removed(5), removed(40)], False),  # not a first removal
        ],
    )
    def test_under_25_first_removal_of_an_infant(self, age, children, eligible):
        rules = spec("futures").eligibility
        assert check(rules, parent(age=age, children=children), TODAY).eligible is eligible

    def test_removed_child_without_a_date_of_birth_is_missing(self):
        result = check(spec("futures").eligibility, parent(children=[ChildFacts("adopted")]), TODAY)
        assert result.missing == ["date of birth of the removed child"]


def test_area_rule_matches_postcode_areas_exactly():
    from alongside.programmes.schema import Eligibility

    rules = Eligibility(areas=("M", "SK1"))
    assert check(rules, parent(postcode="M14 5AB"), TODAY).eligible
    assert check(rules, parent(postcode="SK1 3XE"), TODAY).eligible
    assert check(rules, parent(postcode="ME1 1AA"), TODAY).eligible is False
    assert check(rules, parent(postcode=""), TODAY).missing == ["postcode"]
