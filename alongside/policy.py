"""The access policy: the one place that decides who may see or do what. Deny by default.

Views declare what they need with `@requires(Action.X)` (or `@public`); a view with neither is
refused by AccessPolicyMiddleware. Views and selectors then ask `can(user, action, obj)` for
the record itself and list records only through `parents_visible_to(user)`.

Rules
- Everyone works only within their own organisation.
- Practitioners see the parents allocated to them and their team's cases.
- Team managers see their team's cases and referrals awaiting a decision.
- Service managers see every parent in their service.
- Partner professionals, analysts and administrators see no parent's record here: partners see
  only what a parent has agreed to share (a separate partner view), analysts see totals only.
- Partners see, in a partner view, only the items that a consent in force shares with their
  organisation (alongside.sharing.rules). Nothing else of a parent's record reaches them.
- Decisions the programme says need sign-off (a phase change, closing the work) wait for a
  team manager (their team) or service manager to approve or return them.
- Service managers choose the service's programme and edit its definition (each edit a new
  version; work already started keeps its version).
- Break-glass: a team manager may open a parent outside their team for a stated reason, for a
  limited time; the data protection lead sees every use.
- The data protection lead (a responsibility, not a role) reads the access trail, break-glass
  uses and subject access exports for their own service.
- Population linkage: analysts and service managers run it and see the report (suppressed
  totals). Record-level results, including the early-help list, are identifiable: service
  managers only, and every view and download is audited.
"""

from enum import StrEnum

from django.db.models import Q, QuerySet
from django.utils import timezone

from alongside.accounts.models import Role


class Action(StrEnum):
    VIEW_CASELOAD = "view_caseload"
    VIEW_TEAM_CASELOAD = "view_team_caseload"
    VIEW_PARENT = "view_parent"
    EDIT_PARENT = "edit_parent"
    CREATE_REFERRAL = "create_referral"
    VIEW_REFERRALS = "view_referrals"
    DECIDE_REFERRAL = "decide_referral"
    ALLOCATE = "allocate"
    RECORD_CONTACT = "record_contact"
    CLOSE_EPISODE = "close_episode"
    VIEW_TOTALS = "view_totals"
    VIEW_USERS = "view_users"
    USE_DRAFTS = "use_drafts"
    VIEW_POPULATION = "view_population"
    RUN_LINKAGE = "run_linkage"
    VIEW_LINKED_RECORDS = "view_linked_records"
    VIEW_SHARED = "view_shared"
    RECORD_CONSENT = "record_consent"
    REQUEST_DISCLOSURE = "request_disclosure"
    APPROVE_DISCLOSURE = "approve_disclosure"
    BREAK_GLASS = "break_glass"
    VIEW_ACCESS_TRAIL = "view_access_trail"
    EXPORT_SUBJECT_ACCESS = "export_subject_access"
    VIEW_BREAK_GLASS_LOG = "view_break_glass_log"
    APPROVE_DECISION = "approve_decision"
    # A contact after the work ended: allowed on a closed episode, which stays closed.
    RECORD_DOOR_OPEN_CONTACT = "record_door_open_contact"
    MANAGE_PROGRAMME = "manage_programme"


# Granted by being the service's data protection lead, whatever the role.
DATA_PROTECTION_ACTIONS = {
    Action.VIEW_ACCESS_TRAIL,
    Action.EXPORT_SUBJECT_ACCESS,
    Action.VIEW_BREAK_GLASS_LOG,
}
# Sharing work every member of the service's staff does on the parents they can see.
CASE_SHARING_ACTIONS = {Action.RECORD_CONSENT, Action.REQUEST_DISCLOSURE}


SERVICE_STAFF = {Role.PRACTITIONER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER}
MANAGERS = {Role.TEAM_MANAGER, Role.SERVICE_MANAGER}

# What each role may do at all, before any record is considered.
ROLE_ACTIONS: dict[str, set[Action]] = {
    Role.PRACTITIONER: {
        *CASE_SHARING_ACTIONS,
        Action.VIEW_CASELOAD,
        Action.VIEW_PARENT,
        Action.EDIT_PARENT,
        Action.CREATE_REFERRAL,
        Action.RECORD_CONTACT,
        Action.CLOSE_EPISODE,
        Action.RECORD_DOOR_OPEN_CONTACT,
        Action.USE_DRAFTS,
    },
    Role.TEAM_MANAGER: {
        *CASE_SHARING_ACTIONS,
        Action.APPROVE_DISCLOSURE,
        Action.APPROVE_DECISION,
        Action.BREAK_GLASS,
        Action.VIEW_CASELOAD,
        Action.VIEW_TEAM_CASELOAD,
        Action.VIEW_PARENT,
        Action.EDIT_PARENT,
        Action.CREATE_REFERRAL,
        Action.VIEW_REFERRALS,
        Action.DECIDE_REFERRAL,
        Action.ALLOCATE,
        Action.RECORD_CONTACT,
        Action.CLOSE_EPISODE,
        Action.RECORD_DOOR_OPEN_CONTACT,
        Action.USE_DRAFTS,
    },
    Role.SERVICE_MANAGER: {
        *CASE_SHARING_ACTIONS,
        Action.APPROVE_DISCLOSURE,
        Action.APPROVE_DECISION,
        Action.VIEW_CASELOAD,
        Action.VIEW_TEAM_CASELOAD,
        Action.VIEW_PARENT,
        Action.EDIT_PARENT,
        Action.CREATE_REFERRAL,
        Action.VIEW_REFERRALS,
        Action.DECIDE_REFERRAL,
        Action.ALLOCATE,
        Action.RECORD_CONTACT,
        Action.CLOSE_EPISODE,
        Action.RECORD_DOOR_OPEN_CONTACT,
        Action.MANAGE_PROGRAMME,
        Action.VIEW_TOTALS,
        Action.USE_DRAFTS,
        Action.VIEW_POPULATION,
        Action.RUN_LINKAGE,
        Action.VIEW_LINKED_RECORDS,
    },
    Role.PARTNER: {Action.VIEW_SHARED},
    Role.ANALYST: {Action.VIEW_TOTALS, Action.VIEW_POPULATION, Action.RUN_LINKAGE},
    Role.ADMINISTRATOR: {Action.VIEW_USERS},
}


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.organisation_id)


def role_allows(user, action: Action) -> bool:
    if action in DATA_PROTECTION_ACTIONS:
        return _active(user) and user.is_data_protection_lead
    return _active(user) and action in ROLE_ACTIONS.get(user.role, set())


def parents_visible_to(user) -> QuerySet:
    """Every parent record this user may open. Empty for anyone outside the rules."""
    from alongside.people.models import Parent

    if not role_allows(user, Action.VIEW_PARENT):
        return Parent.objects.none()
    in_org = Parent.objects.filter(organisation_id=user.organisation_id)
    if user.role == Role.SERVICE_MANAGER:
        return in_org
    if user.role == Role.TEAM_MANAGER:
        return in_org.filter(
            Q(break_glass__user_id=user.pk, break_glass__expires_at__gt=timezone.now())
            | Q(episodes__team_id=user.team_id)
            | Q(
                referrals__status="awaiting_decision",
                referrals__organisation_id=user.organisation_id,
            )
        ).distinct()
    # Practitioner: allocated to them (past or present), co-working, or an open case in their team.
    return in_org.filter(
        Q(episodes__key_worker_id=user.pk)
        | Q(episodes__allocations__worker_id=user.pk)
        | Q(episodes__co_workers__worker_id=user.pk)
        | (Q(episodes__team_id=user.team_id) & ~Q(episodes__status="closed"))
    ).distinct()


def can(user, action: Action, obj=None) -> bool:
    """May `user` do `action` (to `obj`, when given)? False unless a rule says yes."""
    if not role_allows(user, action):
        return False
    if obj is None:
        return True
    from alongside.casework.models import Episode
    from alongside.people.models import Parent
    from alongside.referrals.models import Referral

    if isinstance(obj, Parent):
        return _can_act_on_parent(user, action, obj)
    if isinstance(obj, Referral):
        if obj.organisation_id != user.organisation_id:
            return False
        return action in {Action.DECIDE_REFERRAL, Action.VIEW_REFERRALS} and user.role in MANAGERS
    if isinstance(obj, Episode):
        return _can_act_on_episode(user, action, obj)
    from alongside.population.models import LinkageRun

    if isinstance(obj, LinkageRun):
        return obj.organisation_id == user.organisation_id
    return False


def _can_act_on_parent(user, action: Action, parent) -> bool:
    if action in DATA_PROTECTION_ACTIONS:
        return parent.organisation_id == user.organisation_id
    if action == Action.VIEW_SHARED:
        from alongside.sharing.selectors import consents_in_force_for

        return bool(consents_in_force_for(user, parent))
    if action == Action.BREAK_GLASS:
        # Only for a record in the manager's own service that they cannot already open.
        return (
            parent.organisation_id == user.organisation_id
            and not parents_visible_to(user).filter(pk=parent.pk).exists()
        )
    return parents_visible_to(user).filter(pk=parent.pk).exists()


def _can_act_on_episode(user, action: Action, episode) -> bool:
    if episode.organisation_id != user.organisation_id:
        return False
    writes = {
        Action.RECORD_CONTACT,
        Action.CLOSE_EPISODE,
        Action.ALLOCATE,
        Action.APPROVE_DECISION,
    }
    if action in writes and not episode.is_open:
        return False
    if action == Action.RECORD_DOOR_OPEN_CONTACT and episode.is_open:
        return False
    if action == Action.DECIDE_REFERRAL and episode.is_open:
        return False  # starting work again is only for work that has ended
    if user.role == Role.SERVICE_MANAGER:
        return True
    if user.role == Role.TEAM_MANAGER:
        return episode.team_id == user.team_id
    if action == Action.CLOSE_EPISODE:
        return episode.key_worker_id == user.pk
    return (
        episode.key_worker_id == user.pk
        or episode.team_id == user.team_id
        or episode.co_workers.filter(worker_id=user.pk, ended_on__isnull=True).exists()
    )
