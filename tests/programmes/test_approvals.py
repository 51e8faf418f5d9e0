"""Decisions the programme says need a manager's sign-off: held, on the manager's list, then
approved (and applied) or returned with comments."""

from datetime import timedelta
from html import escape

import pytest
from django.utils import timezone

from alongside.casework.models import Approval, Episode, PhaseChange
from alongside.casework.pathway import episode_set_pathway
from alongside.programmes.services import programme_adopt

from ..casework.test_journey import date_parts
from ..factories import EpisodeFactory

TODAY = timezone.localdate()


@pytest.fixture
def started(service, team, practitioner, team_manager):
    """A parent on Breaking the Cycle, which needs approval for phase changes and closure."""
    programme_adopt(
        organisation=service, template_key="breaking-the-cycle", adopted_by=team_manager
    )
    episode = EpisodeFactory(organisation=service, team=team, key_worker=practitioner)
    episode_set_pathway(
        episode=episode,
        pathway="adult",
        decided_by=practitioner,
        on=TODAY - timedelta(days=10),
    )
    episode.refresh_from_db()
    return episode


def _next_phase(episode) -> str:
    pathway = episode.programme_version.spec.pathway(episode.pathway)
    return pathway.next_phase(episode.phase).key


def _ask_phase_change(signed_in, practitioner, episode):
    return signed_in(practitioner).post(
        f"/episodes/{episode.pk}/phase/",
        {"phase": _next_phase(episode), **date_parts("on", TODAY), "note": "Ready to move on"},
    )


def test_a_phase_change_waits_for_approval_then_applies(
    signed_in, started, practitioner, team_manager
):
    first_phase = started.phase
    next_phase = _next_phase(started)
    assert _ask_phase_change(signed_in, practitioner, started).status_code == 302
    started.refresh_from_db()
    assert started.phase == first_phase  # not applied yet
    page = signed_in(practitioner).get(f"/parents/{started.parent_id}/").content.decode()
    assert "Awaiting approval" in page

    manager = signed_in(team_manager)
    home = manager.get("/").content.decode()
    assert "Awaiting your approval: move to" in home
    held = Approval.objects.get(episode=started)
    assert f"/episodes/approvals/{held.pk}/" in home

    response = manager.post(f"/episodes/approvals/{held.pk}/", {"outcome": "approve"})
    assert response.status_code == 302
    started.refresh_from_db()
    assert started.phase == next_phase
    change = PhaseChange.objects.filter(episode=started).latest("pk")
    assert change.decided_by == practitioner
    assert f"approved by {team_manager.display_name}" in change.note
    held.refresh_from_db()
    assert (held.status, held.decided_by) == ("approved", team_manager)
    assert "Awaiting your approval" not in manager.get("/").content.decode()


def test_a_returned_phase_change_is_not_applied_and_shows_the_comments(
    signed_in, started, practitioner, team_manager
):
    first_phase = started.phase
    _ask_phase_change(signed_in, practitioner, started)
    held = Approval.objects.get(episode=started)
    manager = signed_in(team_manager)
    response = manager.post(f"/episodes/approvals/{held.pk}/", {"outcome": "return"})
    assert "Enter comments saying why you are returning it" in response.content.decode()
    manager.post(
        f"/episodes/approvals/{held.pk}/",
        {"outcome": "return", "comments": "Wait until the housing move is settled"},
    )
    started.refresh_from_db()
    assert started.phase == first_phase
    held.refresh_from_db()
    assert held.status == "returned"
    page = signed_in(practitioner).get(f"/parents/{started.parent_id}/").content.decode()
    assert "Returned with comments" in page
    assert "Wait until the housing move is settled" in page


def _ask_closure(signed_in, practitioner, episode):
    return signed_in(practitioner).post(
        f"/episodes/{episode.pk}/close/",
        {
            **date_parts("closed_on", TODAY),
            "reason": "planned_ending",
            "note": "Goals met; she knows how to get back in touch.",
        },
    )


def test_closure_waits_for_approval_then_closes(signed_in, started, practitioner, team_manager):
    assert _ask_closure(signed_in, practitioner, started).status_code == 302
    started.refresh_from_db()
    assert started.is_open
    held = Approval.objects.get(episode=started, kind="closure")
    response = signed_in(team_manager).post(
        f"/episodes/approvals/{held.pk}/", {"outcome": "approve", "comments": "Agreed"}
    )
    assert response.status_code == 302
    started.refresh_from_db()
    assert started.status == Episode.Status.CLOSED
    assert started.closed_by == practitioner
    assert started.closure_note == "Goals met; she knows how to get back in touch."


def test_returned_closure_leaves_the_work_open(signed_in, started, practitioner, team_manager):
    _ask_closure(signed_in, practitioner, started)
    held = Approval.objects.get(episode=started, kind="closure")
    signed_in(team_manager).post(
        f"/episodes/approvals/{held.pk}/",
        {"outcome": "return", "comments": "Plan a tapered ending first"},
    )
    started.refresh_from_db()
    assert started.is_open
    held.refresh_from_db()
    assert (held.status, held.comments) == ("returned", "Plan a tapered ending first")


def test_a_manager_decides_directly_and_practitioners_cannot_approve(
    signed_in, started, practitioner, team_manager
):
    _ask_phase_change(signed_in, practitioner, started)
    held = Approval.objects.get(episode=started)
    response = signed_in(practitioner).post(
        f"/episodes/approvals/{held.pk}/", {"outcome": "approve"}
    )
    assert response.status_code in (403, 404)
    other = EpisodeFactory(
        organisation=started.organisation, team=started.team, key_worker=practitioner
    )
    episode_set_pathway(episode=other, pathway="adult", decided_by=team_manager, on=TODAY)
    other.refresh_from_db()
    signed_in(team_manager).post(
        f"/episodes/{other.pk}/phase/",
        {"phase": _next_phase(other), **date_parts("on", TODAY)},
    )
    other.refresh_from_db()
    assert other.phase == _next_phase(started)
    assert not Approval.objects.filter(episode=other).exists()


def test_the_approval_history_says_who_asked_and_who_approved(
    signed_in, started, practitioner, team_manager
):
    _ask_phase_change(signed_in, practitioner, started)
    held = Approval.objects.get(episode=started)
    signed_in(team_manager).post(f"/episodes/approvals/{held.pk}/", {"outcome": "approve"})
    page = signed_in(practitioner).get(f"/parents/{started.parent_id}/").content.decode()
    assert escape(f"Asked by {practitioner.display_name}") in page
    assert escape(f"approved by {team_manager.display_name}") in page
