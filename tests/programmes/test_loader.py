"""Programme definitions: refused whole with every error named by file, line and field."""

import pytest

from alongside.programmes.loader import (
    ProgrammeInvalid,
    load_file,
    load_programme,
    shipped_templates,
)

VALID = """\
format: alongside-programme/1
key: tiny
name: Tiny programme
version: 1
description: A small programme for tests.
pathways:
  - key: only
    name: Only pathway
    description: The one pathway.
    phases:
      - key: first
        name: First
        what_happens: Getting to know each other.
"""


def errors_of(text: str, filename: str = "ours.yaml") -> list[str]:
    with pytest.raises(ProgrammeInvalid) as caught:
        load_programme(text, filename)
    return [str(e) for e in caught.value.errors]


def test_a_valid_definition_loads():
    spec = load_programme(VALID)
    assert spec.name == "Tiny programme"
    assert spec.pathway("only").phases[0].what_happens == "Getting to know each other."
    assert spec.caseload.cap == 8 and spec.review_every_weeks == 8


def test_every_error_is_listed_with_file_line_and_field():
    text = (
        VALID.replace("version: 1", "version: one")
        .replace(
            "        what_happens: Getting to know each other.\n", "        typical_weeks: -3\n"
        )
        .replace("description: The one pathway.", "description: The one pathway.\n    colour: blue")
    )
    errors = errors_of(text)
    assert "ours.yaml, line 4, version: must be a whole number, not 'one'" in errors
    assert (
        "ours.yaml, line 14, pathways[0].phases[0].typical_weeks: must be between 1 and 520, not -3"
        in errors
    )
    assert any(
        e.startswith("ours.yaml, line 10, pathways[0].colour: is not a field here") for e in errors
    )
    assert any("pathways[0].phases[0].what_happens: is missing" in e for e in errors)
    assert len(errors) == 4


def test_the_whole_definition_is_refused_and_the_message_counts_the_errors():
    with pytest.raises(ProgrammeInvalid) as caught:
        load_programme(
            VALID.replace("key: tiny", "key: tiny\napprovals: [coffee]\nreviews: {}"), "x.yaml"
        )
    message = str(caught.value)
    assert message.startswith("The programme definition has 2 errors:")
    assert (
        "x.yaml, line 3, approvals[0]: must be one of acceptance, plan, phase_change, closure"
        in message
    )
    assert "x.yaml, line 4, reviews.every_weeks: is missing" in message


def test_broken_yaml_names_the_line():
    errors = errors_of("key: [unclosed\nname: x\n", "broken.yaml")
    assert len(errors) == 1 and errors[0].startswith("broken.yaml, line ")
    assert "is not valid YAML" in errors[0]


def test_contraception_can_never_be_a_condition():
    text = VALID.replace("pathways:", "eligibility:\n  contraception: required\npathways:")
    errors = errors_of(text)
    assert errors == [
        "ours.yaml, line 7, eligibility.contraception: 'contraception' can never be a condition "
        "of the service; record it as the parent's choice under parent_choices instead"
    ]


def test_contradictory_ranges_and_repeated_keys_are_refused():
    text = (
        VALID.replace("pathways:", "eligibility:\n  age: {min: 30, max: 16}\npathways:")
        + "      - key: first\n        name: Again\n        what_happens: Again.\n"
    )
    errors = errors_of(text)
    assert any(
        "eligibility.age: the lowest age (30) is more than the highest (16)" in e for e in errors
    )
    assert any("pathways[0].phases[1].key: 'first' is used twice" in e for e in errors)


def test_a_decision_phase_must_list_its_decisions():
    text = VALID.replace(
        "what_happens: Getting to know each other.",
        "what_happens: x\n        ends_with_decision: true",
    )
    assert any("decision_options: is missing" in e for e in errors_of(text))


@pytest.mark.parametrize("key", sorted(shipped_templates()))
def test_every_shipped_template_loads_and_its_file_is_named_by_its_key(key):
    spec = load_file(shipped_templates()[key])
    assert spec.key == key
    assert spec.pathways and all(p.phases for p in spec.pathways)


def test_the_five_required_templates_are_shipped():
    assert set(shipped_templates()) >= {
        "breaking-the-cycle",
        "strengthening-families",
        "pause-style",
        "early-fdac",
        "futures",
    }


def test_new_rules_with_bad_values_are_refused_naming_line_and_field():
    text = (
        VALID
        + """\
maximum_months: 0
limit_from: referral
waiting_list:
  care_experienced: {points: 10, max_age: 300}
  ages: [{under: 21}]
measures:
  - {instrument: edinburgh_postnatal, at: start, by: key worker}
  - {instrument: phq9, at: after_birth, by: the parent}
  - {instrument: phq9, at: whenever, by: key worker}
eligibility:
  children: {min: 1, statuses: [at_home_on_a_whim]}
  children_at_home: few
"""
    )
    errors = "\n".join(errors_of(text))
    assert "line 14, maximum_months: must be between 1 and 240, not 0" in errors
    assert "limit_from: must be one of allocation, birth, not 'referral'" in errors
    assert "waiting_list.care_experienced.max_age: must be between 14 and 120" in errors
    assert "waiting_list.ages[0].points: is missing" in errors
    assert "'edinburgh_postnatal' is not an installed measure" in errors
    assert "measures[1].weeks_after_birth: is missing" in errors
    assert "measures[2].at: must be one of start, each_review, ending, after_birth" in errors
    assert "eligibility.children.statuses[0]: must be one of" in errors
    assert "eligibility.children_at_home: must be one of any, none" in errors


def test_a_pathway_can_have_no_limit_and_a_priority_can_have_no_age_limit():
    text = VALID.replace(
        "    description: The one pathway.\n",
        "    description: The one pathway.\n    maximum_months: none\n",
    ) + ("maximum_months: 24\nwaiting_list:\n  care_experienced: {points: 12, max_age: none}\n")
    spec = load_programme(text)
    assert spec.maximum_months_for("only") is None  # does not inherit the programme's 24
    assert spec.priorities.care_experienced_points == 12
    assert spec.priorities.care_experienced_max_age is None
