"""Consent decides exactly what a partner sees; withdrawal works on the next request."""

from datetime import timedelta

from django.utils import timezone
from django.utils.html import escape

from alongside.audit.models import AuditEntry
from alongside.sharing.models import Consent

from ..factories import ChildFactory, OrganisationFactory


def date_parts(prefix, day) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def consent_form(partner_org, **overrides) -> dict:
    today = timezone.localdate()
    data = {
        "organisation": partner_org.pk,
        "categories": ["contacts", "engagement"],
        "purpose": "Planning for the child's return home",
        **date_parts("starts_on", today),
        "condition": "none",
        "how_given": "signed",
    }
    data.update(overrides)
    return data


def test_partner_sees_only_what_the_consent_shares(
    signed_in, practitioner, episode, partner_org, social_worker, shareable_contact, private_contact
):
    worker = signed_in(practitioner)
    partner = signed_in(social_worker)
    url = f"/shared/{episode.parent_id}/"
    assert partner.get(url).status_code == 404  # nothing shared yet

    response = worker.post(f"/parents/{episode.parent_id}/consents/new/", consent_form(partner_org))
    assert response.status_code == 302
    page = partner.get(url).content.decode()
    assert "Went to the housing office together." in page
    assert "in confidence" not in page  # service-only notes never leave the service
    assert "working with the service since" in page
    assert escape(episode.parent.full_name) in partner.get("/shared/").content.decode()
    # The partner view is the only way in: the service's own pages stay closed.
    for closed in (
        f"/parents/{episode.parent_id}/",
        f"/plans/episodes/{episode.pk}/contacts/new/",
        f"/parents/{episode.parent_id}/sharing/",
        f"/parents/{episode.parent_id}/subject-access.json",
    ):
        assert partner.get(closed).status_code in (403, 404), closed


def test_withdrawal_takes_effect_on_the_next_request(
    signed_in, practitioner, episode, partner_org, social_worker, shareable_contact
):
    worker = signed_in(practitioner)
    partner = signed_in(social_worker)
    worker.post(f"/parents/{episode.parent_id}/consents/new/", consent_form(partner_org))
    consent = Consent.objects.get()
    url = f"/shared/{episode.parent_id}/"
    assert partner.get(url).status_code == 200

    worker.post(f"/consents/{consent.pk}/withdraw/", {"note": "Parent asked to stop sharing"})
    response = partner.get(url)
    assert response.status_code == 404
    assert AuditEntry.objects.filter(actor_id=social_worker.pk, outcome="refused").exists()
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None  # the history is kept, not deleted
    assert "Withdrawn" in worker.get(f"/parents/{episode.parent_id}/sharing/").content.decode()


def test_only_if_pregnant_waits_for_a_pregnancy(
    signed_in, practitioner, episode, partner_org, social_worker, shareable_contact
):
    signed_in(practitioner).post(
        f"/parents/{episode.parent_id}/consents/new/",
        consent_form(partner_org, condition="only_if_pregnant"),
    )
    partner = signed_in(social_worker)
    assert partner.get(f"/shared/{episode.parent_id}/").status_code == 404
    ChildFactory(
        parent=episode.parent,
        given_name="",
        date_of_birth=None,
        legal_status="unborn",
        due_date=timezone.localdate() + timedelta(days=100),
    )
    assert partner.get(f"/shared/{episode.parent_id}/").status_code == 200


def test_a_consent_for_one_role_does_not_open_to_colleagues(
    signed_in, practitioner, episode, partner_org, social_worker, shareable_contact
):
    from ..factories import UserFactory

    signed_in(practitioner).post(
        f"/parents/{episode.parent_id}/consents/new/", consent_form(partner_org, job_role="Midwife")
    )
    assert signed_in(social_worker).get(f"/shared/{episode.parent_id}/").status_code == 404
    midwife = UserFactory(organisation=partner_org, team=None, role="partner", job_title="midwife")
    assert signed_in(midwife).get(f"/shared/{episode.parent_id}/").status_code == 200


def test_bad_consents_are_refused_and_nothing_is_saved(
    signed_in, practitioner, episode, partner_org
):
    worker = signed_in(practitioner)
    url = f"/parents/{episode.parent_id}/consents/new/"
    today = timezone.localdate()
    cases = [
        (
            consent_form(partner_org, **date_parts("ends_on", today - timedelta(days=1))),
            "The end date must be the same as or after the start date",
        ),
        (
            consent_form(partner_org, organisation=OrganisationFactory().pk),
            "Choose a partner organisation that Alongside knows",
        ),
        (
            consent_form(partner_org, organisation=999999),
            "Choose a partner organisation that Alongside knows",
        ),
        (
            consent_form(partner_org, how_given="verbal_with_witness"),
            "Enter who witnessed the parent",
        ),
        (consent_form(partner_org, categories=[]), "Choose what may be shared"),
        (consent_form(partner_org, categories=["everything"]), "Select a valid choice"),
        (consent_form(partner_org, purpose=""), "Enter what the information will be used for"),
    ]
    for data, message in cases:
        body = worker.post(url, data).content.decode()
        assert message in body, message
    assert not Consent.objects.exists()


def test_a_partner_with_consent_reaches_no_other_page_about_the_parent(
    signed_in, practitioner, episode, partner_org, social_worker, shareable_contact
):
    """Every URL in the app, filled with this parent's ids: only the partner view opens."""
    from ..test_access_policy_urls import ROUTES, fill

    signed_in(practitioner).post(
        f"/parents/{episode.parent_id}/consents/new/", consent_form(partner_org)
    )
    partner = signed_in(social_worker)
    opened = set()
    for name, route, _view in ROUTES:
        if "<int:" not in route:
            continue
        for pk in {episode.parent_id, episode.pk, episode.referral_id, shareable_contact.pk}:
            response = partner.get(fill(route, pk))
            if response.status_code == 200:
                opened.add(name)
            else:
                assert response.status_code in (403, 404, 405), (name, response.status_code)
    # The partner view, and the team around the family they may add to (alongside.workbook),
    # risk and strengths ratings among it.
    assert opened == {
        "sharing:shared-parent",
        "workbook:team",
        "workbook:chronology",
        "workbook:entry-new",
        "workbook:task-new",
        "workbook:risk",
        "workbook:risk-new",
    }
    refused = AuditEntry.objects.filter(actor_id=social_worker.pk, outcome="refused").count()
    assert refused > 10  # the attempts were recorded


def test_safeguarding_notes_never_reach_a_partner_through_consent(
    signed_in, practitioner, episode, partner_org, social_worker
):
    from ..factories import ContactFactory

    ContactFactory(
        episode=episode,
        notes="Concern raised about the baby's safety.",
        confidentiality="safeguarding",
    )
    ContactFactory(
        episode=episode, notes="Team meeting summary.", confidentiality="team_around_family"
    )
    signed_in(practitioner).post(
        f"/parents/{episode.parent_id}/consents/new/",
        consent_form(partner_org, categories=["engagement"]),
    )
    page = signed_in(social_worker).get(f"/shared/{episode.parent_id}/").content.decode()
    assert (
        "Team meeting summary." in page
    )  # team-around-the-family items go to partners with consent
    assert "Concern raised" not in page
