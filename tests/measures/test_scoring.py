"""Every shipped instrument, scored by its definition, against examples worked out by hand."""

import pytest

from alongside.measures.definitions import all_instruments, get_instrument
from alongside.measures.scoring import AnswerError, change_between, points_for_discussion, score


def answers(instrument_code: str, values: list[int | None]) -> dict:
    instrument = get_instrument(instrument_code)
    return {item.id: value for item, value in zip(instrument.items, values, strict=True)}


def test_only_free_instruments_are_shipped():
    assert set(all_instruments()) == {"phq9", "gad7", "wellbeing_wheel"}
    for instrument in all_instruments().values():
        assert "free to use" in instrument.licence.lower()


# PHQ-9 ---------------------------------------------------------------------------------------

PHQ9 = [
    # answers, total, band, caseness (10 or more)
    ([0, 0, 0, 0, 0, 0, 0, 0, 0], 0, "Minimal", False),
    ([1, 1, 1, 1, 0, 0, 0, 0, 0], 4, "Minimal", False),
    ([1, 1, 1, 1, 1, 0, 0, 0, 0], 5, "Mild", False),
    ([2, 2, 1, 1, 1, 1, 1, 0, 0], 9, "Mild", False),
    ([1, 2, 0, 3, 1, 1, 2, 0, 0], 10, "Moderate", True),
    ([2, 2, 2, 2, 2, 2, 2, 0, 0], 14, "Moderate", True),
    ([2, 2, 2, 2, 2, 2, 2, 1, 0], 15, "Moderately severe", True),
    ([3, 3, 3, 2, 2, 2, 2, 2, 0], 19, "Moderately severe", True),
    ([3, 3, 3, 3, 2, 2, 2, 2, 0], 20, "Severe", True),
    ([3, 3, 3, 3, 3, 3, 3, 3, 3], 27, "Severe", True),
]


@pytest.mark.parametrize("values,total,band,caseness", PHQ9)
def test_phq9_totals_and_bands(values, total, band, caseness):
    result = score(get_instrument("phq9"), answers("phq9", values))
    assert result.complete
    assert (result.total, result.band, result.at_or_above_caseness) == (total, band, caseness)


def test_phq9_question_9_above_0_prompts_the_safety_procedure():
    phq9 = get_instrument("phq9")
    assert score(phq9, answers("phq9", [0] * 9)).alerts == ()
    result = score(phq9, answers("phq9", [0, 0, 0, 0, 0, 0, 0, 0, 1]))
    assert result.total == 1 and result.band == "Minimal"
    assert len(result.alerts) == 1
    assert "safety procedure" in result.alerts[0]
    assert "not a diagnosis" in result.alerts[0]
    # Even when the rest is not answered, the prompt still shows.
    partial = score(phq9, {"q9": 2})
    assert not partial.complete and partial.alerts


def test_phq9_partly_completed_is_not_scored():
    result = score(get_instrument("phq9"), answers("phq9", [1, 2, 0, 3, None, 1, 2, 0, 0]))
    assert not result.complete
    assert result.missing == ("q5",)
    assert result.total is None and result.band == ""


@pytest.mark.parametrize("bad", [4, -1, 7])
def test_phq9_refuses_answers_outside_0_to_3(bad):
    with pytest.raises(AnswerError):
        score(get_instrument("phq9"), answers("phq9", [0, 0, 0, 0, 0, 0, 0, 0, bad]))


def test_phq9_refuses_a_question_it_does_not_have():
    with pytest.raises(AnswerError):
        score(get_instrument("phq9"), {"q10": 1})


@pytest.mark.parametrize(
    "first,latest,summary",
    [
        (18, 12, "Reliable improvement"),  # 6 points down: the PHQ-9's reliable change
        (18, 13, "No reliable change"),
        (10, 16, "Reliable deterioration"),
        (10, 10, "No change"),
    ],
)
def test_phq9_reliable_change_is_6_points(first, latest, summary):
    assert change_between(get_instrument("phq9"), first, latest).summary == summary


# GAD-7 ---------------------------------------------------------------------------------------

GAD7 = [
    ([0, 0, 0, 0, 0, 0, 0], 0, "Minimal", False),
    ([1, 1, 1, 1, 0, 0, 0], 4, "Minimal", False),
    ([1, 1, 1, 1, 1, 0, 0], 5, "Mild", False),
    ([2, 2, 1, 1, 0, 0, 1], 7, "Mild", False),
    ([2, 2, 1, 1, 1, 0, 1], 8, "Mild", True),  # caseness is 8 or more
    ([2, 2, 2, 1, 1, 0, 1], 9, "Mild", True),
    ([2, 2, 2, 2, 1, 1, 0], 10, "Moderate", True),
    ([2, 2, 2, 2, 2, 2, 2], 14, "Moderate", True),
    ([3, 3, 3, 2, 2, 1, 1], 15, "Severe", True),
    ([3, 3, 3, 3, 3, 3, 3], 21, "Severe", True),
]


@pytest.mark.parametrize("values,total,band,caseness", GAD7)
def test_gad7_totals_and_bands(values, total, band, caseness):
    result = score(get_instrument("gad7"), answers("gad7", values))
    assert (result.total, result.band, result.at_or_above_caseness) == (total, band, caseness)
    assert result.alerts == ()


def test_gad7_partly_completed_is_not_scored():
    result = score(get_instrument("gad7"), {"q1": 2, "q2": 3})
    assert not result.complete and result.total is None
    assert result.missing == ("q3", "q4", "q5", "q6", "q7")


@pytest.mark.parametrize(
    "first,latest,summary",
    [
        (12, 8, "Reliable improvement"),  # 4 points: the GAD-7's reliable change
        (12, 9, "No reliable change"),
        (6, 10, "Reliable deterioration"),
    ],
)
def test_gad7_reliable_change_is_4_points(first, latest, summary):
    assert change_between(get_instrument("gad7"), first, latest).summary == summary


def test_gad7_refuses_out_of_range():
    with pytest.raises(AnswerError):
        score(get_instrument("gad7"), answers("gad7", [0, 0, 0, 0, 0, 0, 5]))


# Wellbeing wheel ----------------------------------------------------------------------------

WHEEL_PARENT = [3, 5, 6, 4, 7, 2, 8, 9, 5, 6]  # 55
WHEEL_WORKER = [3, 4, 6, 7, 7, 2, 5, 9, 5, 6]  # 54; differs by 3 on areas 4 and 7


def test_wheel_totals_for_each_rater():
    wheel = get_instrument("wellbeing_wheel")
    assert wheel.raters == ("parent", "worker")
    assert len(wheel.items) == 10
    assert score(wheel, answers("wellbeing_wheel", WHEEL_PARENT)).total == 55
    assert score(wheel, answers("wellbeing_wheel", WHEEL_WORKER)).total == 54
    assert score(wheel, answers("wellbeing_wheel", [10] * 10)).total == 100
    assert score(wheel, answers("wellbeing_wheel", [1] * 10)).total == 10


def test_wheel_differences_of_3_or_more_are_points_for_discussion():
    wheel = get_instrument("wellbeing_wheel")
    points = points_for_discussion(
        wheel, answers("wellbeing_wheel", WHEEL_PARENT), answers("wellbeing_wheel", WHEEL_WORKER)
    )
    assert [(p.item_id, p.parent, p.worker, p.gap) for p in points] == [
        ("emotional_wellbeing", 4, 7, 3),
        ("keeping_safe", 8, 5, 3),
    ]  # money differs by 1 only: not a point


def test_wheel_distance_travelled_higher_is_better():
    wheel = get_instrument("wellbeing_wheel")
    change = change_between(wheel, 40, 55)
    assert (change.difference, change.better, change.reliable, change.summary) == (
        15,
        True,
        None,
        "Better",
    )
    assert change_between(wheel, 55, 50).summary == "Worse"


@pytest.mark.parametrize("bad", [0, 11])
def test_wheel_refuses_ratings_outside_1_to_10(bad):
    with pytest.raises(AnswerError):
        score(get_instrument("wellbeing_wheel"), {"home": bad})
