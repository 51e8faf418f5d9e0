"""Who may do what, at the edges of scope: closed work in one's own team, break-glass, a
referral awaiting decision, approving a disclosure, and co-working from another team.

Each case is checked where a user would notice it: the page answers 404 (and nothing is
written), or the page works; and the policy's `can` agrees."""

from datetime import timedelta

import pytest
from django.utils import timezone

from alongside.accounts.models import Organisation, Role
from alongside.audit.models import AuditEntry
from alongside.casework.models import Approval, Contact, CoWorker, PhaseChange
from alongside.casework.pathway import episode_set_pathway
from alongside.casework.services import episode_close
from alongside.people.models import Parent
from alongside.plans.models import Plan
from alongside.policy import Action, can
from alongside.programmes.services import programme_adopt
from alongside.referrals.models import Referral
from alongside.sharing.models import BreakGlass, Consent, Disclosure
from alongside.sharing.services import break_glass_start, disclosure_request

from .casework.test_journey import date_parts
from .factories import (
    EpisodeFactory,
    OrganisationFactory,
    ParentFactory,
    ReferralFactory,
    TeamFactory,
    UserFactory,
)

TODAY = timezone.localdate()
SURNAME = "Thistlewaite"
URGENT = "Urgent call from the hospital about safety"


@pytest.fixture
def other_team(service):
    return TeamFactory(organisation=service)


@pytest.fixture
def other_team_manager(service, other_team):
    return UserFactory(organisation=service, team=other_team, role=Role.TEAM_MANAGER)


@pytest.fixture
def parent(service):
    return ParentFactory(organisation=service, given_name="Marigold", family_name=SURNAME)


def refusals(user, parent_id=None):
    entries = AuditEntry.objects.filter(actor_id=user.pk, outcome="refused")
    if parent_id is not None:
        entries = entries.filter(parent_id=parent_id)
    return entries.count()


# --- Closed work in one's own team -------------------------------------------------------


@pytest.fixture
def closed_episode(service, team, practitioner, parent):
    episode = EpisodeFactory(
        organisation=service,
        team=team,
        parent=parent,
        key_worker=practitioner,
        opened_on=TODAY - timedelta(days=200),
    )
    return episode_close(
        episode=episode,
        closed_by=practitioner,
        closed_on=TODAY - timedelta(days=20),
        reason="planned_ending",
        note="Ended well; the door is open.",
    )


def door_open_form() -> dict:
    return {
        **date_parts("happened_on", TODAY),
        "contact_type": "phone",
        "notes": "Rang to say the new flat is going well.",
    }


def test_a_team_colleague_who_never_worked_on_closed_work_cannot_open_its_door(
    signed_in, service, team, closed_episode
):
    outsider = UserFactory(organisation=service, team=team, role=Role.PRACTITIONER)
    client = signed_in(outsider)
    url = f"/episodes/{closed_episode.pk}/door-open/"

    before = refusals(outsider, closed_episode.parent_id)
    response = client.get(url)
    assert response.status_code == 404
    assert SURNAME not in response.content.decode()

    response = client.post(url, door_open_form())
    assert response.status_code == 404
    assert SURNAME not in response.content.decode()
    assert not Contact.objects.filter(episode=closed_episode).exists()

    overview = client.get(f"/parents/{closed_episode.parent_id}/")
    assert overview.status_code == 404
    assert SURNAME not in overview.content.decode()

    # Each of the three refusals is in the trail, against this parent.
    assert refusals(outsider, closed_episode.parent_id) - before == 3
    assert not can(outsider, Action.RECORD_DOOR_OPEN_CONTACT, closed_episode)
    assert not can(outsider, Action.VIEW_PARENT, closed_episode.parent)


def test_the_former_key_worker_can_open_the_door(signed_in, closed_episode):
    client = signed_in(closed_episode.key_worker)
    response = client.get(f"/episodes/{closed_episode.pk}/door-open/")
    assert response.status_code == 200
    assert SURNAME in response.content.decode()
    assert (
        client.post(f"/episodes/{closed_episode.pk}/door-open/", door_open_form()).status_code
        == 302
    )
    assert Contact.objects.filter(episode=closed_episode, door_open=True).count() == 1


# --- Break-glass: look, and record a contact about the emergency; nothing more -----------


@pytest.fixture
def open_episode(service, team, practitioner, team_manager, parent):
    """A parent on a pathway (so a phase change would be possible) in `team`."""
    programme_adopt(
        organisation=service, template_key="breaking-the-cycle", adopted_by=team_manager
    )
    episode = EpisodeFactory(
        organisation=service, team=team, parent=parent, key_worker=practitioner
    )
    episode_set_pathway(
        episode=episode, pathway="adult", decided_by=practitioner, on=TODAY - timedelta(days=10)
    )
    episode.refresh_from_db()
    return episode


@pytest.fixture
def partner_org(db):
    return OrganisationFactory(name="Partner agency (test)", kind=Organisation.Kind.PARTNER)


@pytest.fixture
def glass_broken(signed_in, other_team_manager, open_episode):
    """The other team's manager, signed in, having opened the parent by break-glass."""
    client = signed_in(other_team_manager)
    parent_id = open_episode.parent_id
    assert client.get(f"/parents/{parent_id}/").status_code == 404  # not before
    response = client.post(f"/parents/{parent_id}/break-glass/", {"reason": URGENT})
    assert response.status_code == 302
    assert BreakGlass.objects.filter(user=other_team_manager, parent_id=parent_id).exists()
    return client


def test_break_glass_opens_the_record_and_allows_a_contact(
    glass_broken, other_team_manager, open_episode
):
    overview = glass_broken.get(f"/parents/{open_episode.parent_id}/")
    assert overview.status_code == 200
    assert SURNAME in overview.content.decode()

    response = glass_broken.post(
        f"/plans/episodes/{open_episode.pk}/contacts/new/",
        {
            **date_parts("happened_on", TODAY),
            "contact_type": "phone",
            "who_was_there": "Marigold",
            "duration_minutes": "15",
            "notes": "Spoke to the ward about tonight.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    contact = Contact.objects.get(episode=open_episode)
    assert contact.recorded_by == other_team_manager

    parent = open_episode.parent
    assert can(other_team_manager, Action.VIEW_PARENT, parent) is True
    assert can(other_team_manager, Action.RECORD_CONTACT, open_episode) is True
    assert can(other_team_manager, Action.RECORD_CONSENT, parent) is False
    assert can(other_team_manager, Action.REQUEST_DISCLOSURE, parent) is False
    assert can(other_team_manager, Action.EDIT_PARENT, parent) is False
    assert can(other_team_manager, Action.UPDATE_EPISODE, open_episode) is False


def _forms(partner_org, episode):
    parent = episode.parent
    return {
        "consent": (
            "/parents/{parent}/consents/new/",
            {
                "organisation": partner_org.pk,
                "categories": ["contacts", "engagement"],
                "purpose": "Planning for the child's return home",
                **date_parts("starts_on", TODAY),
                "condition": "none",
                "how_given": "signed",
            },
        ),
        "disclosure": (
            "/parents/{parent}/disclosures/new/",
            {
                "kind": "safeguarding",
                "recipient": "Duty social worker",
                "legal_basis": "ca1989_s47",
                "reasons": "Risk of significant harm.",
                "what_disclosed": "The current address.",
            },
        ),
        "edit details": (
            "/parents/{parent}/details/",
            {
                "version": parent.version,
                "given_name": parent.given_name,
                "family_name": "Changedname",
                **date_parts("date_of_birth", parent.date_of_birth),
                "ethnicity": parent.ethnicity,
                "care_experienced": parent.care_experienced,
                "phone": "07700 900123",
                "change_reason": "Break-glass edit",
            },
        ),
        "phase": (
            "/episodes/{episode}/phase/",
            {
                "phase": _next_phase(episode),
                **date_parts("on", TODAY),
                "note": "Ready to move on",
            },
        ),
        "agree plan": (
            "/plans/episodes/{episode}/agree/",
            {**date_parts("agreed_on", TODAY), "attended": "Parent, manager"},
        ),
    }


def _next_phase(episode) -> str:
    pathway = episode.programme_version.spec.pathway(episode.pathway)
    return pathway.next_phase(episode.phase).key


def _written(episode) -> dict:
    """Everything the refused pages could have written."""
    parent = Parent.objects.get(pk=episode.parent_id)
    return {
        "consents": Consent.objects.filter(parent_id=episode.parent_id).count(),
        "disclosures": Disclosure.objects.filter(parent_id=episode.parent_id).count(),
        "family_name": parent.family_name,
        "phone": parent.phone,
        "parent version": parent.version,
        "phase changes": PhaseChange.objects.filter(episode=episode).count(),
        "approvals": Approval.objects.filter(episode=episode).count(),
        "plans": Plan.objects.filter(episode=episode).count(),
    }


@pytest.mark.parametrize("page", ["consent", "disclosure", "edit details", "phase", "agree plan"])
def test_break_glass_does_not_reach_the_parents_record_beyond_the_emergency(
    glass_broken, other_team_manager, open_episode, partner_org, page
):
    route, data = _forms(partner_org, open_episode)[page]
    url = route.format(parent=open_episode.parent_id, episode=open_episode.pk)
    before = _written(open_episode)
    refused_before = refusals(other_team_manager, open_episode.parent_id)

    response = glass_broken.get(url)
    assert response.status_code == 404, f"GET {url}: {response.status_code}"
    response = glass_broken.post(url, data)
    assert response.status_code == 404, f"POST {url}: {response.status_code}"

    assert _written(open_episode) == before
    assert refusals(other_team_manager, open_episode.parent_id) - refused_before == 2


@pytest.mark.parametrize("page", ["consent", "disclosure", "edit details", "phase", "agree plan"])
def test_the_refused_pages_work_for_the_key_worker(
    signed_in, practitioner, open_episode, partner_org, page
):
    """The other half of the test above: the same form, from someone whose work covers the
    parent, is accepted (so the 404s above are the policy, not a broken form)."""
    route, data = _forms(partner_org, open_episode)[page]
    url = route.format(parent=open_episode.parent_id, episode=open_episode.pk)
    client = signed_in(practitioner)
    before = _written(open_episode)
    assert client.get(url).status_code == 200
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert _written(open_episode) != before


def test_break_glass_can_record_consent_is_false_but_view_is_true(other_team_manager, open_episode):
    parent = open_episode.parent
    assert can(other_team_manager, Action.VIEW_PARENT, parent) is False
    break_glass_start(user=other_team_manager, parent=parent, reason=URGENT)
    assert can(other_team_manager, Action.VIEW_PARENT, parent) is True
    assert can(other_team_manager, Action.RECORD_CONSENT, parent) is False
    # Once the break-glass time is over, the parent is closed again.
    BreakGlass.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert can(other_team_manager, Action.VIEW_PARENT, parent) is False
    assert can(other_team_manager, Action.RECORD_CONTACT, open_episode) is False


# --- A referral awaiting decision lets a manager look, nothing more ------------------------


@pytest.mark.parametrize("work", ["open", "closed"])
def test_a_referral_awaiting_decision_lets_another_teams_manager_look_only(
    signed_in, service, team, practitioner, other_team_manager, parent, work
):
    episode = EpisodeFactory(
        organisation=service, team=team, parent=parent, key_worker=practitioner
    )
    if work == "closed":
        episode_close(
            episode=episode,
            closed_by=practitioner,
            closed_on=TODAY,
            reason="planned_ending",
            note="",
        )
    assert not can(other_team_manager, Action.VIEW_PARENT, parent)
    ReferralFactory(organisation=service, parent=parent, status=Referral.Status.AWAITING_DECISION)

    assert can(other_team_manager, Action.VIEW_PARENT, parent) is True
    assert signed_in(other_team_manager).get(f"/parents/{parent.pk}/").status_code == 200
    for action in (Action.RECORD_CONSENT, Action.REQUEST_DISCLOSURE, Action.EDIT_PARENT):
        assert can(other_team_manager, action, parent) is False, action
    assert can(other_team_manager, Action.RECORD_CONTACT, episode) is False
    assert can(other_team_manager, Action.UPDATE_EPISODE, episode) is False
    # And the pages agree.
    client = signed_in(other_team_manager)
    for url in (
        f"/parents/{parent.pk}/consents/new/",
        f"/parents/{parent.pk}/disclosures/new/",
        f"/parents/{parent.pk}/details/",
    ):
        assert client.get(url).status_code == 404, url


# --- Approving a disclosure -------------------------------------------------------------


@pytest.fixture
def disclosure(team_manager, episode):
    return disclosure_request(
        parent=episode.parent,
        requested_by=team_manager,
        kind="safeguarding",
        recipient="Duty social worker",
        legal_basis="ca1989_s47",
        reasons="Risk of significant harm.",
        what_disclosed="The current address.",
    )


@pytest.mark.parametrize(
    "who,allowed",
    [
        ("service manager", True),
        ("another manager of the team", True),
        ("the requester", False),
        ("manager of another team, under break-glass", False),
        ("key worker (a practitioner)", False),
    ],
)
def test_who_may_approve_a_disclosure(
    signed_in,
    service,
    team,
    team_manager,
    practitioner,
    other_team_manager,
    disclosure,
    who,
    allowed,
):
    user = {
        "service manager": lambda: UserFactory(
            organisation=service, team=None, role=Role.SERVICE_MANAGER
        ),
        "another manager of the team": lambda: UserFactory(
            organisation=service, team=team, role=Role.TEAM_MANAGER
        ),
        "the requester": lambda: team_manager,
        "manager of another team, under break-glass": lambda: other_team_manager,
        "key worker (a practitioner)": lambda: practitioner,
    }[who]()
    if user == other_team_manager:
        break_glass_start(user=user, parent=disclosure.parent, reason=URGENT)
        assert can(user, Action.VIEW_PARENT, disclosure.parent)
    assert can(user, Action.APPROVE_DISCLOSURE, disclosure) is allowed

    response = signed_in(user).post(
        f"/disclosures/{disclosure.pk}/decide/",
        {"decision": "approve", **date_parts("disclosed_on", TODAY)},
    )
    disclosure.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert disclosure.status == "approved" and disclosure.decided_by == user
    else:
        assert response.status_code in (403, 404)
        assert disclosure.status == "awaiting_approval"


# --- Co-working from another team ----------------------------------------------------------


@pytest.mark.parametrize(
    "co_working,allowed",
    [("current", True), ("ended", False), ("never", False)],
)
def test_a_co_worker_from_another_team_works_on_the_episode_only_while_co_working(
    signed_in, service, other_team, team_manager, episode, co_working, allowed
):
    co_worker = UserFactory(organisation=service, team=other_team, role=Role.PRACTITIONER)
    if co_working != "never":
        CoWorker.objects.create(
            episode=episode,
            worker=co_worker,
            started_on=TODAY - timedelta(days=10),
            ended_on=TODAY - timedelta(days=1) if co_working == "ended" else None,
            added_by=team_manager,
        )
    assert episode.is_open
    assert can(co_worker, Action.RECORD_CONTACT, episode) is allowed
    assert can(co_worker, Action.UPDATE_EPISODE, episode) is allowed

    response = signed_in(co_worker).post(
        f"/plans/episodes/{episode.pk}/contacts/new/",
        {
            **date_parts("happened_on", TODAY),
            "contact_type": "home_visit",
            "who_was_there": "Parent",
            "duration_minutes": "45",
            "notes": "Joint visit with the key worker.",
        },
    )
    created = Contact.objects.filter(episode=episode, recorded_by=co_worker).exists()
    assert created is allowed, response.status_code
    assert response.status_code == (302 if allowed else 404)
