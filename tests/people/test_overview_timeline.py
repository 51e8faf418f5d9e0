"""The parent overview shows the newest of the timeline, and leads to the whole chronology."""

from datetime import timedelta

from django.utils import timezone

from ..factories import ContactFactory

TODAY = timezone.localdate()


def test_a_long_history_shows_its_newest_items_and_links_to_the_chronology(
    signed_in, practitioner, episode
):
    for n in range(30):
        ContactFactory(
            episode=episode, notes=f"Home visit {n:02d}", happened_on=TODAY - timedelta(days=n)
        )
    page = signed_in(practitioner).get(f"/parents/{episode.parent_id}/").content.decode()
    assert "Home visit 00" in page and "Home visit 24" in page
    assert "Home visit 25" not in page
    assert "The newest 25 items." in page
    assert f'href="/parents/{episode.parent_id}/team/chronology/"' in page


def test_a_short_history_is_shown_whole(signed_in, practitioner, episode):
    ContactFactory(episode=episode, notes="The first visit", happened_on=TODAY)
    page = signed_in(practitioner).get(f"/parents/{episode.parent_id}/").content.decode()
    assert "The first visit" in page
    assert "The newest" not in page


def test_the_newest_items_are_the_newest_of_every_kind(signed_in, practitioner, episode):
    """Contacts are read only as far as the newest 26, but the overview merges them with
    everything else: an older contact never pushes out a newer event of another kind."""
    for n in range(40):
        ContactFactory(
            episode=episode, notes=f"Old visit {n:02d}", happened_on=TODAY - timedelta(days=400 + n)
        )
    for n in range(3):
        ContactFactory(
            episode=episode, notes=f"Recent visit {n}", happened_on=TODAY - timedelta(days=n)
        )
    page = signed_in(practitioner).get(f"/parents/{episode.parent_id}/").content.decode()
    assert all(f"Recent visit {n}" in page for n in range(3))
    assert "Old visit 00" in page and "Old visit 39" not in page
    # The referral (30 days ago) is newer than every old visit: it is among the newest.
    assert "Referral received" in page
