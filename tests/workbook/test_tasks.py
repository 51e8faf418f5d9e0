"""Tasks: any member of the team adds one with an owner and due date; overdue tasks show on
the owner's home page and on the manager's 'needs attention' list."""

import html
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from alongside.accounts.models import Role
from alongside.casework.attention import needs_attention_for
from alongside.sharing.services import consent_record, consent_withdraw
from alongside.workbook.models import Task
from alongside.workbook.services import task_add, task_complete

from ..factories import OrganisationFactory, UserFactory

TODAY = timezone.localdate()


def date_parts(prefix, day) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


@pytest.fixture
def partner(db):
    org = OrganisationFactory(name="Northbrook Recovery Service (test)", kind="partner")
    return UserFactory(organisation=org, team=None, role=Role.PARTNER)


@pytest.fixture
def consent(episode, practitioner, partner):
    return consent_record(
        parent=episode.parent,
        recorded_by=practitioner,
        organisation=partner.organisation,
        categories=["engagement"],
        purpose="Working together as the team around the family",
        starts_on=TODAY,
        how_given="signed",
    )


def test_a_partner_adds_a_task_for_the_key_worker_and_it_shows_on_their_home_page(
    signed_in, episode, practitioner, partner, consent
):
    response = signed_in(partner).post(
        f"/parents/{episode.parent_id}/team/tasks/new/",
        {
            "title": "Book the core group",
            "owner": practitioner.pk,
            **date_parts("due_on", TODAY - timedelta(days=1)),
        },
    )
    assert response.status_code == 302
    task = Task.objects.get(parent=episode.parent)
    assert task.organisation == partner.organisation and task.owner == practitioner
    home = signed_in(practitioner).get("/").content.decode()
    assert "My overdue tasks" in home and "Book the core group" in home
    assert html.escape(episode.parent.full_name) in home


def test_a_task_not_yet_due_or_done_is_not_on_the_home_page(signed_in, episode, practitioner):
    task_add(
        parent=episode.parent,
        title="Next week",
        owner=practitioner,
        due_on=TODAY + timedelta(days=7),
        added_by=practitioner,
    )
    done = task_add(
        parent=episode.parent,
        title="Already done",
        owner=practitioner,
        due_on=TODAY - timedelta(days=7),
        added_by=practitioner,
    )
    client = signed_in(practitioner)
    assert client.post(f"/team-tasks/{done.pk}/done/").status_code == 302
    home = client.get("/").content.decode()
    assert "Next week" not in home and "Already done" not in home
    with pytest.raises(ValidationError):
        task_complete(task=done, completed_by=practitioner)


def test_an_overdue_task_is_on_the_managers_needs_attention_list(
    episode, practitioner, team_manager
):
    task_add(
        parent=episode.parent,
        title="Send the report",
        owner=practitioner,
        due_on=TODAY - timedelta(days=3),
        added_by=practitioner,
    )
    items = [i for i in needs_attention_for(team_manager) if "team task" in i.what]
    assert len(items) == 1
    assert items[0].parent_id == episode.parent_id
    assert practitioner.display_name in items[0].what


def test_a_task_owner_must_be_on_the_team(episode, practitioner):
    stranger = UserFactory(organisation=OrganisationFactory(kind="partner"), role=Role.PARTNER)
    with pytest.raises(ValidationError):
        task_add(
            parent=episode.parent,
            title="Anything",
            owner=stranger,
            due_on=TODAY,
            added_by=practitioner,
        )
    with pytest.raises(ValidationError):
        task_add(
            parent=episode.parent,
            title=" ",
            owner=practitioner,
            due_on=TODAY,
            added_by=practitioner,
        )
    assert not Task.objects.exists()


def test_a_partner_whose_consent_ended_no_longer_sees_the_family_on_their_home_page(
    signed_in, episode, practitioner, partner, consent
):
    task_add(
        parent=episode.parent,
        title="Drop in at the refuge",
        owner=partner,
        due_on=TODAY - timedelta(days=1),
        added_by=practitioner,
    )
    client = signed_in(partner)
    assert "Drop in at the refuge" in client.get("/").content.decode()
    consent_withdraw(consent=consent, withdrawn_by=practitioner)
    home = client.get("/").content.decode()
    assert "Drop in at the refuge" not in home
    assert html.escape(episode.parent.full_name) not in home
    assert Task.objects.filter(parent=episode.parent).count() == 1
