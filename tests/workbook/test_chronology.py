"""One chronology, each viewer seeing only what they may; a date range ending before it starts
is refused."""

from datetime import timedelta

import pytest
from django.utils import timezone

from alongside.accounts.models import Role
from alongside.sharing.services import consent_record
from alongside.workbook.services import meeting_record, team_entry_add

from ..factories import ContactFactory, OrganisationFactory, UserFactory

TODAY = timezone.localdate()


def date_parts(prefix, day) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


@pytest.fixture
def family(episode, practitioner):
    org = OrganisationFactory(name="Northbrook Mental Health Team (test)", kind="partner")
    consent_record(
        parent=episode.parent,
        recorded_by=practitioner,
        organisation=org,
        categories=["engagement"],
        purpose="Working together as the team around the family",
        starts_on=TODAY,
        how_given="signed",
    )
    partner = UserFactory(organisation=org, team=None, role=Role.PARTNER)
    ContactFactory(
        episode=episode,
        notes="Service only: talked about the hearing.",
        happened_on=TODAY - timedelta(days=30),
    )
    team_entry_add(
        parent=episode.parent,
        author=partner,
        kind="contact",
        happened_on=TODAY - timedelta(days=2),
        text="Team: clinic appointment kept.",
    )
    meeting_record(
        parent=episode.parent,
        kind="group_supervision",
        held_on=TODAY - timedelta(days=1),
        attended="Team",
        decisions="Supervision: try a new approach.",
        recorded_by=practitioner,
    )
    meeting_record(
        parent=episode.parent,
        kind="core_group",
        held_on=TODAY - timedelta(days=10),
        attended="Everyone",
        decisions="Core group: review in six weeks.",
        recorded_by=practitioner,
    )
    return partner


def test_the_service_sees_its_whole_timeline_and_a_partner_only_what_the_team_shares(
    signed_in, episode, practitioner, family
):
    url = f"/parents/{episode.parent_id}/team/chronology/"
    worker_page = signed_in(practitioner).get(url).content.decode()
    for text in (
        "Service only: talked about the hearing.",
        "Team: clinic appointment kept.",
        "Supervision: try a new approach.",
        "Core group: review in six weeks.",
    ):
        assert text in worker_page
    partner_page = signed_in(family).get(url).content.decode()
    assert "Team: clinic appointment kept." in partner_page
    assert "Core group: review in six weeks." in partner_page
    assert "Service only" not in partner_page
    assert "Supervision" not in partner_page


def test_the_chronology_filters_by_date_and_refuses_a_range_ending_before_it_starts(
    signed_in, episode, practitioner, family
):
    client = signed_in(practitioner)
    url = f"/parents/{episode.parent_id}/team/chronology/"
    week = client.get(
        url,
        {**date_parts("start", TODAY - timedelta(days=7)), **date_parts("end", TODAY)},
    ).content.decode()
    assert "Team: clinic appointment kept." in week
    assert "Core group: review in six weeks." not in week
    backwards = client.get(
        url,
        {**date_parts("start", TODAY), **date_parts("end", TODAY - timedelta(days=7))},
    )
    assert backwards.status_code == 200
    page = backwards.content.decode()
    assert "The end date must be the same as or after the start date" in page
    assert "clinic appointment" not in page


def test_the_service_marks_items_significant_for_the_court_chronology(
    signed_in, episode, practitioner, family
):
    from alongside.workbook.models import Meeting, TeamEntry

    entry = TeamEntry.objects.get(parent=episode.parent)
    supervision = Meeting.objects.get(kind="group_supervision")
    client = signed_in(practitioner)
    assert client.post(f"/team-entries/{entry.pk}/significant/").status_code == 302
    assert client.post(f"/team-meetings/{supervision.pk}/significant/").status_code == 302
    entry.refresh_from_db()
    assert entry.significant
    url = f"/parents/{episode.parent_id}/team/chronology/"
    court = client.get(url, {"significant": "on"}).content.decode()
    assert "Team: clinic appointment kept." in court
    assert "Supervision: try a new approach." in court
    assert "Core group: review in six weeks." not in court
    assert "Service only: talked about the hearing." not in court
    # A partner sees the significant items the team shares, never the service's own; and
    # cannot mark anything.
    partner = signed_in(family)
    shared = partner.get(url, {"significant": "on"}).content.decode()
    assert "Team: clinic appointment kept." in shared
    assert "Supervision" not in shared
    assert partner.post(f"/team-entries/{entry.pk}/significant/").status_code in (403, 404)
    # Unmarking is a second press.
    client.post(f"/team-entries/{entry.pk}/significant/")
    entry.refresh_from_db()
    assert not entry.significant
