"""Meetings about the family: who attended, discussion, decisions, and actions that become
tasks on their owners' home pages. Group supervision stays with the service."""

import html
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from alongside.accounts.models import Role
from alongside.sharing.services import consent_record
from alongside.workbook.models import Meeting, Task
from alongside.workbook.services import meeting_record

from ..factories import OrganisationFactory, UserFactory

TODAY = timezone.localdate()


def date_parts(prefix, day) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


@pytest.fixture
def partner(episode, practitioner):
    org = OrganisationFactory(name="Northbrook Children's Social Care (test)", kind="partner")
    consent_record(
        parent=episode.parent,
        recorded_by=practitioner,
        organisation=org,
        categories=["engagement"],
        purpose="Working together as the team around the family",
        starts_on=TODAY,
        how_given="signed",
    )
    return UserFactory(organisation=org, team=None, role=Role.PARTNER)


def test_a_core_group_action_becomes_a_task_on_its_owners_home_page(
    signed_in, episode, practitioner, partner
):
    client = signed_in(practitioner)
    response = client.post(
        f"/parents/{episode.parent_id}/team/meetings/new/",
        {
            "kind": "core_group",
            **date_parts("held_on", TODAY - timedelta(days=14)),
            "attended": "Parent, key worker, child's social worker",
            "discussion": "Progress with the tenancy.",
            "decisions": "Family time moves to fortnightly.",
            "action_1_title": "Arrange the family time venue",
            "action_1_owner": partner.pk,
            **date_parts("action_1_due_on", TODAY - timedelta(days=1)),
        },
    )
    assert response.status_code == 302, response.content.decode()
    meeting = Meeting.objects.get(parent=episode.parent)
    task = Task.objects.get(meeting=meeting)
    assert task.owner == partner and task.organisation == practitioner.organisation
    home = signed_in(partner).get("/").content.decode()
    assert "Arrange the family time venue" in home
    assert html.escape(episode.parent.full_name) in home
    team = signed_in(partner).get(f"/parents/{episode.parent_id}/team/").content.decode()
    assert "Family time moves to fortnightly." in team
    # And on the worker's one timeline.
    overview = client.get(f"/parents/{episode.parent_id}/").content.decode()
    assert "Family time moves to fortnightly." in overview


def test_group_supervision_is_seen_by_the_service_only(signed_in, episode, practitioner, partner):
    meeting_record(
        parent=episode.parent,
        kind="group_supervision",
        held_on=TODAY,
        attended="Team",
        discussion="Hypotheses about what keeps the family stuck.",
        recorded_by=practitioner,
    )
    url = f"/parents/{episode.parent_id}/team/"
    assert "keeps the family stuck" in signed_in(practitioner).get(url).content.decode()
    assert "keeps the family stuck" not in signed_in(partner).get(url).content.decode()
    # A partner does not record meetings.
    assert signed_in(partner).get(f"{url}meetings/new/").status_code in (403, 404)


def test_an_action_without_an_owner_is_refused_and_nothing_is_saved(
    signed_in, episode, practitioner
):
    response = signed_in(practitioner).post(
        f"/parents/{episode.parent_id}/team/meetings/new/",
        {
            "kind": "strategy",
            **date_parts("held_on", TODAY),
            "attended": "Key worker",
            "action_1_title": "Call the school",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose who will do action 1" in page
    assert "Enter when action 1 is due" in page
    assert not Meeting.objects.exists() and not Task.objects.exists()
    stranger = UserFactory(organisation=OrganisationFactory(kind="partner"), role=Role.PARTNER)
    with pytest.raises(ValidationError):
        meeting_record(
            parent=episode.parent,
            kind="strategy",
            held_on=TODAY,
            attended="Key worker",
            actions=[{"title": "x", "owner": stranger, "due_on": TODAY}],
            recorded_by=practitioner,
        )
    assert not Meeting.objects.exists()
