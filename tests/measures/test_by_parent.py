"""A measure the parent filled in themselves, in their own space (`by_parent`): scored the same
way, shown to the worker as the parent's own answers, and only ever the parent's own ratings."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from alongside.accounts.models import Role
from alongside.casework.selectors import timeline_for
from alongside.measures.services import measure_record

from ..factories import UserFactory

WHEEL = (
    "home",
    "money",
    "physical_health",
    "emotional_wellbeing",
    "relationships",
    "family_time",
    "keeping_safe",
    "alcohol_drugs",
    "learning_work",
    "support",
)


@pytest.fixture
def parent_user(service):
    return UserFactory(organisation=service, team=None, role=Role.PARENT, username="bluebird27")


def test_the_parents_own_wheel_shows_as_theirs_with_their_total(
    signed_in, practitioner, episode, parent_user
):
    response = measure_record(
        episode=episode,
        recorded_by=parent_user,
        instrument_code="wellbeing_wheel",
        completed_on=timezone.localdate(),
        answers={"parent": dict.fromkeys(WHEEL, 6)},
        by_parent=True,
    )
    assert response.by_parent and response.scores["parent"]["total"] == 60
    # The worker's side of a two-rater measure is not rated: the response is not 'complete',
    # but the parent's own total shows, not 'incomplete'.
    assert not response.complete
    page = signed_in(practitioner).get(f"/measures/parents/{episode.parent_id}/").content.decode()
    assert "Filled in by the parent, in their own space" in page
    assert ">60<" in page and "Not rated" in page
    event = next(e for e in timeline_for(episode.parent) if "Wellbeing wheel" in e.title)
    assert event.title == "Wellbeing wheel filled in by the parent"
    assert event.by == "The parent, in their own space" and "bluebird27" not in event.by
    assert event.text == "The parent's own total 60"


def test_a_measure_the_worker_records_is_not_marked_as_the_parents(practitioner, episode):
    response = measure_record(
        episode=episode,
        recorded_by=practitioner,
        instrument_code="phq9",
        completed_on=timezone.localdate(),
        answers={"parent": {f"q{n}": 1 for n in range(1, 10)}},
    )
    assert not response.by_parent
    event = next(e for e in timeline_for(episode.parent) if "PHQ-9" in e.title)
    assert event.title == "PHQ-9 completed" and event.by == practitioner.display_name


def test_a_parent_answers_only_for_themselves(episode, parent_user):
    with pytest.raises(ValidationError, match="only for themselves"):
        measure_record(
            episode=episode,
            recorded_by=parent_user,
            instrument_code="wellbeing_wheel",
            completed_on=timezone.localdate(),
            answers={"parent": {"home": 5}, "worker": {"home": 5}},
            by_parent=True,
        )
