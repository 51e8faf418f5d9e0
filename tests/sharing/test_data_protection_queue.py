"""The data protection lead's work queue, and an access trail that names people, can be
filtered, and shows repeated views of one page as one row."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from django.utils.html import escape

from alongside.accounts.models import Role
from alongside.audit import services as audit_services
from alongside.audit.models import AuditAction, AuditEntry
from alongside.audit.services import audit_record
from alongside.sharing.models import Consent, Disclosure

from ..factories import EpisodeFactory, OrganisationFactory, ParentFactory, UserFactory


@pytest.fixture
def dp_lead(service):
    return UserFactory(
        organisation=service, team=None, role=Role.ANALYST, is_data_protection_lead=True
    )


def make_consent(parent, partner_org, recorded_by, **overrides) -> Consent:
    data = {
        "parent": parent,
        "organisation": partner_org,
        "categories": ["engagement"],
        "purpose": "Planning for the child's return home",
        "starts_on": timezone.localdate() - timedelta(days=60),
        "how_given": "signed",
        "recorded_by": recorded_by,
    }
    data.update(overrides)
    return Consent.objects.create(**data)


def make_disclosure(parent, requested_by, **overrides) -> Disclosure:
    data = {
        "parent": parent,
        "kind": "safeguarding",
        "recipient": "Duty social worker",
        "legal_basis": "ca1989_s47",
        "reasons": "Risk of significant harm.",
        "what_disclosed": "The current address.",
        "requested_by": requested_by,
    }
    data.update(overrides)
    return Disclosure.objects.create(**data)


def section(page: str, heading: str) -> str:
    """The part of the page under one h2, up to the next."""
    start = page.index(heading)
    end = page.find("<h2", start)
    return page[start : end if end != -1 else len(page)]


def test_the_queue_lists_disclosures_awaiting_a_decision_and_consents_ending_soon(
    signed_in, service, team, practitioner, team_manager, partner_org, dp_lead
):
    today = timezone.localdate()

    def parent(name):
        return EpisodeFactory(
            organisation=service,
            team=team,
            key_worker=practitioner,
            parent=ParentFactory(organisation=service, family_name=name),
        ).parent

    waiting = make_disclosure(parent("Awaitingly"), practitioner)
    make_disclosure(parent("Decidedly"), practitioner, status="approved", decided_by=team_manager)
    elsewhere = OrganisationFactory()
    make_disclosure(
        ParentFactory(organisation=elsewhere, family_name="Elsewhereton"),
        UserFactory(organisation=elsewhere),
    )
    soon = make_consent(
        parent("Endingsoon"), partner_org, practitioner, ends_on=today + timedelta(days=10)
    )
    make_consent(
        parent("Endinglater"), partner_org, practitioner, ends_on=today + timedelta(days=45)
    )
    make_consent(parent("Openended"), partner_org, practitioner)
    make_consent(
        parent("Alreadyended"), partner_org, practitioner, ends_on=today - timedelta(days=1)
    )
    make_consent(
        parent("Withdrawnly"),
        partner_org,
        practitioner,
        ends_on=today + timedelta(days=5),
        withdrawn_at=timezone.now(),
    )

    response = signed_in(dp_lead).get("/data-protection/")
    assert response.status_code == 200
    page = response.content.decode()

    disclosures = section(page, "Disclosures awaiting a decision")
    assert "Awaitingly" in disclosures
    assert f'href="/disclosures/{waiting.pk}/decide/"' in disclosures
    assert "Decidedly" not in page and "Elsewhereton" not in page

    consents = section(page, "Consents ending in the next 30 days")
    assert "Endingsoon" in consents
    assert f'href="/parents/{soon.parent_id}/sharing/"' in consents
    assert f"{soon.ends_on:%-d %b %Y}" in consents
    for name in ("Endinglater", "Openended", "Alreadyended", "Withdrawnly"):
        assert name not in page, name

    # Break-glass uses are still there, and every parent the queue shows is an audited read.
    assert "Records opened outside the usual scope" in page
    seen = set(
        AuditEntry.objects.filter(actor_id=dp_lead.pk, action="view").values_list(
            "parent_id", flat=True
        )
    )
    assert {waiting.parent_id, soon.parent_id} <= seen


def test_an_empty_queue_says_so(signed_in, dp_lead):
    page = signed_in(dp_lead).get("/data-protection/").content.decode()
    assert "No disclosures are awaiting a decision." in page
    assert "No consents end in the next 30 days." in page


# --- The access trail --------------------------------------------------------------------------


@pytest.fixture
def trail(monkeypatch, practitioner, team_manager, episode):
    """A trail three days ago: three quick views of a form, the same form again half an hour
    later, a manager's view, and a change."""
    practitioner.first_name, practitioner.last_name = "Tamsin", "Okafor"
    practitioner.save()
    team_manager.first_name, team_manager.last_name = "Rafael", "Bryce"
    team_manager.save()
    day = timezone.localdate() - timedelta(days=3)
    start = timezone.make_aware(datetime.combine(day, time(10, 0)))
    form = {"path": f"/plans/episodes/{episode.pk}/contacts/new/", "method": "GET"}
    steps = [
        (0, practitioner, AuditAction.VIEW, "Record a contact", form),
        (1, practitioner, AuditAction.VIEW, "Record a contact", form),
        (2, practitioner, AuditAction.VIEW, "Record a contact", form),
        (32, practitioner, AuditAction.VIEW, "Record a contact", form),
        (33, team_manager, AuditAction.VIEW, "Parent overview", {"path": "/x/", "method": "GET"}),
        (40, practitioner, AuditAction.UPDATE, "Changed the parent's details", {}),
    ]
    for minutes, who, action, description, detail in steps:
        at = start + timedelta(minutes=minutes)
        with monkeypatch.context() as patch:
            patch.setattr(audit_services.timezone, "now", lambda at=at: at)
            audit_record(
                actor=who,
                action=action,
                parent_id=episode.parent_id,
                description=description,
                detail=detail,
            )
    return day


def table(page: str) -> str:
    """The rows of the trail (the table body), or nothing if no table is shown."""
    start = page.find("<tbody")
    return page[start : page.index("</tbody>", start)] if start != -1 else ""


def test_the_trail_names_people_and_groups_repeated_views(
    signed_in, dp_lead, episode, practitioner, trail
):
    url = f"/parents/{episode.parent_id}/access-trail/"
    response = signed_in(dp_lead).get(url)
    assert response.status_code == 200
    rows = table(response.content.decode())
    assert "Tamsin Okafor" in rows and "Rafael Bryce" in rows
    assert practitioner.username in rows  # the username is kept beside the name
    # Three views within a few minutes are one row; the view half an hour later is its own.
    assert rows.count("Record a contact") == 2
    assert rows.count("3 views") == 1
    assert rows.count("<tr") == 4
    # The page's own read is audited.
    assert AuditEntry.objects.filter(
        actor_id=dp_lead.pk, parent_id=episode.parent_id, action="view", description="Access trail"
    ).exists()


def test_the_trail_filters_by_person_date_and_action(
    signed_in, dp_lead, episode, team_manager, trail
):
    client = signed_in(dp_lead)
    url = f"/parents/{episode.parent_id}/access-trail/"
    client.get(url)  # today's view of the trail itself, outside the date range below

    rows = table(client.get(url, {"person": team_manager.pk}).content.decode())
    assert "Rafael Bryce" in rows and "Tamsin Okafor" not in rows

    rows = table(client.get(url, {"action": "update"}).content.decode())
    assert "Changed the parent" in rows and "Record a contact" not in rows

    day = trail
    dates = {
        "date_from_0": day.day,
        "date_from_1": day.month,
        "date_from_2": day.year,
        "date_to_0": day.day,
        "date_to_1": day.month,
        "date_to_2": day.year,
    }
    rows = table(client.get(url, dates).content.decode())
    assert "Record a contact" in rows and "Access trail" not in rows
    later = day + timedelta(days=1)
    rows = table(
        client.get(
            url, {"date_from_0": later.day, "date_from_1": later.month, "date_from_2": later.year}
        ).content.decode()
    )
    assert "Access trail" in rows and "Record a contact" not in rows


def test_a_bad_date_gets_a_clear_message(signed_in, dp_lead, episode, trail):
    client = signed_in(dp_lead)
    url = f"/parents/{episode.parent_id}/access-trail/"
    response = client.get(url, {"date_from_0": "31", "date_from_1": "2", "date_from_2": "2026"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "From must be a real date" in page
    assert table(page) == ""  # no trail that only looks filtered

    page = client.get(
        url,
        {
            "date_from_0": "10",
            "date_from_1": "3",
            "date_from_2": "2026",
            "date_to_0": "1",
            "date_to_1": "3",
            "date_to_2": "2026",
        },
    ).content.decode()
    assert escape("The 'to' date must be the same as or after the 'from' date") in page
