"""The guided task list: what the family's programme says is due (reviews, scheduled measures,
a phase's decision), done or not from the records that exist, beside the tasks the team adds;
one press turns an item into a task someone owns."""

import html
from datetime import timedelta

import pytest
from django.utils import timezone

from alongside.accounts.models import Role
from alongside.audit.models import AuditEntry
from alongside.casework.models import Episode
from alongside.casework.pathway import episode_set_pathway
from alongside.measures.models import MeasureResponse
from alongside.plans.models import Plan
from alongside.plans.services import plan_agree, review_hold
from alongside.programmes.services import programme_adopt
from alongside.sharing.services import consent_record
from alongside.workbook.guided import guided_tasks_for
from alongside.workbook.models import Task

from ..factories import EpisodeFactory, OrganisationFactory, UserFactory

TODAY = timezone.localdate()
REVIEW = "Review the plan with the parent"


def days_ago(n: int):
    return TODAY - timedelta(days=n)


def start_work(service, team, practitioner, manager, template, pathway):
    programme_adopt(organisation=service, template_key=template, adopted_by=manager)
    episode = EpisodeFactory(
        organisation=service, team=team, key_worker=practitioner, opened_on=days_ago(100)
    )
    Episode.objects.filter(pk=episode.pk).update(allocated_on=days_ago(100))
    episode.refresh_from_db()
    episode_set_pathway(episode=episode, pathway=pathway, decided_by=practitioner, on=days_ago(95))
    episode.refresh_from_db()
    return episode


@pytest.fixture
def family(service, team, practitioner, service_manager):
    """Breaking the Cycle (reviews every 8 weeks; the wellbeing wheel at the start and before
    each review), with the plan's review three days overdue."""
    episode = start_work(
        service, team, practitioner, service_manager, "breaking-the-cycle", "adult"
    )
    plan = plan_agree(
        episode=episode, agreed_by=practitioner, agreed_on=days_ago(90), attended="Us"
    )
    Plan.objects.filter(pk=plan.pk).update(next_review_on=days_ago(3))
    return episode


def item(parent, what):
    return next(i for i in guided_tasks_for(parent, TODAY).items if i.what.startswith(what))


def test_the_list_follows_the_programme_and_the_records(family):
    guided = guided_tasks_for(family.parent, TODAY)
    assert guided.programme == "Breaking the Cycle"
    review = item(family.parent, REVIEW)
    assert (review.due_on, review.state, review.done_on) == (days_ago(3), "overdue", None)
    assert "every 8 weeks" in review.why
    wheels = [i for i in guided.items if i.what.startswith("Complete the Wellbeing wheel")]
    # At the start (four weeks after the work began) and before the review.
    assert sorted(w.due_on for w in wheels) == [days_ago(72), days_ago(3)]
    assert all(w.state == "overdue" for w in wheels)
    # A wheel recorded now counts in both windows (the clock's rule: any response since the
    # window opened).
    MeasureResponse.objects.create(
        episode=family,
        parent=family.parent,
        instrument="wellbeing_wheel",
        instrument_name="Wellbeing wheel",
        completed_on=days_ago(1),
        answers_text="{}",
        complete=True,
        total=30,
        recorded_by=family.key_worker,
    )
    states = {
        i.due_on: (i.state, i.done_on)
        for i in guided_tasks_for(family.parent, TODAY).items
        if i.what.startswith("Complete the Wellbeing wheel")
    }
    assert states[days_ago(3)] == ("done", days_ago(1))
    assert states[days_ago(72)] == ("done", days_ago(1))


def test_a_due_review_becomes_an_owned_task_in_one_press(
    signed_in, family, practitioner, team_manager
):
    parent = family.parent
    client = signed_in(practitioner)
    page = html.unescape(client.get(f"/parents/{parent.pk}/team/").content.decode())
    assert "What the programme says is due (Breaking the Cycle)" in page
    assert REVIEW in page and "Make it a task" in page
    assert f"{days_ago(3):%-d %B %Y}" in page and "Overdue" in page

    key = item(parent, REVIEW).key
    response = client.post(
        f"/parents/{parent.pk}/team/guided-tasks/", {"key": key, "owner": team_manager.pk}
    )
    assert response.status_code == 302
    task = Task.objects.get(parent=parent)
    assert (task.title, task.owner, task.due_on, task.guided_key) == (
        REVIEW,
        team_manager,
        days_ago(3),
        key,
    )
    assert AuditEntry.objects.filter(
        object_type="workbook.task", object_id=str(task.pk), action="create"
    ).exists()
    # The item now names its owner, and cannot be taken twice.
    taken = item(parent, REVIEW)
    assert taken.task == task and not taken.can_become_task
    again = client.post(
        f"/parents/{parent.pk}/team/guided-tasks/",
        {"key": key, "owner": practitioner.pk},
        follow=True,
    )
    assert "already has this task" in html.unescape(again.content.decode())
    assert Task.objects.filter(parent=parent).count() == 1
    # An overdue task, on its owner's home page, beside the tasks the team adds by hand.
    home = html.unescape(signed_in(team_manager).get("/").content.decode())
    assert "My overdue tasks" in home and REVIEW in home

    # Once the review is held, the item is done and the next one is due.
    plan = Plan.objects.get(episode=family)
    review_hold(
        plan=plan,
        held_by=practitioner,
        held_on=days_ago(1),
        attended="Us",
        notes="",
        outcomes={},
        next_review_on=None,
        expected_version=plan.version,
    )
    reviews = [i for i in guided_tasks_for(parent, TODAY).items if i.what == REVIEW]
    held = next(i for i in reviews if i.key == key)
    assert (held.state, held.done_on, held.task) == ("done", days_ago(1), task)
    upcoming = next(i for i in reviews if i.key != key)
    assert upcoming.state == "due" and upcoming.due_on > TODAY


def test_a_phase_that_ends_with_a_decision_is_on_the_list(
    service, team, practitioner, service_manager
):
    episode = start_work(service, team, practitioner, service_manager, "pause-style", "programme")
    decision = item(episode.parent, "Decide together at the end of engagement")
    # Up to 16 weeks from the day the engagement phase started.
    assert decision.due_on == days_ago(95) + timedelta(weeks=16)
    assert "join the programme" in decision.what


def test_what_is_not_on_the_list_cannot_be_made_a_task(signed_in, family, practitioner):
    parent = family.parent
    response = signed_in(practitioner).post(
        f"/parents/{parent.pk}/team/guided-tasks/",
        {"key": "review:0:2020-01-01", "owner": practitioner.pk},
        follow=True,
    )
    assert "no longer on the list of what is due" in html.unescape(response.content.decode())
    assert not Task.objects.exists()


def test_a_partner_sees_the_tasks_but_not_the_service_s_programme_list(
    signed_in, family, practitioner
):
    org = OrganisationFactory(name="Northbrook Recovery Service (test)", kind="partner")
    partner = UserFactory(organisation=org, team=None, role=Role.PARTNER)
    consent_record(
        parent=family.parent,
        recorded_by=practitioner,
        organisation=org,
        categories=["engagement"],
        purpose="Working together as the team around the family",
        starts_on=TODAY,
        how_given="signed",
    )
    client = signed_in(partner)
    page = client.get(f"/parents/{family.parent_id}/team/").content.decode()
    assert "Tasks" in page and "What the programme says is due" not in page
    key = item(family.parent, REVIEW).key
    response = client.post(
        f"/parents/{family.parent_id}/team/guided-tasks/", {"key": key, "owner": partner.pk}
    )
    assert response.status_code == 404
    assert not Task.objects.exists()
