"""A practitioner finds a parent in their team by last name alone (covering a colleague), and
learns nothing about records outside their work; a manager who opens a record for an emergency
is told until when, and what they may do."""

from alongside.accounts.models import Role

from ..factories import EpisodeFactory, ParentFactory, TeamFactory, UserFactory


def test_a_practitioner_finds_a_colleagues_parent_by_last_name(signed_in, service, team, episode):
    colleague = UserFactory(organisation=service, team=team, role=Role.PRACTITIONER)
    elsewhere = ParentFactory(organisation=service, family_name=episode.parent.family_name)
    EpisodeFactory(organisation=service, team=TeamFactory(organisation=service), parent=elsewhere)
    page = (
        signed_in(colleague)
        .post("/find-a-parent/", {"family_name": episode.parent.family_name.upper()})
        .content.decode()
    )
    assert f'href="/parents/{episode.parent_id}/"' in page
    assert f"/parents/{elsewhere.pk}/" not in page
    assert "A record outside your team" not in page  # nothing about records beyond their work


def test_a_search_needs_an_nhs_number_or_a_last_name(signed_in, practitioner):
    page = signed_in(practitioner).post("/find-a-parent/", {}).content.decode()
    assert "Enter an NHS number or a last name" in page


def test_after_break_glass_the_overview_says_until_when(signed_in, service, episode):
    manager = UserFactory(
        organisation=service, team=TeamFactory(organisation=service), role=Role.TEAM_MANAGER
    )
    client = signed_in(manager)
    client.post(
        f"/parents/{episode.parent_id}/break-glass/",
        {"reason": "The hospital rang about the baby's safety"},
    )
    page = client.get(f"/parents/{episode.parent_id}/").content.decode()
    assert "You opened this record for an emergency. It is open to you until" in page
    assert "record the contact the emergency was about, nothing else" in page
    assert f'href="/plans/episodes/{episode.pk}/contacts/new/"' in page
