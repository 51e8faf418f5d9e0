"""A programme sets its own waiting-list priorities (never conditions) and its measures on a
schedule; the decision page shows the facts and priorities at the referral date."""

from datetime import timedelta

from django.utils import timezone

from alongside.casework.clocks import clocks_for
from alongside.casework.waiting import waiting_list_for
from alongside.measures.services import measure_record
from alongside.programmes.loader import load_programme
from alongside.programmes.models import Programme
from alongside.programmes.services import programme_adopt, programme_revise

from ..factories import ChildFactory, EpisodeFactory, ParentFactory, ReferralFactory

TODAY = timezone.localdate()

# seed 003 (Looking Forward): "We prioritise care leavers from any authority, those with
# learning disabilities and those with substance misuse difficulties."
LOOKING_FORWARD = """\
format: alongside-programme/1
key: looking-forward
name: Looking Forward
version: 1
description: Post-proceedings support.
waiting_list:
  care_experienced: {points: 20, max_age: none}
  learning_disability: {points: 20}
  substance_misuse: {points: 20}
  pregnant: {points: 5, per_week: 0}
  ages: [{under: 18, points: 1}]
  weeks_waited: {points: 1}
measures:
  - {instrument: gad7, at: start, by: "the parent, with their key worker"}
pathways:
  - key: only
    name: Only
    description: The work.
    phases:
      - {key: work, name: Work, what_happens: Support.}
"""


def use(service, source):
    programme = programme_adopt(organisation=service, template_key="pause-style", adopted_by=None)
    programme_revise(programme=programme, source=source, revised_by=None, note="Our own")
    return Programme.objects.get(pk=programme.pk).current_version().spec


def waiting(service, team, **parent_fields):
    parent = ParentFactory(organisation=service, **parent_fields)
    return EpisodeFactory(
        organisation=service,
        team=team,
        parent=parent,
        key_worker=None,
        status="waiting",
        opened_on=TODAY - timedelta(days=7),
    )


def test_looking_forwards_priorities_order_the_list(service, team, team_manager):
    spec = use(service, LOOKING_FORWARD)
    assert spec.priorities.care_experienced_max_age is None
    plain = waiting(service, team, care_experienced="no")
    learning = waiting(service, team, care_experienced="no", learning_disability="yes")
    older_care_leaver = waiting(
        service, team, care_experienced="yes", date_of_birth=TODAY - timedelta(days=40 * 366)
    )
    rows = waiting_list_for(team_manager, TODAY)
    order = [r.episode.pk for r in rows]
    assert order.index(plain.pk) > order.index(learning.pk)
    assert order.index(plain.pk) > order.index(older_care_leaver.pk)
    reasons = dict(next(r for r in rows if r.episode.pk == learning.pk).parts)
    assert reasons["Has a learning disability"] == 20
    assert "Care-experienced" in dict(
        next(r for r in rows if r.episode.pk == older_care_leaver.pk).parts
    )


def test_the_default_order_still_applies_without_a_programme(service, team, team_manager):
    young = waiting(
        service, team, care_experienced="yes", date_of_birth=TODAY - timedelta(days=19 * 366)
    )
    rows = waiting_list_for(team_manager, TODAY)
    assert dict(rows[0].parts)["Care-experienced, 25 or under"] == 10
    assert rows[0].episode == young


def test_a_scheduled_measure_is_due_then_met_when_recorded(service, team, practitioner):
    use(service, LOOKING_FORWARD)
    episode = EpisodeFactory(
        organisation=service,
        team=team,
        key_worker=practitioner,
        opened_on=TODAY - timedelta(days=60),
        allocated_on=TODAY - timedelta(days=40),
    )
    version = Programme.objects.get(organisation=service, in_use=True).current_version()
    episode.programme_version = version
    episode.save()
    texts = [c.text for c in clocks_for(episode, TODAY)]
    assert any(t == "GAD-7 overdue by 12 days (the parent, with their key worker)" for t in texts)
    measure_record(
        episode=episode,
        recorded_by=practitioner,
        instrument_code="gad7",
        completed_on=TODAY - timedelta(days=2),
        answers={"parent": {f"q{n}": 1 for n in range(1, 8)}},
    )
    episode.refresh_from_db()
    assert not [c for c in clocks_for(episode, TODAY) if c.kind == "measure"]


def test_a_measure_after_the_birth_is_due_six_weeks_on(service, team, practitioner):
    source = LOOKING_FORWARD.replace(
        '  - {instrument: gad7, at: start, by: "the parent, with their key worker"}',
        "  - {instrument: phq9, at: after_birth, weeks_after_birth: 6, by: the midwife}",
    )
    spec = load_programme(source)
    assert spec.measures[0].weeks_after_birth == 6
    use(service, source)
    episode = EpisodeFactory(
        organisation=service,
        team=team,
        key_worker=practitioner,
        opened_on=TODAY - timedelta(days=200),
        allocated_on=TODAY - timedelta(days=190),
    )
    episode.programme_version = Programme.objects.get(
        organisation=service, in_use=True
    ).current_version()
    episode.save()
    ChildFactory(
        parent=episode.parent, legal_status="at_home", date_of_birth=TODAY - timedelta(weeks=5)
    )
    texts = [c.text for c in clocks_for(episode, TODAY) if c.kind == "measure"]
    assert texts == ["PHQ-9 due in 7 days (the midwife)"]  # its name, never its code


def test_the_decision_page_shows_the_facts_and_priorities_at_the_referral_date(
    signed_in, service, team_manager
):
    programme_adopt(organisation=service, template_key="breaking-the-cycle", adopted_by=None)
    parent = ParentFactory(
        organisation=service,
        care_experienced="yes",
        date_of_birth=TODAY - timedelta(days=19 * 366),
    )
    referral = ReferralFactory(
        organisation=service, parent=parent, received_on=TODAY - timedelta(days=14)
    )
    page = signed_in(team_manager).get(f"/referrals/{referral.pk}/decide/").content.decode()
    assert "Judged on the facts on the date the referral was received" in page
    assert "Priority on the waiting list" in page
    assert "They are not conditions of the service" in page
    assert "Care-experienced" in page
