"""Endings: a tapered step-down of contact compared with the contacts made, 'door open' contacts
after closure that leave the work closed, and starting work again as a new episode."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from alongside.casework.endings import episode_reopen, taper_plan_set, taper_progress
from alongside.casework.models import Contact, Episode
from alongside.casework.services import episode_close
from alongside.programmes.services import programme_adopt

from ..casework.test_journey import date_parts
from ..factories import ContactFactory, EpisodeFactory

TODAY = timezone.localdate()


@pytest.fixture
def long_episode(service, team, practitioner):
    return EpisodeFactory(
        organisation=service,
        team=team,
        key_worker=practitioner,
        opened_on=TODAY - timedelta(days=200),
    )


def test_taper_plan_on_the_overview_compared_with_contacts(
    signed_in, long_episode, practitioner, service_manager
):
    programme_adopt(
        organisation=long_episode.organisation,
        template_key="strengthening-families",
        adopted_by=service_manager,
    )
    weekly_from = TODAY - timedelta(days=55)
    fortnightly_from = TODAY - timedelta(days=27)
    client = signed_in(practitioner)
    response = client.post(
        f"/episodes/{long_episode.pk}/taper/",
        {
            "frequency_1": "weekly",
            **date_parts("starts_on_1", weekly_from),
            "frequency_2": "fortnightly",
            **date_parts("starts_on_2", fortnightly_from),
            "frequency_3": "monthly",
            **date_parts("starts_on_3", TODAY + timedelta(days=30)),
        },
    )
    assert response.status_code == 302
    # Four weekly-period contacts (about 4 expected), then six in the fortnightly period
    # (about 2 expected).
    for days in (54, 47, 40, 33):
        ContactFactory(episode=long_episode, happened_on=TODAY - timedelta(days=days))
    for days in range(6):
        ContactFactory(episode=long_episode, happened_on=TODAY - timedelta(days=days * 4))
    rows = taper_progress(long_episode, TODAY)
    assert [(r.step.frequency, r.expected, r.actual, r.verdict) for r in rows] == [
        ("weekly", 4, 4, "As planned"),
        ("fortnightly", 2, 6, "More contact than planned"),
        ("monthly", 0, 0, "As planned"),
    ]
    page = client.get(f"/parents/{long_episode.parent_id}/").content.decode()
    assert "Tapered ending" in page
    assert f"Weekly from {weekly_from:%-d %b %Y}: 4 contacts, about 4 planned" in page
    assert "Fortnightly from" in page and "(now): 6 contacts, about 2 planned" in page
    assert "More contact than planned" in page
    assert "Monthly from" in page and "not started yet" in page


def test_taper_steps_must_step_down(long_episode, practitioner):
    with pytest.raises(ValidationError, match="less frequent"):
        taper_plan_set(
            episode=long_episode,
            steps=[("monthly", TODAY), ("weekly", TODAY + timedelta(days=30))],
            recorded_by=practitioner,
        )


def _closed(episode, by):
    return episode_close(
        episode=episode,
        closed_by=by,
        closed_on=TODAY - timedelta(days=20),
        reason="planned_ending",
        note="Ended well; the door is open.",
    )


def test_door_open_contact_is_on_the_timeline_and_the_work_stays_closed(
    signed_in, long_episode, practitioner
):
    _closed(long_episode, practitioner)
    client = signed_in(practitioner)
    overview = client.get(f"/parents/{long_episode.parent_id}/").content.decode()
    assert "Record a door open contact" in overview
    assert "Record a contact</a>" not in overview
    # The ordinary contact page is still closed to a closed episode.
    assert client.get(f"/plans/episodes/{long_episode.pk}/contacts/new/").status_code == 404
    response = client.post(
        f"/episodes/{long_episode.pk}/door-open/",
        {
            **date_parts("happened_on", TODAY),
            "contact_type": "phone",
            "notes": "Rang to say the new flat is going well.",
        },
    )
    assert response.status_code == 302
    long_episode.refresh_from_db()
    assert long_episode.status == Episode.Status.CLOSED
    assert Contact.objects.get(episode=long_episode, door_open=True)
    page = client.get(f"/parents/{long_episode.parent_id}/").content.decode()
    assert "Door open (after the work ended): Phone or video call" in page
    assert "Rang to say the new flat is going well." in page


def test_door_open_contacts_are_only_for_ended_work(signed_in, long_episode, practitioner):
    response = signed_in(practitioner).get(f"/episodes/{long_episode.pk}/door-open/")
    assert response.status_code == 404


def test_starting_again_is_a_new_episode_and_keeps_the_history(
    signed_in, long_episode, practitioner, team_manager
):
    _closed(long_episode, practitioner)
    ContactFactory(episode=long_episode, happened_on=TODAY - timedelta(days=30))
    manager = signed_in(team_manager)
    assert "Start work again" in manager.get(f"/parents/{long_episode.parent_id}/").content.decode()
    response = manager.post(
        f"/episodes/{long_episode.pk}/reopen/",
        {**date_parts("on", TODAY), "reason": "New baby due; she asked to come back."},
    )
    assert response.status_code == 302
    episodes = list(Episode.objects.filter(parent=long_episode.parent).order_by("pk"))
    assert len(episodes) == 2
    old, new = episodes
    assert old.status == "closed" and old.contacts.count() == 1
    assert new.status == "waiting" and new.opened_on == TODAY and new.team == old.team
    assert new.referral != old.referral and new.referral.status == "accepted"
    page = manager.get(f"/parents/{long_episode.parent_id}/").content.decode()
    assert "Waiting for a key worker" in page and "Ended" in page
    with pytest.raises(ValidationError):
        episode_reopen(episode=old, reopened_by=team_manager, on=TODAY, reason="Again")


def test_practitioners_cannot_start_work_again(signed_in, long_episode, practitioner):
    _closed(long_episode, practitioner)
    response = signed_in(practitioner).get(f"/episodes/{long_episode.pk}/reopen/")
    assert response.status_code in (403, 404)
