"""What is offered while a parent waits, and eligibility shown when deciding on a referral."""

from datetime import timedelta

from django.utils import timezone

from alongside.audit.models import AuditEntry
from alongside.programmes.services import programme_adopt
from alongside.referrals.models import Referral

from ..factories import ChildFactory, EpisodeFactory, ParentFactory


def test_a_manager_records_what_is_offered_while_waiting(signed_in, team_manager, team, service):
    waiting = EpisodeFactory(organisation=service, team=team)
    client = signed_in(team_manager)
    assert "Nothing yet" in client.get("/").content.decode()
    today = timezone.localdate()
    body = client.post(
        f"/episodes/{waiting.pk}/waiting-offer/", {"offer": "consultation"}
    ).content.decode()
    assert "Enter the date offered" in body
    client.post(
        f"/episodes/{waiting.pk}/waiting-offer/",
        {
            "offer": "consultation",
            "offered_on_0": today.day,
            "offered_on_1": today.month,
            "offered_on_2": today.year,
        },
    )
    waiting.refresh_from_db()
    assert waiting.waiting_offer == "consultation" and waiting.waiting_offer_on == today
    assert "Consultation to the referring social worker" in client.get("/").content.decode()
    assert AuditEntry.objects.filter(description="Offer while waiting recorded").exists()


def test_no_offer_once_a_key_worker_is_allocated(signed_in, team_manager, episode):
    today = timezone.localdate()
    body = (
        signed_in(team_manager)
        .post(
            f"/episodes/{episode.pk}/waiting-offer/",
            {
                "offer": "lighter_support",
                "offered_on_0": today.day,
                "offered_on_1": today.month,
                "offered_on_2": today.year,
            },
        )
        .content.decode()
    )
    assert "already has a key worker" in body


def test_the_decision_page_shows_eligibility_and_what_is_missing(signed_in, team_manager, service):
    # Futures has an age rule; its parent has had one baby removed, at 2 months old.
    programme_adopt(organisation=service, template_key="futures", adopted_by=team_manager)
    parent = ParentFactory(organisation=service, date_of_birth=None)
    today = timezone.localdate()
    ChildFactory(
        parent=parent,
        legal_status="adopted",
        date_of_birth=today - timedelta(days=200),
        removed_on=today - timedelta(days=140),
    )
    referral = Referral.objects.create(
        organisation=service,
        parent=parent,
        received_on=timezone.localdate(),
        source="self",
        parent_agrees=True,
        reason="Self-referral",
        recorded_by=team_manager,
    )
    body = signed_in(team_manager).get(f"/referrals/{referral.pk}/decide/").content.decode()
    assert "Eligibility" in body
    assert "Cannot decide yet. Missing:" in body and "date of birth" in body


def test_a_practitioners_plan_waits_for_a_managers_sign_off_when_the_programme_says_so(
    practitioner, team_manager, episode
):
    from alongside.casework.approvals import approval_approve
    from alongside.casework.models import Approval
    from alongside.plans.services import plan_agree

    programme = programme_adopt(
        organisation=episode.organisation, template_key="early-fdac", adopted_by=team_manager
    )
    episode.programme_version = programme.current_version()
    episode.save()
    plan = plan_agree(
        episode=episode,
        agreed_by=practitioner,
        agreed_on=timezone.localdate(),
        attended="Parent, key worker, midwife",
    )
    approval = Approval.objects.get(episode=episode, kind="plan")
    assert approval.status == "awaiting" and approval.request == {"plan": plan.pk}
    approval_approve(approval=approval, decided_by=team_manager)
    approval.refresh_from_db()
    assert approval.status == "approved" and approval.decided_by == team_manager


def test_a_managers_own_plan_needs_no_second_manager(team_manager, episode):
    from alongside.casework.models import Approval
    from alongside.plans.services import plan_agree

    programme = programme_adopt(
        organisation=episode.organisation, template_key="early-fdac", adopted_by=team_manager
    )
    episode.programme_version = programme.current_version()
    episode.save()
    plan_agree(
        episode=episode, agreed_by=team_manager, agreed_on=timezone.localdate(), attended="Parent"
    )
    assert not Approval.objects.filter(kind="plan").exists()
