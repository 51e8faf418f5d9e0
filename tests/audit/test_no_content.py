"""The audit log keeps who did what to which record, never what was written: a parent's words,
a worker's reasons and the names of the people involved stay on the records themselves, where
the retention policy can erase them."""

from datetime import date

from alongside.accounts.models import Organisation, Role
from alongside.audit.models import AuditEntry
from alongside.casework.services import contact_record, episode_allocate
from alongside.people.services import parent_update
from alongside.sharing.services import (
    break_glass_start,
    consent_record,
    disclosure_decide,
    disclosure_request,
)

from ..factories import ContactFactory, OrganisationFactory, TeamFactory, UserFactory

MARK = "Zephyrine-Quartermaine"


def test_nothing_typed_reaches_the_audit_log(service, team, practitioner, team_manager, episode):
    partner = OrganisationFactory(kind=Organisation.Kind.PARTNER, name=f"{MARK} Partner Agency")
    today = date.today()
    consent_record(
        parent=episode.parent,
        recorded_by=practitioner,
        organisation=partner,
        categories=["contacts"],
        purpose=f"{MARK} purpose",
        starts_on=today,
        how_given="signed",
        witness=f"{MARK} witness",
    )
    contact = ContactFactory(episode=episode)
    disclosure = disclosure_request(
        parent=episode.parent,
        requested_by=practitioner,
        kind="safeguarding",
        recipient=f"{MARK} at the court",
        legal_basis="ca1989_s47",
        reasons=f"{MARK} reasons",
        what_disclosed=f"{MARK} content",
        contacts=[contact],
    )
    disclosure_decide(
        disclosure=disclosure,
        decided_by=team_manager,
        approve=True,
        note=f"{MARK} note",
        disclosed_on=today,
    )
    contact_record(
        episode=episode,
        recorded_by=practitioner,
        happened_on=today,
        contact_type="home_visit",
        who_was_there=f"{MARK} the aunt",
        notes=f"{MARK} notes",
    )
    parent_update(
        parent=episode.parent,
        updated_by=practitioner,
        details={"family_name": MARK},
        expected_version=episode.parent.version,
        reason=f"{MARK} spelling",
    )
    other_manager = UserFactory(
        organisation=service, team=TeamFactory(organisation=service), role=Role.TEAM_MANAGER
    )
    break_glass_start(user=other_manager, parent=episode.parent, reason=f"{MARK} emergency call")
    episode_allocate(
        episode=episode,
        worker=practitioner,
        allocated_by=team_manager,
        allocated_on=today,
        over_cap_reason=f"{MARK} cover",
    )
    entries = list(AuditEntry.objects.all())
    assert len(entries) >= 7
    for entry in entries:
        assert MARK not in f"{entry.description} {entry.detail} {entry.actor_label}", entry
