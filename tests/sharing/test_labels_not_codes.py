"""What a consent covers and what a disclosure includes, said in words a person reads."""

from django.utils import timezone

from alongside.accounts.models import Organisation, Role
from alongside.sharing.services import consent_record, disclosure_request

from ..factories import ContactFactory, OrganisationFactory, UserFactory

TODAY = timezone.localdate()


def test_the_sharing_page_says_what_a_consent_covers_in_words(signed_in, practitioner, episode):
    partner = OrganisationFactory(kind=Organisation.Kind.PARTNER)
    consent_record(
        parent=episode.parent,
        recorded_by=practitioner,
        organisation=partner,
        categories=["contacts", "children"],
        purpose="Planning family time",
        starts_on=TODAY,
        how_given="signed",
    )
    page = signed_in(practitioner).get(f"/parents/{episode.parent_id}/sharing/").content.decode()
    assert (
        "Contacts and their notes, where marked shareable, "
        "Children&#x27;s details and where they live" in page
    )
    assert "contacts, children" not in page


def test_the_manager_deciding_a_disclosure_sees_which_contacts_it_includes(
    signed_in, practitioner, service, team, episode
):
    visit = ContactFactory(episode=episode, contact_type="home_visit", happened_on=TODAY)
    call = ContactFactory(episode=episode, contact_type="phone", happened_on=TODAY)
    disclosure = disclosure_request(
        parent=episode.parent,
        requested_by=practitioner,
        kind="safeguarding",
        recipient="Duty social worker",
        legal_basis="ca1989_s47",
        reasons="Concern for the baby's safety",
        what_disclosed="The two contacts this week",
        contacts=[visit, call],
    )
    other_manager = UserFactory(organisation=service, team=team, role=Role.TEAM_MANAGER)
    page = signed_in(other_manager).get(f"/disclosures/{disclosure.pk}/decide/").content.decode()
    when = f"{TODAY:%-d %B %Y}"
    assert f"Home visit on {when}" in page and f"Phone or video call on {when}" in page
