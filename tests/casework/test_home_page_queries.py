"""The home pages read a whole caseload in a fixed number of queries, however long the list
and whatever each row carries: children, a pregnancy, proceedings, a plan overdue for review,
measures (one with an answer about self-harm), a taper plan, a co-worker, a long blocker, a
decision awaiting approval, an unread message from the parent and an overdue team task. Every
row also puts items on the manager's 'needs attention' list."""

import json
from datetime import timedelta
from html import escape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside.accounts.models import Role
from alongside.casework.attention import needs_attention_for
from alongside.casework.models import Approval, CoWorker, TaperPlan
from alongside.casework.pathway import blocker_record, episode_set_pathway, proceedings_record
from alongside.measures.services import measure_record
from alongside.people.models import Pregnancy
from alongside.plans.models import Plan
from alongside.portal.models import PortalAccount, PortalMessage
from alongside.programmes.services import programme_adopt
from alongside.workbook.models import Meeting, Task

from ..factories import ChildFactory, ContactFactory, EpisodeFactory, UserFactory

TODAY = timezone.localdate()


@pytest.fixture
def pause(service, service_manager):
    return programme_adopt(
        organisation=service, template_key="pause-style", adopted_by=service_manager
    )


def full_episode(service, team, worker, co_worker, other, *, allocated=True):
    """An open episode with something in every relation the home pages read. `other` adds the
    co-worker and owns the team task (so it is not on the signed-in user's own task list)."""
    episode = EpisodeFactory(
        organisation=service,
        team=team,
        key_worker=worker if allocated else None,
        opened_on=TODAY - timedelta(days=300),
        allocated_on=TODAY - timedelta(days=290) if allocated else None,
    )
    parent = episode.parent
    ChildFactory(parent=parent, date_of_birth=TODAY - timedelta(days=400))
    Pregnancy.objects.create(
        parent=parent, confirmed_on=TODAY - timedelta(weeks=10), due_date=TODAY + timedelta(days=70)
    )
    proceedings_record(
        episode=episode,
        issued_on=TODAY - timedelta(weeks=22),
        final_hearing_on=TODAY + timedelta(weeks=3),
        recorded_by=worker,
    )
    ContactFactory(episode=episode, happened_on=TODAY - timedelta(days=40), recorded_by=worker)
    if not allocated:
        return episode
    episode_set_pathway(
        episode=episode, pathway="programme", decided_by=worker, on=TODAY - timedelta(weeks=10)
    )
    Plan.objects.create(
        episode=episode,
        agreed_on=TODAY - timedelta(days=200),
        attended="The parent",
        next_review_on=TODAY - timedelta(days=5),
        created_by=worker,
    )
    episode.refresh_from_db()
    measure_record(
        episode=episode,
        recorded_by=worker,
        instrument_code="phq9",
        completed_on=TODAY - timedelta(days=1),
        answers={"parent": {f"q{n}": 2 if n == 9 else 0 for n in range(1, 10)}},
    )
    TaperPlan.objects.create(episode=episode, created_by=worker)
    CoWorker.objects.create(
        episode=episode, worker=co_worker, started_on=TODAY - timedelta(days=30), added_by=other
    )
    blocker_record(
        episode=episode,
        kind="housing",
        description="Waiting for a tenancy",
        started_on=TODAY - timedelta(days=70),
        recorded_by=worker,
    )
    Approval.objects.create(
        episode=episode,
        kind="close",
        summary="Close the work: moved away",
        asked=json.dumps({"note": "Moved"}),
        requested_by=worker,
        requested_on=TODAY - timedelta(days=2),
    )
    parent_user = UserFactory(organisation=service, team=None, role=Role.PARENT)
    PortalAccount.objects.create(user=parent_user, parent=parent)
    message = PortalMessage.objects.create(
        parent=parent, from_parent=True, author=parent_user, text="Hello"
    )
    PortalMessage.objects.filter(pk=message.pk).update(sent_at=timezone.now() - timedelta(days=3))
    meeting = Meeting.objects.create(
        parent=parent,
        kind="core_group",
        held_on=TODAY - timedelta(days=20),
        attended="Everyone",
        organisation=service,
        recorded_by=worker,
    )
    Task.objects.create(
        meeting=meeting,
        parent=parent,
        title="Book the core group",
        owner=other,
        due_on=TODAY - timedelta(days=2),
        organisation=service,
        added_by=worker,
    )
    return episode


def queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    return len(captured)


@pytest.mark.usefixtures("pause")
def test_the_team_home_reads_a_full_caseload_in_a_fixed_number_of_queries(
    service, team, practitioner, team_manager, signed_in
):
    co_worker = UserFactory(organisation=service, team=team, role=Role.PRACTITIONER)
    other = UserFactory(organisation=service, team=team, role=Role.TEAM_MANAGER)

    def add(allocated: int, waiting: int) -> None:
        for _ in range(allocated):
            full_episode(service, team, practitioner, co_worker, other)
        for _ in range(waiting):
            full_episode(service, team, practitioner, co_worker, other, allocated=False)

    client = signed_in(team_manager)
    add(2, 1)
    queries(client)  # warm up
    small = queries(client)
    items = len(needs_attention_for(team_manager))
    add(5, 3)
    assert len(needs_attention_for(team_manager)) > items
    page = client.get("/").content.decode()
    for shown in (
        "thoughts of self-harm",
        "Held up for 10 weeks: housing",
        "Awaiting your approval: close the work: moved away",
        "A message from the parent has not been read for 2 days or more",
        "A team task is overdue",
        "The plan&#x27;s review is overdue",
        "Proceedings: week 23 of 26, final hearing in 21 days",
        "Engagement: 42 days left of 16 weeks",
        "No contact for 4 weeks or more",
        escape(f"Co-working: {co_worker.display_name}"),
        "Pregnant, 30 weeks",
    ):
        assert shown in page, shown
    assert queries(client) == small


@pytest.mark.usefixtures("pause")
def test_the_caseload_reads_a_full_caseload_in_a_fixed_number_of_queries(
    service, team, practitioner, team_manager, signed_in
):
    co_worker = UserFactory(organisation=service, team=team, role=Role.PRACTITIONER)
    client = signed_in(practitioner)
    full_episode(service, team, practitioner, co_worker, team_manager)
    queries(client)  # warm up
    small = queries(client)
    for _ in range(4):
        full_episode(service, team, practitioner, co_worker, team_manager)
    # And one where the practitioner is the co-worker.
    full_episode(service, team, co_worker, practitioner, team_manager)
    page = client.get("/").content.decode()
    assert "30 weeks pregnant, due in 70 days" in page
    assert "Review overdue by 5 days" in page
    assert escape(f"Co-working: you, with {co_worker.display_name}") in page
    assert queries(client) == small
