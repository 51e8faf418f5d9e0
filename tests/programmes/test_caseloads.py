"""Weighted caseloads, co-working, and allocating over the cap with a reason."""

from datetime import timedelta
from decimal import Decimal
from html import escape

import pytest
from django.utils import timezone

from alongside.accounts.models import Role
from alongside.audit.models import AuditEntry
from alongside.casework.caseloads import weighted_loads
from alongside.casework.models import Allocation
from alongside.casework.pathway import episode_set_pathway
from alongside.casework.services import episode_add_co_worker
from alongside.programmes.services import programme_adopt, programme_revise

from ..casework.test_journey import date_parts
from ..factories import EpisodeFactory, UserFactory

TODAY = timezone.localdate()


@pytest.fixture
def btc(service, service_manager):
    return programme_adopt(
        organisation=service, template_key="breaking-the-cycle", adopted_by=service_manager
    )


def _on_pathway(episode, manager, pathway="adult", phase=""):
    episode_set_pathway(
        episode=episode, pathway=pathway, phase=phase, decided_by=manager, on=episode.opened_on
    )


def test_weighted_load_counts_phase_intensity_and_half_for_co_working(
    btc, service, team, practitioner, team_manager
):
    # Breaking the Cycle, during pregnancy: engagement 1.5, intensive support 1.25.
    spec = btc.current_version().spec
    pathway = spec.pathways[0]
    engaging = EpisodeFactory(organisation=service, team=team, key_worker=practitioner)
    _on_pathway(engaging, team_manager, pathway.key, pathway.phases[0].key)
    intensive = EpisodeFactory(organisation=service, team=team, key_worker=practitioner)
    _on_pathway(intensive, team_manager, pathway.key, pathway.phases[1].key)
    EpisodeFactory(organisation=service, team=team, key_worker=practitioner)  # no pathway: 1
    shared = EpisodeFactory(organisation=service, team=team, key_worker=team_manager)
    _on_pathway(shared, team_manager, pathway.key, pathway.phases[0].key)
    episode_add_co_worker(
        episode=shared, worker=practitioner, added_by=team_manager, started_on=TODAY
    )
    load = weighted_loads(service.pk, [practitioner.pk])[practitioner.pk]
    expected = (
        pathway.phases[0].weight + pathway.phases[1].weight + 1 + pathway.phases[0].weight / 2
    )
    assert load.weighted == pytest.approx(expected)
    assert (load.cases, load.co_working, load.cap) == (3, 1, 8)


def test_cap_comes_from_the_programme_version(btc, service, service_manager, practitioner):
    source = btc.current_version().source.replace("cap: 8", "cap: 3")
    programme_revise(programme=btc, source=source, revised_by=service_manager, note="Smaller")
    assert weighted_loads(service.pk, [practitioner.pk])[practitioner.pk].cap == 3


def test_co_worker_sees_the_parent_on_their_caseload(
    signed_in, service, team, practitioner, team_manager
):
    episode = EpisodeFactory(organisation=service, team=team, key_worker=team_manager)
    manager = signed_in(team_manager)
    response = manager.post(
        f"/episodes/{episode.pk}/co-worker/",
        {"worker": practitioner.pk, **date_parts("started_on", TODAY)},
    )
    assert response.status_code == 302
    page = signed_in(practitioner).get("/").content.decode()
    assert escape(episode.parent.full_name) in page
    assert escape(f"you, with {team_manager.display_name}") in page
    team_page = manager.get("/").content.decode()
    assert escape(f"Co-working: {practitioner.display_name}") in team_page


def test_over_the_cap_warns_and_allocates_only_with_a_reason(
    btc, signed_in, service, team, practitioner, team_manager
):
    for _ in range(8):
        EpisodeFactory(organisation=service, team=team, key_worker=practitioner)
    waiting = EpisodeFactory(organisation=service, team=team)
    manager = signed_in(team_manager)
    page = manager.get(f"/episodes/{waiting.pk}/allocate/").content.decode()
    assert "Weighted caseloads" in page
    assert escape(f"{practitioner.display_name} (weighted load 8 of 8)") in page

    form = {"worker": practitioner.pk, **date_parts("allocated_on", TODAY - timedelta(days=1))}
    response = manager.post(f"/episodes/{waiting.pk}/allocate/", form)
    page = response.content.decode()
    assert response.status_code == 200
    assert "over the cap of 8" in page
    assert "Give a reason for allocating over the cap" in page
    waiting.refresh_from_db()
    assert waiting.key_worker is None

    reason = "Only worker with Welsh; two cases close next week"
    response = manager.post(
        f"/episodes/{waiting.pk}/allocate/", {**form, "over_cap_reason": reason}
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.key_worker == practitioner
    assert Allocation.objects.get(episode=waiting).over_cap_reason == reason
    entry = AuditEntry.objects.filter(description="Key worker allocated").latest("pk")
    # The audit log keeps that a reason was given, never its words (they are on the record).
    assert entry.detail["over_cap"] == {"load": 9.0, "cap": 8.0, "reason_given": True}
    assert reason not in str(entry.detail)


def test_under_the_cap_needs_no_reason(signed_in, service, team, practitioner, team_manager):
    waiting = EpisodeFactory(organisation=service, team=team)
    response = signed_in(team_manager).post(
        f"/episodes/{waiting.pk}/allocate/",
        {"worker": practitioner.pk, **date_parts("allocated_on", TODAY)},
    )
    assert response.status_code == 302
    assert Allocation.objects.get(episode=waiting).over_cap_reason == ""


def test_a_part_time_workers_cap_follows_their_hours(service, team, practitioner):
    """seed 001: 'eight to 12 per full-time worker'; seed 003 teams have 0.2-0.6 WTE posts. The
    programme's cap is per full-time worker: a 0.6 WTE worker's cap is 60% of it."""
    part_time = UserFactory(organisation=service, team=team, role=Role.PRACTITIONER)
    part_time.hours_wte = Decimal("0.6")
    part_time.save()
    loads = weighted_loads(service.pk, [practitioner.pk, part_time.pk])
    assert loads[practitioner.pk].cap == 8
    assert loads[part_time.pk].cap == pytest.approx(0.6 * loads[practitioner.pk].cap)


def test_the_administrator_sets_hours_and_the_allocation_page_shows_the_cap(
    signed_in, service, team, practitioner, team_manager
):
    administrator = UserFactory(organisation=service, team=None, role=Role.ADMINISTRATOR)
    admin = signed_in(administrator)
    assert admin.post(f"/users/{practitioner.pk}/hours/", {"hours_wte": "1.5"}).status_code == 200
    practitioner.refresh_from_db()
    assert practitioner.hours_wte == Decimal("1.00")
    response = admin.post(f"/users/{practitioner.pk}/hours/", {"hours_wte": "0.5"})
    assert response.status_code == 302
    practitioner.refresh_from_db()
    assert practitioner.hours_wte == Decimal("0.50")
    assert AuditEntry.objects.filter(description="Working hours set").exists()
    waiting = EpisodeFactory(organisation=service, team=team)
    page = signed_in(team_manager).get(f"/episodes/{waiting.pk}/allocate/").content.decode()
    assert "of 4)" in page  # weighted load 0 of 4: half of the full-time cap of 8
