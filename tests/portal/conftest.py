"""Two parents in one service, each with a plan, a goal, a consent, an achievement, a message,
a notice and a measure sent to fill in, and each with a sign-in to their own space."""

from datetime import timedelta

import pytest
from django.utils import timezone

from alongside.accounts.models import Organisation, Role
from alongside.plans.services import achievement_add, goal_add, plan_agree
from alongside.portal.models import PortalAccount, PortalMessage, PortalNotice
from alongside.portal.services import measure_request_send
from alongside.sharing.services import consent_record

from ..factories import EpisodeFactory, OrganisationFactory, ParentFactory, UserFactory

TODAY = timezone.localdate()


def _parent_with_work(service, team, worker, partner, family_name, words):
    parent = ParentFactory(organisation=service, family_name=family_name, email="p@example.org")
    episode = EpisodeFactory(
        organisation=service,
        team=team,
        parent=parent,
        key_worker=worker,
        opened_on=TODAY - timedelta(days=60),
        next_contact_on=TODAY + timedelta(days=3),
    )
    plan = plan_agree(
        episode=episode, agreed_by=worker, agreed_on=TODAY - timedelta(days=30), attended="Parent"
    )
    goal = goal_add(
        plan=plan,
        added_by=worker,
        details={
            "family_member": "parent",
            "member_name": "",
            "area": "housing",
            "in_parents_words": words,
            "in_workers_words": "",
            "who_helps": "",
            "about_ending": False,
        },
        milestones=["Go to the housing office"],
    )
    consent = consent_record(
        parent=parent,
        recorded_by=worker,
        organisation=partner,
        categories=["contacts", "engagement"],
        purpose="Planning family time",
        starts_on=TODAY - timedelta(days=10),
        how_given="signed",
    )
    achievement = achievement_add(
        episode=episode,
        recorded_by=worker,
        happened_on=TODAY - timedelta(days=5),
        text=f"Signed a tenancy ({family_name})",
    )
    user = UserFactory(
        organisation=service, team=None, role=Role.PARENT, first_name="", last_name="", email=""
    )
    PortalAccount.objects.create(user=user, parent=parent)
    message = PortalMessage.objects.create(
        parent=parent, from_parent=True, author=user, text=f"Hello from {family_name}"
    )
    notice = PortalNotice.objects.create(
        parent=parent, kind=PortalNotice.Kind.CORRECTION, text=f"Fix my name {family_name}"
    )
    measure_request = measure_request_send(
        episode=episode, instrument_code="gad7", due_on=None, sent_by=worker
    )
    return {
        "parent": parent,
        "episode": episode,
        "goal": goal,
        "consent": consent,
        "achievement": achievement,
        "user": user,
        "message": message,
        "notice": notice,
        "measure_request": measure_request,
    }


@pytest.fixture
def two_parents(service, team, practitioner, team_manager):
    partner = OrganisationFactory(
        name="Northbrook social care (test)", kind=Organisation.Kind.PARTNER
    )
    return {
        "partner": partner,
        "worker": practitioner,
        "manager": team_manager,
        "mine": _parent_with_work(
            service, team, practitioner, partner, "Applewhite", "My own flat"
        ),
        "theirs": _parent_with_work(
            service, team, practitioner, partner, "Zebedee-Thorne", "Their secret goal"
        ),
    }
