"""The parent overview lists each panel's rows in the order a reader expects: the newest first
(the steps on the programme, what holds the work up, health choices, the parent's requests) and
a conversation oldest first. The overview sorts these rows itself rather than in its queries
(docs/capacity.md), so each order is checked here, on the page."""

from datetime import timedelta

from alongside.casework.onward import reproductive_health_choice_record
from alongside.casework.pathway import blocker_record, episode_change_phase, episode_set_pathway
from alongside.portal.models import PortalNotice
from alongside.portal.services import message_send
from alongside.programmes.services import programme_adopt


def _in_this_order(page: str, *texts: str) -> bool:
    positions = [page.index(text) for text in texts]
    return positions == sorted(positions)


def test_each_panel_of_the_overview_lists_its_rows_in_order(
    signed_in, practitioner, episode, service_manager
):
    programme_adopt(
        organisation=episode.organisation,
        template_key="breaking-the-cycle",
        adopted_by=service_manager,
    )
    opened = episode.opened_on
    episode_set_pathway(episode=episode, pathway="adult", decided_by=practitioner, on=opened)
    episode_change_phase(
        episode=episode,
        phase="therapeutic",
        decided_by=practitioner,
        on=opened + timedelta(days=5),
    )
    for kind, days, description in (("housing", 1, "Waiting for a flat"), ("benefits", 9, "")):
        blocker_record(
            episode=episode,
            kind=kind,
            description=description,
            started_on=opened + timedelta(days=days),
            recorded_by=practitioner,
        )
    for choice in ("cervical_screening", "sexual_health_check"):
        reproductive_health_choice_record(
            episode=episode, choice=choice, parent_agreed=True, recorded_by=practitioner
        )
    for text in ("The first message", "The second message"):
        message_send(parent=episode.parent, author=practitioner, text=text)
    for text in ("The older correction", "The newer correction"):
        PortalNotice.objects.create(
            parent=episode.parent, kind=PortalNotice.Kind.CORRECTION, text=text
        )

    page = signed_in(practitioner).get(f"/parents/{episode.parent_id}/").content.decode()

    assert _in_this_order(page, "Moved phase", "Started on a pathway")
    assert _in_this_order(page, "Benefits or money: ", "Housing: ")
    assert _in_this_order(page, "Sexual health check or screening", "Cervical screening")
    assert _in_this_order(page, "The first message", "The second message")
    assert _in_this_order(page, "The newer correction", "The older correction")
