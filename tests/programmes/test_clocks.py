"""Clocks on the caseload and the manager's 'needs attention' list."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.casework.clocks import clocks_for
from alongside.casework.pathway import blocker_record, episode_set_pathway, proceedings_record
from alongside.core.dates import add_months
from alongside.programmes.services import programme_adopt

from ..casework.test_journey import date_parts
from ..factories import ChildFactory, EpisodeFactory

TODAY = timezone.localdate()


@pytest.fixture
def pause(service, service_manager):
    return programme_adopt(
        organisation=service, template_key="pause-style", adopted_by=service_manager
    )


def texts(episode):
    return [c.text for c in clocks_for(episode, TODAY)]


def test_pregnancy_shows_weeks_and_days_to_the_due_date(episode):
    ChildFactory(
        parent=episode.parent,
        legal_status="unborn",
        date_of_birth=None,
        due_date=TODAY + timedelta(days=70),
    )
    assert texts(episode) == ["30 weeks pregnant, due in 70 days"]
    assert clocks_for(episode, TODAY)[0].urgent  # within 12 weeks of the due date


def test_court_timescale_counts_26_weeks_from_the_issue_date(episode, practitioner):
    proceedings_record(
        episode=episode,
        issued_on=TODAY - timedelta(weeks=21, days=1),
        final_hearing_on=TODAY + timedelta(days=9),
        recorded_by=practitioner,
    )
    assert texts(episode) == ["Proceedings: week 22 of 26, final hearing in 9 days"]


def test_court_timescale_past_26_weeks(episode, practitioner):
    proceedings_record(
        episode=episode,
        issued_on=TODAY - timedelta(weeks=26, days=3),
        final_hearing_on=None,
        recorded_by=practitioner,
    )
    assert texts(episode) == ["Proceedings: 3 days past the 26-week timescale"]


def test_phase_and_programme_limits(pause, service, team, practitioner):
    episode = EpisodeFactory(
        organisation=service,
        team=team,
        key_worker=practitioner,
        opened_on=TODAY - timedelta(days=670),
        # Thirty days on the waiting list: they never count against the limit.
        allocated_on=TODAY - timedelta(days=640),
    )
    episode_set_pathway(
        episode=episode,
        pathway="programme",
        decided_by=practitioner,
        on=TODAY - timedelta(weeks=14),
    )
    episode.refresh_from_db()
    left = (add_months(episode.allocated_on, 22) - TODAY).days
    # Engagement is at most 16 weeks; the programme at most 22 months from the start of the work.
    assert texts(episode) == [
        f"{left} days left of the 22-month limit (from the start of the work)",
        "Engagement: 14 days left of 16 weeks",
    ]


def test_the_caseload_shows_the_clocks(episode, practitioner, signed_in):
    ChildFactory(
        parent=episode.parent,
        legal_status="unborn",
        date_of_birth=None,
        due_date=TODAY + timedelta(days=140),
    )
    page = signed_in(practitioner).get("/").content.decode()
    assert "Clocks" in page and "20 weeks pregnant, due in 140 days" in page


def test_needs_attention_lists_urgent_clocks_and_long_blockers(
    episode, practitioner, team_manager, signed_in
):
    proceedings_record(
        episode=episode,
        issued_on=TODAY - timedelta(weeks=23),
        final_hearing_on=None,
        recorded_by=practitioner,
    )
    blocker_record(
        episode=episode,
        kind="housing",
        description="",
        started_on=episode.opened_on,
        recorded_by=practitioner,
    )
    page = signed_in(team_manager).get("/").content.decode()
    assert "Proceedings: week 24 of 26" in page
    assert "Held up" not in page  # 20 days: not yet eight weeks

    old = EpisodeFactory(
        organisation=episode.organisation,
        team=episode.team,
        key_worker=practitioner,
        opened_on=TODAY - timedelta(days=100),
    )
    blocker_record(
        episode=old,
        kind="mental_health",
        description="",
        started_on=TODAY - timedelta(days=60),
        recorded_by=practitioner,
    )
    page = signed_in(team_manager).get("/").content.decode()
    assert "Held up for 8 weeks: waiting for mental health support" in page


def test_each_clock_on_the_needs_attention_list_links_to_where_it_is_dealt_with(
    service, team, practitioner, team_manager, service_manager, signed_in
):
    """A measure overdue opens the measure's form, a phase near its limit the phase page, a
    court timescale the parent's overview: each for its own episode."""
    programme_adopt(
        organisation=service, template_key="breaking-the-cycle", adopted_by=service_manager
    )
    measured = EpisodeFactory(
        organisation=service,
        team=team,
        key_worker=practitioner,
        opened_on=TODAY - timedelta(days=70),
        allocated_on=TODAY - timedelta(days=60),
    )
    episode_set_pathway(
        episode=measured, pathway="adult", decided_by=practitioner, on=TODAY - timedelta(days=60)
    )
    proceedings_record(
        episode=measured,
        issued_on=TODAY - timedelta(weeks=23),
        final_hearing_on=None,
        recorded_by=practitioner,
    )
    programme_adopt(organisation=service, template_key="pause-style", adopted_by=service_manager)
    phased = EpisodeFactory(
        organisation=service,
        team=team,
        key_worker=practitioner,
        opened_on=TODAY - timedelta(days=120),
        allocated_on=TODAY - timedelta(days=110),
    )
    episode_set_pathway(
        episode=phased, pathway="programme", decided_by=practitioner, on=TODAY - timedelta(weeks=14)
    )
    page = signed_in(team_manager).get("/").content.decode()
    measure = reverse("measures:choose", args=[measured.pk])
    court = reverse("people:overview", args=[measured.parent_id])
    phase = reverse("casework:phase", args=[phased.pk])
    assert f'<a class="govuk-link" href="{measure}">Wellbeing wheel overdue by' in page
    assert f'<a class="govuk-link" href="{court}">Proceedings: week 24 of 26' in page
    assert f'<a class="govuk-link" href="{phase}">Engagement: 14 days left of 16 weeks' in page


def test_recording_proceedings_through_the_page(episode, practitioner, signed_in):
    client = signed_in(practitioner)
    response = client.post(
        f"/episodes/{episode.pk}/proceedings/new/",
        {
            **date_parts("issued_on", TODAY - timedelta(days=7)),
            **date_parts("final_hearing_on", TODAY - timedelta(days=8)),
        },
    )
    assert (
        "The final hearing cannot be before the proceedings were issued."
        in response.content.decode()
    )
    response = client.post(
        f"/episodes/{episode.pk}/proceedings/new/",
        {
            **date_parts("issued_on", TODAY - timedelta(days=7)),
            "final_hearing_on_0": "",
            "final_hearing_on_1": "",
            "final_hearing_on_2": "",
        },
    )
    assert response.status_code == 302
    assert "Proceedings: week 2 of 26" in client.get("/").content.decode()


def states(episode):
    return {c.kind: c.state for c in clocks_for(episode, TODAY)}


def test_clocks_say_how_urgent_they_are_in_words_and_in_colour(episode, practitioner, signed_in):
    """Past, near and simply running clocks are told apart, not one red for everything."""
    ChildFactory(
        parent=episode.parent,
        legal_status="unborn",
        date_of_birth=None,
        due_date=TODAY + timedelta(days=150),
    )
    proceedings_record(
        episode=episode,
        issued_on=TODAY - timedelta(weeks=21),
        final_hearing_on=None,
        recorded_by=practitioner,
    )
    episode.next_contact_on = TODAY - timedelta(days=10)
    episode.save()
    assert states(episode) == {"pregnancy": "running", "court": "soon", "next_contact": "overdue"}
    page = signed_in(practitioner).get("/").content.decode()
    assert 'govuk-tag--blue app-clock">18 weeks pregnant' in page
    assert 'govuk-tag--orange app-clock">Proceedings: week 22 of 26' in page
    assert 'govuk-tag--red app-clock">Planned contact overdue by 10 days' in page


def test_a_review_due_today_says_today(episode, practitioner):
    from alongside.plans.services import plan_agree

    plan_agree(episode=episode, agreed_by=practitioner, agreed_on=TODAY, attended="Parent")
    plan = episode.plan
    plan.next_review_on = TODAY
    plan.save()
    assert "Review due today" in texts(episode)
    plan.next_review_on = TODAY + timedelta(days=1)
    plan.save()
    assert "Review due tomorrow" in texts(episode)
