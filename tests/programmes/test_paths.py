"""A parent's path through a programme: pathways, phases with who decided, blockers, versions."""

from datetime import timedelta
from html import escape

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from alongside.audit.verify import verify_chain
from alongside.casework.models import Approval, Episode, PhaseChange
from alongside.casework.pathway import (
    blocker_end,
    blocker_record,
    episode_change_phase,
    episode_set_pathway,
)
from alongside.casework.services import episode_allocate, episode_close
from alongside.people.services import child_add
from alongside.programmes.eligibility import check_parent
from alongside.programmes.loader import load_file, shipped_templates
from alongside.programmes.services import programme_adopt, programme_revise
from alongside.referrals.services import referral_accept, referral_create

from ..casework.test_journey import date_parts

TODAY = timezone.localdate()
START = TODAY - timedelta(days=400)


@pytest.fixture
def btc(service, service_manager):
    return programme_adopt(
        organisation=service, template_key="breaking-the-cycle", adopted_by=service_manager
    )


# Who each template is for, and the children that make them eligible for the first pathway.
PEOPLE = {
    "breaking-the-cycle": (
        "yes",
        24,
        {"legal_status": "adopted", "date_of_birth": START - timedelta(days=900)},
    ),
    "strengthening-families": (
        "no",
        29,
        {"legal_status": "sgo", "date_of_birth": START - timedelta(days=900)},
    ),
    "pause-style": (
        "no",
        31,
        {"legal_status": "adopted", "date_of_birth": START - timedelta(days=1500)},
    ),
    "early-fdac": (
        "no",
        27,
        {"legal_status": "unborn", "due_date": START + timedelta(days=150)},
        {"legal_status": "adopted", "date_of_birth": START - timedelta(days=900)},
    ),
    "futures": (
        "yes",
        21,
        {
            "legal_status": "adopted",
            "date_of_birth": START - timedelta(days=200),
            "removed_on": START - timedelta(days=120),
        },
    ),
}


@pytest.mark.parametrize("key", sorted(shipped_templates()))
def test_each_template_runs_a_parent_from_referral_to_closure(
    key, service, team, team_manager, practitioner
):
    care, age, *children = PEOPLE[key]
    programme_adopt(organisation=service, template_key=key, adopted_by=team_manager)
    start = START
    referral = referral_create(
        organisation=service,
        recorded_by=team_manager,
        parent_details={
            "given_name": "Tamsin",
            "family_name": "Endtoend",
            "date_of_birth": TODAY.replace(year=TODAY.year - age) - timedelta(days=30),
            "care_experienced": care,
        },
        referral_details={
            "received_on": start,
            "source": "childrens_social_care",
            "parent_agrees": True,
            "reason": "Referred for support.",
        },
    )
    for child in children:
        child_add(parent=referral.parent, added_by=team_manager, details=child)
    spec = load_file(shipped_templates()[key])
    first = spec.pathways[0]
    eligibility = check_parent(spec, referral.parent, start, first.key)
    assert eligibility.eligible, eligibility.summary

    episode = referral_accept(
        referral=referral, team=team, decided_by=team_manager, decided_on=start
    )
    episode = episode_allocate(
        episode=episode, worker=practitioner, allocated_by=team_manager, allocated_on=start
    )
    episode_set_pathway(episode=episode, pathway=first.key, decided_by=practitioner, on=start)
    day = start
    for previous, phase in zip(first.phases, first.phases[1:], strict=False):
        day += timedelta(days=60)
        episode_change_phase(
            episode=episode,
            phase=phase.key,
            decided_by=team_manager,
            on=day,
            decision=previous.decision_options[0] if previous.ends_with_decision else "",
        )
    episode_close(
        episode=episode,
        closed_by=practitioner,
        closed_on=day,
        reason="planned_ending",
        note="Done.",
    )
    episode.refresh_from_db()
    assert episode.status == "closed"
    assert episode.programme_version.programme.key == key
    history = list(episode.phase_changes.values_list("phase", flat=True))
    assert history == [p.key for p in first.phases]
    assert verify_chain().intact


def test_moving_pathway_keeps_the_history(btc, episode, practitioner, team_manager):
    start = episode.opened_on
    episode_set_pathway(episode=episode, pathway="adult", decided_by=practitioner, on=start)
    episode_change_phase(
        episode=episode, phase="therapeutic", decided_by=team_manager, on=start + timedelta(days=5)
    )
    episode_set_pathway(
        episode=episode,
        pathway="pregnancy",
        decided_by=practitioner,
        on=start + timedelta(days=9),
        note="She is pregnant and wants to keep her baby.",
    )
    episode.refresh_from_db()
    assert (episode.pathway, episode.phase) == ("pregnancy", "stabilisation")
    changes = [
        (c.kind, c.pathway, c.phase, c.decided_by)
        for c in PhaseChange.objects.filter(episode=episode)
    ]
    assert changes == [
        ("started", "adult", "stabilisation", practitioner),
        ("phase", "adult", "therapeutic", team_manager),
        ("pathway", "pregnancy", "stabilisation", practitioner),
    ]


def test_a_phase_change_cannot_go_back_in_time_or_to_an_unknown_phase(btc, episode, practitioner):
    episode_set_pathway(episode=episode, pathway="pregnancy", decided_by=practitioner, on=TODAY)
    with pytest.raises(ValidationError, match="before the current phase started"):
        episode_change_phase(
            episode=episode,
            phase="consolidation",
            decided_by=practitioner,
            on=TODAY - timedelta(days=1),
        )
    with pytest.raises(ValidationError, match="no phase called 'therapeutic'"):
        episode_change_phase(
            episode=episode, phase="therapeutic", decided_by=practitioner, on=TODAY
        )


def test_pause_engagement_ends_with_a_recorded_decision(service, episode, practitioner):
    programme_adopt(organisation=service, template_key="pause-style", adopted_by=practitioner)
    episode_set_pathway(episode=episode, pathway="programme", decided_by=practitioner, on=TODAY)
    with pytest.raises(ValidationError, match="Record the decision"):
        episode_change_phase(episode=episode, phase="programme", decided_by=practitioner, on=TODAY)
    change = episode_change_phase(
        episode=episode,
        phase="programme",
        decided_by=practitioner,
        on=TODAY,
        decision="join the programme",
    )
    assert change.decision == "join the programme"


def test_an_episode_keeps_the_version_it_started_under(btc, episode, practitioner, service_manager):
    episode_set_pathway(episode=episode, pathway="adult", decided_by=practitioner, on=TODAY)
    source = btc.current_version().source.replace("name: ADULT", "name: ADULT (renamed)")
    version = programme_revise(
        programme=btc, source=source, revised_by=service_manager, note="Rename"
    )
    assert version.number == 2
    episode.refresh_from_db()
    assert episode.programme_version.number == 1
    assert episode.programme_version.spec.pathway("adult").name == "ADULT"


def test_a_revision_that_is_not_valid_is_refused_whole(btc, service_manager):
    with pytest.raises(ValidationError) as caught:
        programme_revise(
            programme=btc, source="key: x\n", revised_by=service_manager, note="Broken"
        )
    assert any("format: is missing" in m for m in caught.value.messages)
    assert btc.versions.count() == 1


def test_blockers_have_start_and_end_dates(btc, episode, practitioner):
    blocker = blocker_record(
        episode=episode,
        kind="housing",
        description="Housing register",
        started_on=TODAY - timedelta(days=10),
        recorded_by=practitioner,
    )
    with pytest.raises(ValidationError, match="on or after the day it started"):
        blocker_end(blocker=blocker, ended_on=TODAY - timedelta(days=11), ended_by=practitioner)
    blocker = blocker_end(blocker=blocker, ended_on=TODAY, ended_by=practitioner)
    assert blocker.ended_on == TODAY and not blocker.is_open


def test_pages_choose_a_pathway_change_phase_and_record_a_blocker(
    btc, episode, practitioner, team_manager, signed_in
):
    client = signed_in(practitioner)
    overview = client.get(f"/parents/{episode.parent_id}/").content.decode()
    assert "Not on a pathway yet." in overview and "Choose a pathway" in overview

    response = client.post(
        f"/episodes/{episode.pk}/pathway/",
        {"pathway": "parenting", **date_parts("on", TODAY)},
    )
    assert response["Location"] == f"/parents/{episode.parent_id}/"
    response = client.post(
        f"/episodes/{episode.pk}/blockers/new/",
        {"kind": "housing", "description": "Overcrowded flat", **date_parts("started_on", TODAY)},
    )
    assert response.status_code == 302
    page = client.get(f"/episodes/{episode.pk}/phase/").content.decode()
    assert "Still holding things up: housing" in page

    response = client.post(
        f"/episodes/{episode.pk}/phase/",
        {"phase": "therapeutic", **date_parts("on", TODAY), "note": "Ready for Theraplay."},
    )
    assert response.status_code == 302
    # Breaking the Cycle needs a manager's sign-off for a phase change.
    held = Approval.objects.get(episode=episode, kind="phase_change")
    signed_in(team_manager).post(f"/episodes/approvals/{held.pk}/", {"outcome": "approve"})
    overview = client.get(f"/parents/{episode.parent_id}/").content.decode()
    assert "PARENTING" in overview and "Therapeutic, since" in overview
    assert "Overcrowded flat" in overview
    assert (
        escape(f"Moved phase, PARENTING, therapeutic, by {practitioner.display_name}") in overview
    )


def test_pages_show_errors_in_plain_english(btc, episode, practitioner, signed_in):
    client = signed_in(practitioner)
    page = client.post(f"/episodes/{episode.pk}/pathway/", {}).content.decode()
    assert "Select a pathway" in page and "Enter the date decided" in page


def test_someone_outside_the_case_cannot_change_the_path(btc, episode, service):
    from ..factories import UserFactory

    stranger = UserFactory(organisation=service, role="practitioner")
    from django.test import Client

    from ..conftest import sign_in

    client = sign_in(Client(), stranger)
    assert client.get(f"/episodes/{episode.pk}/pathway/").status_code == 404
    episode.refresh_from_db()
    assert isinstance(episode, Episode) and episode.pathway == ""
