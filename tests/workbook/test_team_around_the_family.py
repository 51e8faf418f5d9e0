"""The team around the family: partners with consent add to the shared record, marked with
their organisation; what they add stays with the team; consent decides on every request."""

import html
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from alongside.accounts.models import Organisation, Role
from alongside.audit.models import AuditEntry
from alongside.policy import Action, can
from alongside.sharing.services import consent_record, consent_withdraw
from alongside.workbook.models import TeamEntry, TeamMember
from alongside.workbook.services import team_entry_add, team_member_add

from ..factories import ContactFactory, OrganisationFactory, UserFactory

TODAY = timezone.localdate()


def date_parts(prefix, day) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


@pytest.fixture
def partner_org(db):
    return OrganisationFactory(name="Northbrook Domestic Abuse Service (test)", kind="partner")


@pytest.fixture
def partner(partner_org):
    return UserFactory(organisation=partner_org, team=None, role=Role.PARTNER)


@pytest.fixture
def consent(episode, practitioner, partner_org):
    return consent_record(
        parent=episode.parent,
        recorded_by=practitioner,
        organisation=partner_org,
        categories=["engagement"],
        purpose="Working together as the team around the family",
        starts_on=TODAY,
        how_given="signed",
    )


def entry_form(text="Met at the refuge; she is keeping her appointments.", day=TODAY) -> dict:
    return {"kind": "observation", **date_parts("happened_on", day), "text": text}


def test_a_partner_with_consent_adds_to_the_shared_record_marked_with_their_organisation(
    signed_in, episode, practitioner, partner, partner_org, consent
):
    parent = episode.parent
    client = signed_in(partner)
    response = client.post(f"/parents/{parent.pk}/team/add/", entry_form())
    assert response.status_code == 302
    entry = TeamEntry.objects.get(parent=parent)
    assert entry.organisation == partner_org and entry.author == partner
    assert AuditEntry.objects.filter(
        actor_id=partner.pk, action="create", object_type="workbook.teamentry"
    ).exists()
    # The service sees it, marked with the partner's organisation; so does the partner.
    for who in (practitioner, partner):
        page = signed_in(who).get(f"/parents/{parent.pk}/team/").content.decode()
        assert "keeping her appointments" in page
        assert html.escape(partner_org.name) in page


def test_the_service_only_record_stays_closed_to_a_partner(signed_in, episode, partner, consent):
    ContactFactory(episode=episode, notes="Talked about the last hearing in confidence.")
    client = signed_in(partner)
    page = client.get(f"/parents/{episode.parent_id}/team/").content.decode()
    assert "in confidence" not in page
    assert client.get(f"/parents/{episode.parent_id}/").status_code in (403, 404)
    # A partner does not choose who is on the team.
    assert client.get(f"/parents/{episode.parent_id}/team/members/new/").status_code in (403, 404)


def test_what_the_team_adds_goes_no_further_than_the_team(signed_in, episode, partner, consent):
    team_entry_add(
        parent=episode.parent,
        author=partner,
        kind="contact",
        happened_on=TODAY,
        text="Home visit with the health visitor.",
    )
    # Another partner organisation, with no consent: nothing.
    stranger = UserFactory(
        organisation=OrganisationFactory(kind=Organisation.Kind.PARTNER),
        team=None,
        role=Role.PARTNER,
    )
    client = signed_in(stranger)
    response = client.get(f"/parents/{episode.parent_id}/team/")
    assert response.status_code == 404
    assert "health visitor" not in response.content.decode()
    # Nor does it reach the partner view, which shows only what a consent shares.
    page = signed_in(partner).get(f"/shared/{episode.parent_id}/").content.decode()
    assert "health visitor" not in page


def test_a_partner_without_consent_cannot_add(signed_in, episode, partner):
    client = signed_in(partner)
    assert client.get(f"/parents/{episode.parent_id}/team/").status_code == 404
    assert client.post(f"/parents/{episode.parent_id}/team/add/", entry_form()).status_code == 404
    assert not TeamEntry.objects.exists()
    assert AuditEntry.objects.filter(actor_id=partner.pk, outcome="refused").exists()


def test_a_partner_who_loses_consent_loses_write_access_at_once_and_what_they_wrote_stays(
    signed_in, episode, practitioner, partner, consent
):
    client = signed_in(partner)
    assert client.post(f"/parents/{episode.parent_id}/team/add/", entry_form()).status_code == 302
    consent_withdraw(consent=consent, withdrawn_by=practitioner)
    refused = client.post(f"/parents/{episode.parent_id}/team/add/", entry_form("Second visit."))
    assert refused.status_code == 404
    assert not can(partner, Action.ADD_TO_WORKBOOK, episode.parent)
    assert TeamEntry.objects.filter(parent=episode.parent).count() == 1
    page = signed_in(practitioner).get(f"/parents/{episode.parent_id}/team/").content.decode()
    assert "keeping her appointments" in page


def test_bad_entries_are_refused_and_nothing_is_saved(signed_in, episode, partner, consent):
    client = signed_in(partner)
    tomorrow = TODAY + timedelta(days=1)
    response = client.post(
        f"/parents/{episode.parent_id}/team/add/", entry_form(text="", day=tomorrow)
    )
    assert response.status_code == 200
    assert "Enter what happened" in response.content.decode()
    with pytest.raises(ValidationError):
        team_entry_add(
            parent=episode.parent, author=partner, kind="gossip", happened_on=TODAY, text="x"
        )
    assert not TeamEntry.objects.exists()


def test_the_service_puts_professionals_on_the_team_with_role_and_dates(
    signed_in, episode, practitioner, partner, partner_org, consent
):
    client = signed_in(practitioner)
    form = client.get(f"/parents/{episode.parent_id}/team/members/new/").content.decode()
    assert html.escape(partner.display_name) in form
    response = client.post(
        f"/parents/{episode.parent_id}/team/members/new/",
        {
            "user": partner.pk,
            "role": "Independent domestic violence adviser",
            "discipline": "domestic_abuse",
            **date_parts("started_on", TODAY - timedelta(days=10)),
        },
    )
    assert response.status_code == 302
    member = TeamMember.objects.get(parent=episode.parent)
    assert member.organisation == partner_org and member.ended_on is None
    page = client.get(f"/parents/{episode.parent_id}/team/").content.decode()
    assert "Independent domestic violence adviser" in page
    assert "Domestic abuse" in page
    with pytest.raises(ValidationError):
        team_member_add(
            parent=episode.parent,
            user=partner,
            role="Adviser",
            discipline="domestic_abuse",
            started_on=TODAY,
            ended_on=TODAY - timedelta(days=1),
            added_by=practitioner,
        )


def test_the_team_page_filters_by_type_and_organisation(
    signed_in, episode, practitioner, partner, partner_org, consent
):
    team_entry_add(
        parent=episode.parent, author=partner, kind="contact", happened_on=TODAY, text="Alpha"
    )
    team_entry_add(
        parent=episode.parent,
        author=practitioner,
        kind="observation",
        happened_on=TODAY,
        text="Bravo",
    )
    client = signed_in(practitioner)
    url = f"/parents/{episode.parent_id}/team/"
    only_contacts = client.get(url, {"kind": "contact"}).content.decode()
    assert "Alpha" in only_contacts and "Bravo" not in only_contacts
    only_service = client.get(url, {"organisation": practitioner.organisation_id}).content.decode()
    assert "Bravo" in only_service and "Alpha" not in only_service


def test_the_parent_overview_and_the_partner_view_link_to_the_team(
    signed_in, episode, practitioner, partner, consent
):
    link = f"/parents/{episode.parent_id}/team/"
    assert link in signed_in(practitioner).get(f"/parents/{episode.parent_id}/").content.decode()
    assert link in signed_in(partner).get(f"/shared/{episode.parent_id}/").content.decode()


def test_the_service_ends_someones_time_on_the_team_and_the_record_keeps_it(
    signed_in, episode, practitioner, partner, consent
):
    member = team_member_add(
        parent=episode.parent,
        user=partner,
        role="Adviser",
        discipline="domestic_abuse",
        started_on=TODAY - timedelta(days=30),
        added_by=practitioner,
    )
    client = signed_in(practitioner)
    early = client.post(
        f"/team-members/{member.pk}/end/", date_parts("ended_on", TODAY - timedelta(days=31))
    )
    assert early.status_code == 200
    assert "after the date they started" in early.content.decode()
    assert (
        client.post(f"/team-members/{member.pk}/end/", date_parts("ended_on", TODAY)).status_code
        == 302
    )
    member.refresh_from_db()
    assert member.ended_on == TODAY
    # Ended already: the page is not found; a partner never reaches it.
    assert client.get(f"/team-members/{member.pk}/end/").status_code == 404
    assert signed_in(partner).get(f"/team-members/{member.pk}/end/").status_code in (403, 404)
