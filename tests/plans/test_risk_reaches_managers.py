"""Risk reaches a manager the same day: a PHQ-9 answer about self-harm, a safeguarding
disclosure waiting for a decision, work gone quiet, no plan weeks after the work started. The
list is ordered by urgency, shows the key worker, links to where each item is resolved, and an
item leaves once it is dealt with."""

from datetime import timedelta
from html import escape

from django.utils import timezone

from alongside.casework.attention import needs_attention_for
from alongside.casework.services import contact_record
from alongside.measures.services import measure_record
from alongside.plans.services import plan_agree
from alongside.sharing.services import disclosure_decide, disclosure_request

from ..factories import EpisodeFactory

TODAY = timezone.localdate()


def phq9(answers):
    return {"parent": {f"q{n}": a for n, a in enumerate(answers, start=1)}}


def worked_on(service, team, practitioner, *, weeks_ago=1, contact_days_ago=1):
    episode = EpisodeFactory(
        organisation=service,
        team=team,
        key_worker=practitioner,
        opened_on=TODAY - timedelta(weeks=weeks_ago + 1),
        allocated_on=TODAY - timedelta(weeks=weeks_ago),
    )
    contact_record(
        episode=episode,
        recorded_by=practitioner,
        happened_on=TODAY - timedelta(days=contact_days_ago),
        contact_type="home_visit",
        notes="Visit.",
    )
    return episode


def whats(manager):
    return [i.what for i in needs_attention_for(manager)]


def test_a_self_harm_answer_is_first_on_the_list_the_same_day_until_followed_up(
    service, team, practitioner, team_manager
):
    episode = worked_on(service, team, practitioner, weeks_ago=3)
    measure_record(
        episode=episode,
        recorded_by=practitioner,
        instrument_code="phq9",
        completed_on=TODAY,
        answers=phq9([0, 0, 0, 0, 0, 0, 0, 0, 2]),
    )
    items = needs_attention_for(team_manager)  # the same day
    assert "thoughts of self-harm" in items[0].what
    assert items[0].key_worker == practitioner.display_name
    assert items[0].url == f"/plans/episodes/{episode.pk}/contacts/new/"


def test_the_self_harm_item_leaves_once_someone_has_been_in_touch_after_it(
    service, team, practitioner, team_manager
):
    episode = worked_on(service, team, practitioner, weeks_ago=3, contact_days_ago=3)
    measure_record(
        episode=episode,
        recorded_by=practitioner,
        instrument_code="phq9",
        completed_on=TODAY - timedelta(days=2),
        answers=phq9([0, 0, 0, 0, 0, 0, 0, 0, 2]),
    )
    # The contact the day before the measure is not a follow-up.
    assert any("self-harm" in w for w in whats(team_manager))
    contact_record(
        episode=episode,
        recorded_by=practitioner,
        happened_on=TODAY,
        contact_type="phone",
        notes="Safety plan made together.",
    )
    assert not any("self-harm" in w for w in whats(team_manager))


def test_no_alert_no_item(service, team, practitioner, team_manager):
    episode = worked_on(service, team, practitioner)
    measure_record(
        episode=episode,
        recorded_by=practitioner,
        instrument_code="phq9",
        completed_on=TODAY,
        answers=phq9([1, 1, 1, 1, 1, 1, 1, 1, 0]),
    )
    assert not any("self-harm" in w for w in whats(team_manager))


def test_a_safeguarding_disclosure_waiting_is_listed_and_leaves_once_decided(
    service, team, practitioner, team_manager, service_manager
):
    episode = worked_on(service, team, practitioner)
    disclosure = disclosure_request(
        parent=episode.parent,
        requested_by=practitioner,
        kind="safeguarding",
        recipient="Children's social care duty team",
        legal_basis="ca1989_s47",
        reasons="Worried about the baby's safety.",
        what_disclosed="What was seen at the visit.",
    )
    items = needs_attention_for(team_manager)
    item = next(i for i in items if "safeguarding disclosure" in i.what)
    assert item.url == f"/disclosures/{disclosure.pk}/decide/"
    disclosure_decide(
        disclosure=disclosure, decided_by=team_manager, approve=True, disclosed_on=TODAY
    )
    assert not any("safeguarding disclosure" in w for w in whats(team_manager))


def test_work_gone_quiet_and_no_plan_are_listed(service, team, practitioner, team_manager):
    quiet = EpisodeFactory(
        organisation=service,
        team=team,
        key_worker=practitioner,
        opened_on=TODAY - timedelta(weeks=10),
        allocated_on=TODAY - timedelta(weeks=9),
    )
    contact_record(
        episode=quiet,
        recorded_by=practitioner,
        happened_on=TODAY - timedelta(weeks=5),
        contact_type="home_visit",
        notes="Visit.",
    )
    listed = whats(team_manager)
    assert any(w.startswith("No contact for 4 weeks or more") for w in listed)
    assert "No plan agreed 6 weeks after the work started" in listed
    plan_agree(
        episode=quiet,
        agreed_by=practitioner,
        agreed_on=TODAY,
        attended="The parent and key worker",
        notes="Agreed.",
    )
    assert "No plan agreed 6 weeks after the work started" not in whats(team_manager)


def test_the_list_is_in_order_of_urgency_and_shows_the_key_worker(
    signed_in, service, team, practitioner, team_manager
):
    quiet = EpisodeFactory(
        organisation=service,
        team=team,
        key_worker=practitioner,
        opened_on=TODAY - timedelta(weeks=10),
        allocated_on=TODAY - timedelta(weeks=9),
    )
    at_risk = worked_on(service, team, practitioner)
    measure_record(
        episode=at_risk,
        recorded_by=practitioner,
        instrument_code="phq9",
        completed_on=TODAY,
        answers=phq9([0, 0, 0, 0, 0, 0, 0, 0, 3]),
    )
    items = needs_attention_for(team_manager)
    urgencies = [i.urgency for i in items]
    assert urgencies == sorted(urgencies)
    assert items[0].parent_id == at_risk.parent_id
    assert items[-1].parent_id == quiet.parent_id  # no plan comes after risk
    page = signed_in(team_manager).get("/").content.decode()
    assert "Key worker" in page and escape(practitioner.display_name) in page
    assert page.index("thoughts of self-harm") < page.index("No plan agreed")
