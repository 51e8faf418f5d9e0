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


def removed(
    months_old: int = 30, status: str = "adopted", at_months: int | None = None
) -> ChildFacts:
    """A removed child, `months_old` now, removed at `at_months` old (by default a month ago)."""
    born = TODAY - timedelta(days=int(months_old * 30.5))
    at = max(months_old - 1, 0) if at_months is None else at_months
    return ChildFacts(status, date_of_birth=born, removed_on=born + timedelta(days=int(at * 30.5)))


def test_gestation_is_counted_from_the_due_date():
    assert gestation_weeks(TODAY + timedelta(days=140), TODAY) == 20
    assert gestation_weeks(TODAY + timedelta(days=141), TODAY) == 19


def test_missing_date_of_birth_is_not_guessed():
    result = check(spec("futures").eligibility, parent(age=None, children=[removed(5)]), TODAY)
    assert result.decided is False and result.eligible is None
    assert result.missing == ["date of birth"]
    assert result.summary == "Cannot decide yet. Missing: date of birth"


def test_a_failed_rule_decides_even_when_something_else_is_missing():
    result = check(
        spec("futures").eligibility, parent(age=None, children=[removed(5), pregnant(12)]), TODAY
    )
    assert result.decided and result.eligible is False
    assert "the pathway is for parents who are not pregnant" in result.not_met
    assert result.missing == ["date of birth"]


class TestBreakingTheCycle:
    # seed 000: care leavers from 16 and care-experienced parents up to 30 are a priority group,
    # not a condition: there is no age limit and care experience is not required.
    @pytest.mark.parametrize("age", [16, 30, 31, 45])
    @pytest.mark.parametrize("care", ["yes", "no", "not_known"])
    def test_no_age_or_care_experience_condition(self, age, care):
        rules = spec("breaking-the-cycle").pathway_eligibility("adult")
        result = check(rules, parent(age=age, care=care, children=[removed()]), TODAY)
        assert result.eligible is True, result.summary

    def test_adult_pathway_is_for_a_loss_to_adoption(self):
        rules = spec("breaking-the-cycle").pathway_eligibility("adult")
        in_proceedings = parent(children=[removed(status="in_proceedings")])
        assert check(rules, in_proceedings, TODAY).eligible is False

    @pytest.mark.parametrize(
        "status,eligible",
        [
            ("at_home_cin", True),
            ("at_home_cp", True),
            ("in_proceedings", True),
            ("at_home", False),  # at home with no plan
            ("adopted", False),
        ],
    )
    def test_parenting_pathway_is_for_a_child_on_a_plan_or_in_proceedings(self, status, eligible):
        rules = spec("breaking-the-cycle").pathway_eligibility("parenting")
        result = check(rules, parent(children=[removed(status=status)]), TODAY)
        assert result.eligible is eligible

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
        expecting = parent(children=[removed(status="sgo"), pregnant(weeks)])
        assert check(rules, expecting, TODAY).eligible is eligible

    def test_pathway_b_needs_a_due_date(self):
        rules = spec("strengthening-families").pathway_eligibility("b")
        result = check(rules, parent(children=[removed(), ChildFacts("unborn")]), TODAY)
        assert result.missing == ["due date"]

    def test_pathway_a_is_for_parents_not_expecting_a_baby(self):
        rules = spec("strengthening-families").pathway_eligibility("a")
        assert check(rules, parent(children=[removed()]), TODAY).eligible
        assert check(rules, parent(children=[removed(), pregnant(12)]), TODAY).eligible is False

    def test_pathway_lengths(self):
        programme = spec("strengthening-families")
        assert programme.maximum_months_for("a") == 24 and programme.maximum_months_for("c") == 60
        # A counts from the start of the work; C from the birth (school readiness).
        assert programme.limit_from_for("a") == "allocation"
        assert programme.limit_from_for("c") == "birth"


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

    def test_no_child_in_her_care(self):
        programme = spec("pause-style")
        at_home = parent(children=[removed(), removed(20, "at_home")])
        assert check(programme.eligibility, at_home, TODAY).eligible is False


class TestEarlyFdac:
    @pytest.mark.parametrize(
        "children,eligible",
        [
            ([removed(), pregnant(14)], True),  # second trimester
            # The work starts at 13 weeks, but an earlier referral is not refused.
            ([removed(), pregnant(12)], True),
            ([pregnant(14)], False),  # no previous removal
            ([removed()], False),  # not pregnant
            ([removed(), removed(17, "at_home_cp")], False),  # a baby at home, not pregnant
        ],
    )
    def test_a_previous_removal_and_pregnant_again(self, children, eligible):
        rules = spec("early-fdac").eligibility
        assert check(rules, parent(children=children), TODAY).eligible is eligible

    def test_the_limit_is_18_months_from_the_birth(self):
        programme = spec("early-fdac")
        key = programme.pathways[0].key
        assert programme.maximum_months_for(key) == 18
        assert programme.limit_from_for(key) == "birth"

    def test_reviews_every_6_to_8_weeks(self):
        programme = spec("early-fdac")
        assert (programme.review_every_weeks, programme.review_every_weeks_at_most) == (6, 8)


class TestFutures:
    @pytest.mark.parametrize(
        "age,children,eligible",
        [
            (22, [removed(5)], True),
            (25, [removed(5)], False),  # under 25 only
            (22, [removed(14)], False),  # the infant was 13 months old when removed
            # seed 001: "removal of an infant (under 12 months)": the age at removal counts,
            # so a baby removed at 10 months and referred at 14 months is eligible.
            (22, [removed(14, at_months=10)], True),
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
