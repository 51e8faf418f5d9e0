"""Disclosures without consent, court flags, break-glass, the access trail, subject access,
rectification with history, and the retention policy."""

import json
from datetime import date, timedelta
from html import escape

from django.utils import timezone

from alongside.accounts.models import Role
from alongside.audit.models import AuditEntry
from alongside.casework.models import Contact
from alongside.people.models import Parent
from alongside.sharing.models import BreakGlass, Disclosure
from alongside.sharing.retention import apply_retention

from ..factories import ContactFactory, EpisodeFactory, TeamFactory, UserFactory
from ..pdfs import pdf_text


def date_parts(prefix, day) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def disclosure_form(**overrides) -> dict:
    data = {
        "kind": "safeguarding",
        "recipient": "Duty social worker, Northbrook children's services",
        "legal_basis": "ca1989_s47",
        "reasons": "Risk of significant harm to the unborn baby.",
        "what_disclosed": "The date of the next scan and the current address.",
    }
    data.update(overrides)
    return data


def test_a_disclosure_needs_a_legal_basis_and_nothing_is_half_saved(
    signed_in, practitioner, episode
):
    body = (
        signed_in(practitioner)
        .post(f"/parents/{episode.parent_id}/disclosures/new/", disclosure_form(legal_basis=""))
        .content.decode()
    )
    assert "Choose the legal basis for the disclosure" in body
    assert not Disclosure.objects.exists()


def test_a_court_disclosure_is_approved_by_another_manager_and_flags_the_notes(
    signed_in, practitioner, team_manager, service_manager, episode
):
    contact = ContactFactory(episode=episode, notes="Parenting assessment observations.")
    signed_in(practitioner).post(
        f"/parents/{episode.parent_id}/disclosures/new/",
        disclosure_form(
            kind="court",
            recipient="Family Court, case NB26C00123",
            legal_basis="court_order",
            contacts=[str(contact.pk)],
        ),
    )
    disclosure = Disclosure.objects.get()
    assert disclosure.status == "awaiting_approval"
    assert not Contact.objects.get(pk=contact.pk).disclosed_in_proceedings

    url = f"/disclosures/{disclosure.pk}/decide/"
    manager = signed_in(team_manager)
    body = manager.post(url, {"decision": "approve"}).content.decode()
    assert "Enter the date the information was or will be disclosed" in body
    manager.post(url, {"decision": "approve", **date_parts("disclosed_on", timezone.localdate())})
    disclosure.refresh_from_db()
    assert disclosure.status == "approved" and disclosure.decided_by == team_manager
    assert Contact.objects.get(pk=contact.pk).disclosed_in_proceedings
    assert AuditEntry.objects.filter(action="export", description="Disclosure approved").exists()

    told = signed_in(practitioner).post(
        f"/disclosures/{disclosure.pk}/parent-told/", {"told": "no"}
    )
    assert "Enter why the parent has not been told" in told.content.decode()
    signed_in(practitioner).post(
        f"/disclosures/{disclosure.pk}/parent-told/",
        {"told": "yes", **date_parts("told_on", timezone.localdate())},
    )
    log = signed_in(practitioner).get(f"/parents/{episode.parent_id}/sharing/").content.decode()
    assert "Family Court, case NB26C00123" in log and "An order of the court" in log


def test_nobody_approves_their_own_disclosure(signed_in, team_manager, episode):
    client = signed_in(team_manager)
    client.post(f"/parents/{episode.parent_id}/disclosures/new/", disclosure_form())
    disclosure = Disclosure.objects.get()
    response = client.post(
        f"/disclosures/{disclosure.pk}/decide/",
        {"decision": "approve", **date_parts("disclosed_on", timezone.localdate())},
    )
    assert response.status_code == 404  # refused by the policy, and audited
    assert AuditEntry.objects.filter(
        outcome="refused", actor_id=team_manager.pk, description="Refused: approve_disclosure"
    ).exists()
    disclosure.refresh_from_db()
    assert disclosure.status == "awaiting_approval"


def test_break_glass_gives_time_limited_access_and_the_dp_lead_sees_it(signed_in, service, episode):
    other_team_manager = UserFactory(
        organisation=service, team=TeamFactory(organisation=service), role=Role.TEAM_MANAGER
    )
    dp_lead = UserFactory(
        organisation=service, team=None, role=Role.SERVICE_MANAGER, is_data_protection_lead=True
    )
    client = signed_in(other_team_manager)
    overview = f"/parents/{episode.parent_id}/"
    assert client.get(overview).status_code == 404

    found = client.post(
        "/find-a-parent/",
        {
            "family_name": episode.parent.family_name,
            **date_parts("date_of_birth", episode.parent.date_of_birth),
        },
    )
    assert "Open it for a stated reason" in found.content.decode()
    body = client.post(
        f"/parents/{episode.parent_id}/break-glass/", {"reason": "short"}
    ).content.decode()
    assert "at least 10 characters" in body
    client.post(
        f"/parents/{episode.parent_id}/break-glass/",
        {"reason": "Key worker off sick; police called about a visit tonight."},
    )
    assert client.get(overview).status_code == 200

    log = signed_in(dp_lead).get("/data-protection/").content.decode()
    assert "police called about a visit tonight" in log
    BreakGlass.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(overview).status_code == 404
    assert signed_in(other_team_manager).get("/data-protection/").status_code == 403


def test_access_trail_and_subject_access_are_for_the_dp_lead(
    signed_in, service, practitioner, episode
):
    ContactFactory(episode=episode, notes="Talked about moving house.")
    signed_in(practitioner).get(f"/parents/{episode.parent_id}/")
    assert (
        signed_in(practitioner).get(f"/parents/{episode.parent_id}/access-trail/").status_code
        == 403
    )
    dp_lead = UserFactory(
        organisation=service, team=None, role=Role.ANALYST, is_data_protection_lead=True
    )
    client = signed_in(dp_lead)
    trail = client.get(f"/parents/{episode.parent_id}/access-trail/").content.decode()
    assert practitioner.username in trail and "Parent overview" in trail

    data = json.loads(client.get(f"/parents/{episode.parent_id}/subject-access.json").content)
    assert data["parent"]["family_name"] == episode.parent.family_name
    assert data["contacts"][0]["notes"] == "Talked about moving house."
    assert any(
        row["who"] == practitioner.username for row in data["who_viewed_or_changed_the_record"]
    )
    pdf = client.get(f"/parents/{episode.parent_id}/subject-access.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert "Talked about moving house." in pdf_text(pdf.content)
    assert AuditEntry.objects.filter(action="export", actor_id=dp_lead.pk).count() == 2


def test_a_correction_keeps_what_it_replaced(signed_in, service_manager, episode):
    parent = episode.parent
    client = signed_in(service_manager)
    client.post(
        f"/parents/{parent.pk}/details/",
        {
            "version": parent.version,
            "given_name": parent.given_name,
            "family_name": "Corrected",
            **date_parts("date_of_birth", parent.date_of_birth),
            "ethnicity": parent.ethnicity,
            "care_experienced": parent.care_experienced,
            "change_reason": "Parent asked for the spelling to be corrected",
        },
    )
    history = client.get(f"/parents/{parent.pk}/changes/").content.decode()
    assert "Corrected" in history and escape(parent.family_name) in history
    assert "Parent asked for the spelling to be corrected" in history


def test_retention_erases_notes_then_identity_and_leaves_open_work_alone(
    service, practitioner, team
):
    today = date(2026, 11, 25)
    old = EpisodeFactory(
        organisation=service,
        team=team,
        key_worker=practitioner,
        status="closed",
        closed_on=date(2015, 1, 10),
    )
    middle = EpisodeFactory(
        organisation=service,
        team=team,
        key_worker=practitioner,
        status="closed",
        closed_on=date(2018, 6, 1),
    )
    current = EpisodeFactory(organisation=service, team=team, key_worker=practitioner)
    for episode in (old, middle, current):
        ContactFactory(episode=episode, notes="Sensitive note.")

    trial = apply_retention(today=today, dry_run=True)
    assert trial["identity"]["parent_ids"] == [old.parent_id]
    assert [c.notes for c in Contact.objects.all()] == [
        "Sensitive note."
    ] * 3  # a trial changes nothing

    report = apply_retention(today=today)
    assert (
        report["case_notes"]["parents"] == 2 and report["case_notes"]["contact_notes_erased"] == 2
    )
    assert Contact.objects.get(episode=current).notes == "Sensitive note."
    assert Contact.objects.get(episode=middle).notes == ""
    anonymised = Parent.objects.get(pk=old.parent_id)
    assert anonymised.given_name == "Anonymised" and anonymised.nhs_number == ""
    assert anonymised.date_of_birth == date(old.parent.date_of_birth.year, 1, 1)
    assert Parent.objects.get(pk=middle.parent_id).family_name == middle.parent.family_name
    assert AuditEntry.objects.filter(
        description="Retention: identity removed", parent_id=old.parent_id
    ).exists()
