"""The partner view names the key worker and how to reach them, and says what each consent in
force covers and until when."""

from datetime import timedelta

from django.utils import timezone
from django.utils.html import escape

from alongside.sharing.choices import Category
from alongside.sharing.models import Consent

from ..factories import ChildFactory, EpisodeFactory, UserFactory


def give_consent(parent, partner_org, recorded_by, **overrides) -> Consent:
    data = {
        "parent": parent,
        "organisation": partner_org,
        "categories": ["contacts", "engagement"],
        "purpose": "Planning for the child's return home",
        "starts_on": timezone.localdate() - timedelta(days=1),
        "how_given": "signed",
        "recorded_by": recorded_by,
    }
    data.update(overrides)
    return Consent.objects.create(**data)


def test_the_partner_sees_the_key_worker_and_how_to_reach_them(
    signed_in, practitioner, episode, partner_org, social_worker
):
    practitioner.first_name, practitioner.last_name = "Tamsin", "Okafor"
    practitioner.email = "tamsin.okafor@alongside.example"
    practitioner.save()
    give_consent(episode.parent, partner_org, practitioner)

    page = signed_in(social_worker).get(f"/shared/{episode.parent_id}/").content.decode()
    assert "Key worker" in page
    assert "Tamsin Okafor" in page
    assert 'href="mailto:tamsin.okafor@alongside.example"' in page


def test_without_a_work_email_or_a_key_worker_the_page_says_so(
    signed_in, service, team, practitioner, partner_org, social_worker
):
    practitioner.email = ""
    practitioner.save()
    with_worker = EpisodeFactory(organisation=service, team=team, key_worker=practitioner)
    waiting = EpisodeFactory(organisation=service, team=team)
    for episode in (with_worker, waiting):
        give_consent(episode.parent, partner_org, practitioner)
    partner = signed_in(social_worker)

    page = partner.get(f"/shared/{with_worker.parent_id}/").content.decode()
    assert escape(practitioner.display_name) in page
    assert "mailto:" not in page and "Not recorded" in page

    page = partner.get(f"/shared/{waiting.parent_id}/").content.decode()
    assert "does not have a key worker at the moment" in page


def test_each_consent_in_force_says_what_it_covers_and_until_when(
    signed_in, practitioner, episode, partner_org, social_worker
):
    today = timezone.localdate()
    ends = today + timedelta(days=60)
    give_consent(episode.parent, partner_org, practitioner, ends_on=ends)
    give_consent(
        episode.parent,
        partner_org,
        practitioner,
        categories=["children"],
        condition="only_if_pregnant",
    )
    # Not in force: withdrawn, and ended. Neither is described.
    give_consent(
        episode.parent,
        partner_org,
        practitioner,
        categories=["contact_details"],
        withdrawn_at=timezone.now() - timedelta(hours=1),
    )
    give_consent(
        episode.parent,
        partner_org,
        practitioner,
        categories=["contact_details"],
        starts_on=today - timedelta(days=30),
        ends_on=today - timedelta(days=1),
    )
    partner = signed_in(social_worker)
    url = f"/shared/{episode.parent_id}/"

    page = partner.get(url).content.decode()
    assert escape(Category.CONTACTS.label) in page
    assert escape(Category.ENGAGEMENT.label) in page
    assert f"{ends:%-d %B %Y}" in page
    # The 'only if pregnant' consent is not in force yet, so it is not described.
    assert escape(Category.CHILDREN.label) not in page
    assert "Only while" not in page
    assert escape(Category.CONTACT_DETAILS.label) not in page

    ChildFactory(
        parent=episode.parent,
        given_name="",
        date_of_birth=None,
        legal_status="unborn",
        due_date=today + timedelta(days=100),
    )
    page = partner.get(url).content.decode()
    assert escape(Category.CHILDREN.label) in page
    assert "Until withdrawn" in page
    assert f"Only while {escape(episode.parent.given_name)} is pregnant" in page
    assert escape(Category.CONTACT_DETAILS.label) not in page


def test_another_partner_at_the_same_organisation_sees_only_their_own_consents(
    signed_in, practitioner, episode, partner_org, social_worker
):
    give_consent(episode.parent, partner_org, practitioner, categories=["engagement"])
    give_consent(
        episode.parent, partner_org, practitioner, categories=["children"], job_role="Midwife"
    )
    page = signed_in(social_worker).get(f"/shared/{episode.parent_id}/").content.decode()
    assert escape(Category.ENGAGEMENT.label) in page
    assert escape(Category.CHILDREN.label) not in page
    midwife = UserFactory(organisation=partner_org, team=None, role="partner", job_title="Midwife")
    page = signed_in(midwife).get(f"/shared/{episode.parent_id}/").content.decode()
    assert escape(Category.CHILDREN.label) in page and "Midwife only" in page
