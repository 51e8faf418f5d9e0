"""The access policy's rules on records of the user's own organisation."""

import pytest

from alongside.accounts.models import Role
from alongside.audit.models import AuditEntry
from alongside.policy import Action, can, parents_visible_to

from .factories import (
    EpisodeFactory,
    OrganisationFactory,
    ParentFactory,
    TeamFactory,
    UserFactory,
)


@pytest.fixture
def other_team(service):
    return TeamFactory(organisation=service)


def user_of(service, team, role):
    return UserFactory(organisation=service, team=team, role=role)


@pytest.mark.parametrize(
    "who,view,contact,close,allocate",
    [
        ("key worker", True, True, True, False),
        ("colleague in the team", True, True, False, False),
        ("practitioner in another team", False, False, False, False),
        ("team manager", True, True, True, True),
        ("manager of another team", False, False, False, False),
        ("service manager", True, True, True, True),
        ("partner", False, False, False, False),
        ("analyst", False, False, False, False),
        ("administrator", False, False, False, False),
    ],
)
def test_who_may_do_what_with_an_open_case(
    service, team, other_team, practitioner, episode, who, view, contact, close, allocate
):
    user = {
        "key worker": practitioner,
        "colleague in the team": user_of(service, team, Role.PRACTITIONER),
        "practitioner in another team": user_of(service, other_team, Role.PRACTITIONER),
        "team manager": user_of(service, team, Role.TEAM_MANAGER),
        "manager of another team": user_of(service, other_team, Role.TEAM_MANAGER),
        "service manager": user_of(service, None, Role.SERVICE_MANAGER),
        "partner": user_of(service, None, Role.PARTNER),
        "analyst": user_of(service, None, Role.ANALYST),
        "administrator": user_of(service, None, Role.ADMINISTRATOR),
    }[who]
    assert can(user, Action.VIEW_PARENT, episode.parent) is view
    assert (episode.parent in parents_visible_to(user)) is view
    assert can(user, Action.RECORD_CONTACT, episode) is contact
    assert can(user, Action.CLOSE_EPISODE, episode) is close
    assert can(user, Action.ALLOCATE, episode) is allocate


def test_nobody_records_a_contact_on_a_closed_episode(service, team, practitioner):
    closed = EpisodeFactory(
        organisation=service, team=team, key_worker=practitioner, status="closed"
    )
    manager = user_of(service, None, Role.SERVICE_MANAGER)
    assert not can(practitioner, Action.RECORD_CONTACT, closed)
    assert not can(manager, Action.RECORD_CONTACT, closed)
    # The key worker still sees the parent they worked with.
    assert can(practitioner, Action.VIEW_PARENT, closed.parent)


def test_a_team_colleague_loses_sight_of_a_closed_case(service, team, practitioner):
    closed = EpisodeFactory(
        organisation=service, team=team, key_worker=practitioner, status="closed"
    )
    colleague = user_of(service, team, Role.PRACTITIONER)
    assert not can(colleague, Action.VIEW_PARENT, closed.parent)


def test_inactive_user_can_do_nothing(practitioner, episode):
    practitioner.is_active = False
    assert not can(practitioner, Action.VIEW_PARENT, episode.parent)


def test_refused_record_is_not_found_and_audited(signed_in, service, other_team, episode):
    outsider = user_of(service, other_team, Role.PRACTITIONER)
    response = signed_in(outsider).get(f"/parents/{episode.parent_id}/")
    assert response.status_code == 404
    entry = AuditEntry.objects.filter(outcome="refused").last()
    assert entry.actor_id == outsider.pk
    assert entry.parent_id == episode.parent_id


def test_role_refusal_is_audited(signed_in, service):
    analyst = user_of(service, None, Role.ANALYST)
    response = signed_in(analyst).get("/referrals/new/")
    assert response.status_code == 403
    assert AuditEntry.objects.filter(actor_id=analyst.pk, outcome="refused").exists()


# --- One answer per question per read-only request (issue 21) --------------------------------


def _scope_questions(monkeypatch) -> list:
    from alongside import policy

    asked = []
    real_in, real_covers = policy._in, policy._covers

    def counting(queryset, obj):
        asked.append((obj._meta.label_lower, obj.pk))
        return real_in(queryset, obj)

    def counting_covers(user, parent):
        asked.append((parent._meta.label_lower, parent.pk))
        return real_covers(user, parent)

    monkeypatch.setattr(policy, "_in", counting)
    monkeypatch.setattr(policy, "_covers", counting_covers)
    return asked


def test_the_parent_overview_asks_each_scope_question_once(
    signed_in, practitioner, episode, monkeypatch
):
    asked = _scope_questions(monkeypatch)
    response = signed_in(practitioner).get(f"/parents/{episode.parent_id}/")
    assert response.status_code == 200
    # Visibility, case scope and 'working on' for this parent and episode: asked once each
    # (it was asked about four times a page before).
    assert asked.count(("people.parent", episode.parent_id)) <= 2
    assert asked.count(("casework.episode", episode.pk)) <= 1


def test_outside_a_read_only_request_each_decision_is_made_afresh(practitioner, episode):
    from alongside.policy import decisions_remembered

    elsewhere = TeamFactory(organisation=practitioner.organisation)
    other = UserFactory(
        organisation=practitioner.organisation, team=elsewhere, role=Role.PRACTITIONER
    )
    assert not can(other, Action.RECORD_CONTACT, episode)
    with decisions_remembered():
        assert not can(other, Action.RECORD_CONTACT, episode)
        episode.key_worker = other
        episode.save()
        # Within one read-only request the first answer stands ...
        assert not can(other, Action.RECORD_CONTACT, episode)
    # ... and outside one (every write, the worker) the change is seen at once.
    assert can(other, Action.RECORD_CONTACT, episode)


def test_only_read_only_requests_remember_decisions(signed_in, practitioner, episode, monkeypatch):
    """GET and HEAD remember; a write's own checks are never served from a memo."""
    from alongside.core import middleware
    from alongside.policy import _remembered

    seen = []
    real = middleware.AccessPolicyMiddleware.process_view

    def spy(self, request, *args):
        seen.append((request.method, _remembered.get() is not None))
        return real(self, request, *args)

    monkeypatch.setattr(middleware.AccessPolicyMiddleware, "process_view", spy)
    client = signed_in(practitioner)
    client.get(f"/parents/{episode.parent_id}/")
    client.post(f"/parents/{episode.parent_id}/details/", {})
    assert ("GET", True) in seen
    assert ("POST", False) in seen


def test_case_scope_asked_of_one_parent_agrees_with_the_list_of_parents_in_scope(
    service, team, other_team, practitioner
):
    """`in_case_scope` asks about one parent's episodes (cheaper than listing the user's whole
    caseload, issue 21); it must give the answer `parents_in_case_scope` gives, for every kind
    of user and every kind of link to the parent, including another organisation's."""
    from datetime import date

    from alongside.casework.models import Allocation, CoWorker
    from alongside.policy import in_case_scope, parents_in_case_scope

    other_service = OrganisationFactory()
    colleague = user_of(service, team, Role.PRACTITIONER)
    elsewhere = user_of(service, other_team, Role.PRACTITIONER)
    former = user_of(service, other_team, Role.PRACTITIONER)
    co_worker = user_of(service, other_team, Role.PRACTITIONER)
    ended_co_worker = user_of(service, other_team, Role.PRACTITIONER)
    inactive = user_of(service, team, Role.PRACTITIONER)
    inactive.is_active = False
    inactive.save()
    users = [
        practitioner,
        colleague,
        elsewhere,
        former,
        co_worker,
        ended_co_worker,
        inactive,
        user_of(service, team, Role.TEAM_MANAGER),
        user_of(service, other_team, Role.TEAM_MANAGER),
        user_of(service, None, Role.SERVICE_MANAGER),
        user_of(service, None, Role.ANALYST),
        user_of(service, None, Role.PARTNER),
        UserFactory(organisation=other_service, role=Role.SERVICE_MANAGER),
        UserFactory(organisation=other_service, role=Role.PRACTITIONER),
    ]
    open_case = EpisodeFactory(organisation=service, team=team, key_worker=practitioner)
    closed_case = EpisodeFactory(
        organisation=service, team=team, key_worker=practitioner, status="closed"
    )
    handed_over = EpisodeFactory(organisation=service, team=team, key_worker=colleague)
    Allocation.objects.create(
        episode=handed_over,
        worker=former,
        allocated_on=date(2025, 1, 6),
        allocated_by=colleague,
        ended_on=date(2025, 6, 2),
    )
    co_worked = EpisodeFactory(organisation=service, team=other_team, key_worker=elsewhere)
    CoWorker.objects.create(
        episode=co_worked, worker=co_worker, started_on=date(2025, 3, 3), added_by=elsewhere
    )
    CoWorker.objects.create(
        episode=co_worked,
        worker=ended_co_worker,
        started_on=date(2025, 1, 6),
        ended_on=date(2025, 2, 3),
        added_by=elsewhere,
    )
    other_services_case = EpisodeFactory(
        organisation=other_service,
        team=TeamFactory(organisation=other_service),
        key_worker=users[-1],
    )
    no_episode = ParentFactory(organisation=service)
    parents = [
        e.parent for e in (open_case, closed_case, handed_over, co_worked, other_services_case)
    ] + [no_episode]

    answers = {}
    for user in users:
        listed = set(parents_in_case_scope(user).values_list("pk", flat=True))
        for parent in parents:
            answers[(user.username, parent.pk)] = in_case_scope(user, parent)
            assert answers[(user.username, parent.pk)] is (parent.pk in listed), (
                user.role,
                user.username,
                parent.pk,
            )
    # The grid is not trivially one-sided: some pairs are in scope and some are not.
    assert any(answers.values()) and not all(answers.values())
    assert in_case_scope(former, handed_over.parent)
    assert in_case_scope(ended_co_worker, co_worked.parent)
    service_manager, other_services_manager = users[9], users[-2]
    assert in_case_scope(service_manager, open_case.parent)
    assert not in_case_scope(service_manager, other_services_case.parent)
    assert not in_case_scope(other_services_manager, open_case.parent)
