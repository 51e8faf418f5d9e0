"""The access policy: the one place that decides who may see or do what. Deny by default.

Views declare what they need with `@requires(Action.X)` (or `@public`); a view with neither is
refused by AccessPolicyMiddleware. Views load their record through
`alongside.core.access.get_allowed`, which asks `can(user, action, obj)`; lists come from the
scope querysets here. Scope is decided once: `parents_in_case_scope` (the user's own work) and
`parents_visible_to` (that, plus view-only grants); every decision derives from them.

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
  limited time, to look and to record a contact about the emergency itself: no consents,
  disclosures or changes. The data protection lead sees every use.
- A referral awaiting decision lets a manager look at the parent, nothing more.
- Approving a disclosure needs a manager whose own work covers the parent, not the requester.
- The data protection lead (a responsibility, not a role) reads the access trail, break-glass
  uses and subject access exports for their own service.
- A parent signed in to their own space (alongside.portal) sees only their own record there,
  and nothing of the staff pages. Their key worker (or a manager whose work covers them)
  invites them; everyone whose own work covers the parent may read and answer their messages,
  so a manager sees them while the worker is away. Whoever works on the open episode (as for
  recording a contact, but not through break-glass) may send the parent a measure to fill in
  there, and withdraw it.
- Referrals from outside: a partner professional refers to a service that takes its
  referrals (the service issued its organisation a link, not revoked) and sees only the
  reference, status and what the service told it about what its own organisation referred.
  Service managers and administrators issue and revoke links and API tokens. Service
  managers merge two records of one person, and undo a merge.
- Impact reports: analysts and service managers see their own service's aggregates (suppressed,
  no parent named), export them and set unit costs and comparison populations. A network's
  host organisation's administrators create it and invite services; its analysts see
  aggregates across the services that agreed to take part; a service manager agrees (or
  withdraws) for their service, only to a network that invited it.
- The team around the family (alongside.workbook): the service's staff who may open a parent
  see the team, its shared record, tasks and meetings; those whose own work covers the parent
  add to it and say who is on the team. A partner professional sees it and adds contacts,
  observations and tasks only while a consent in force covers them (checked on every
  request); what they wrote stays. Group supervision is for the service only. A summary of
  the family (for a court, a conference or a new worker) is made, opened and downloaded again
  by the service's staff whose own work covers the parent; never by a partner.
- Population linkage: analysts and service managers run it and see the report (suppressed
  totals). Record-level results, including the early-help list, are identifiable: service
  managers only, and every view and download is audited.
- Clerical review of a linkage run (a sample of pairs of records, side by side, judged the
  same person or not) shows identifiable records: service managers only (they run linkage and
  see record-level results), their own organisation's runs, every pair seen and every decision
  audited. The accuracy it gives (totals only) is shown with the run's report.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from enum import StrEnum

from django.db.models import Q, QuerySet
from django.utils import timezone

from alongside.accounts.models import Role
from alongside.api.models import ApiToken
from alongside.casework.models import Approval, Blocker, Contact, Episode
from alongside.directory.models import DirectoryService
from alongside.people.models import Parent
from alongside.plans.models import Goal, Plan
from alongside.population.models import LinkageRun
from alongside.portal.models import (
    GoalView,
    MeasureRequest,
    PortalAccount,
    PortalMessage,
    PortalNotice,
)
from alongside.referrals.models import ParentMerge, PartnerAccess, Referral, ReferralStep
from alongside.reports.models import Network, NetworkInvitation, SteeringReport
from alongside.sharing.models import BreakGlass, Consent, Disclosure
from alongside.sharing.rules import consents_in_force_for
from alongside.workbook.models import FamilySummary, Meeting, Task, TeamEntry, TeamMember


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
    # Enrolment links, resets of passwords and two-factor, working hours: colleagues' accounts.
    MANAGE_USERS = "manage_users"
    USE_DRAFTS = "use_drafts"
    VIEW_POPULATION = "view_population"
    RUN_LINKAGE = "run_linkage"
    VIEW_LINKED_RECORDS = "view_linked_records"
    # Judge a sample of a run's pairs of records (identifiable), and download the decisions as
    # labels for the next run.
    REVIEW_LINKAGE = "review_linkage"
    VIEW_SHARED = "view_shared"
    RECORD_CONSENT = "record_consent"
    REQUEST_DISCLOSURE = "request_disclosure"
    APPROVE_DISCLOSURE = "approve_disclosure"
    BREAK_GLASS = "break_glass"
    VIEW_ACCESS_TRAIL = "view_access_trail"
    EXPORT_SUBJECT_ACCESS = "export_subject_access"
    VIEW_BREAK_GLASS_LOG = "view_break_glass_log"
    APPROVE_DECISION = "approve_decision"
    # Change the work on an open episode: pathway and phase, blockers, proceedings, the plan,
    # goals, reviews, achievements, measures and a tapered ending.
    UPDATE_EPISODE = "update_episode"
    # A contact after the work ended: allowed on a closed episode, which stays closed.
    RECORD_DOOR_OPEN_CONTACT = "record_door_open_contact"
    MANAGE_PROGRAMME = "manage_programme"
    # The national directory of services (public): add and edit any entry, with history.
    MANAGE_DIRECTORY = "manage_directory"
    # A service publishes its own directory entry from its programme definition.
    PUBLISH_TO_DIRECTORY = "publish_to_directory"
    # The parent's own space: only a parent, only their own record.
    USE_PORTAL = "use_portal"
    # Staff: invite a parent to their space (and again, to recover it); their messages.
    INVITE_PARENT = "invite_parent"
    MESSAGE_PARENT = "message_parent"
    # Staff: send a measure to the parent's space for them to fill in (and withdraw it).
    SEND_MEASURE = "send_measure"
    # A partner professional refers a parent to a service that takes its referrals, and
    # follows what it referred (reference, status and what the service told it; no record).
    REFER_AS_PARTNER = "refer_as_partner"
    # Issue and revoke partner organisations' referral links and API tokens.
    MANAGE_PARTNER_ACCESS = "manage_partner_access"
    # Make two records of one person one (and undo it).
    MERGE_PARENTS = "merge_parents"
    # Impact reports (alongside.reports): aggregates only, suppressed; no parent is named.
    VIEW_REPORTS = "view_reports"
    # The service's unit costs and comparison populations for the reports.
    EDIT_REPORT_SETTINGS = "edit_report_settings"
    # A network's aggregates across the services that agreed to take part (its host's analysts).
    VIEW_NETWORK = "view_network"
    # A service agrees to take part in a network that invited it (or withdraws).
    JOIN_NETWORK = "join_network"
    # Create the networks the organisation hosts and invite services to them.
    MANAGE_NETWORKS = "manage_networks"
    # The team around the family (alongside.workbook): see the team and its shared entries,
    # add a contact or observation to them, and say who is on the team. A partner's view and
    # write access come only from a consent in force, decided here on every request.
    VIEW_WORKBOOK = "view_workbook"
    ADD_TO_WORKBOOK = "add_to_workbook"
    MANAGE_TEAM = "manage_team"
    # A summary of the family for a court, a conference or a new worker (workbook.summary):
    # made, opened and downloaded again by the service's staff whose own work covers the parent.
    SUMMARISE_FAMILY = "summarise_family"


# Granted by being the service's data protection lead, whatever the role.
DATA_PROTECTION_ACTIONS = {
    Action.VIEW_ACCESS_TRAIL,
    Action.EXPORT_SUBJECT_ACCESS,
    Action.VIEW_BREAK_GLASS_LOG,
}
# Sharing work every member of the service's staff does on the parents they can see.
CASE_SHARING_ACTIONS = {Action.RECORD_CONSENT, Action.REQUEST_DISCLOSURE}
# The parent's own space, from the staff side.
PARENT_SPACE_ACTIONS = {Action.INVITE_PARENT, Action.MESSAGE_PARENT, Action.SEND_MEASURE}
# The team around the family, from the service's side.
WORKBOOK_ACTIONS = {
    Action.VIEW_WORKBOOK,
    Action.ADD_TO_WORKBOOK,
    Action.MANAGE_TEAM,
    Action.SUMMARISE_FAMILY,
}


SERVICE_STAFF = {Role.PRACTITIONER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER}
MANAGERS = {Role.TEAM_MANAGER, Role.SERVICE_MANAGER}

# What each role may do at all, before any record is considered.
ROLE_ACTIONS: dict[str, set[Action]] = {
    Role.PRACTITIONER: {
        *CASE_SHARING_ACTIONS,
        *PARENT_SPACE_ACTIONS,
        *WORKBOOK_ACTIONS,
        Action.VIEW_CASELOAD,
        Action.VIEW_PARENT,
        Action.EDIT_PARENT,
        Action.CREATE_REFERRAL,
        Action.RECORD_CONTACT,
        Action.UPDATE_EPISODE,
        Action.CLOSE_EPISODE,
        Action.RECORD_DOOR_OPEN_CONTACT,
        Action.USE_DRAFTS,
    },
    Role.TEAM_MANAGER: {
        *CASE_SHARING_ACTIONS,
        *PARENT_SPACE_ACTIONS,
        *WORKBOOK_ACTIONS,
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
        Action.UPDATE_EPISODE,
        Action.CLOSE_EPISODE,
        Action.RECORD_DOOR_OPEN_CONTACT,
        Action.USE_DRAFTS,
    },
    Role.SERVICE_MANAGER: {
        *CASE_SHARING_ACTIONS,
        *PARENT_SPACE_ACTIONS,
        *WORKBOOK_ACTIONS,
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
        Action.UPDATE_EPISODE,
        Action.CLOSE_EPISODE,
        Action.RECORD_DOOR_OPEN_CONTACT,
        Action.MANAGE_PROGRAMME,
        Action.PUBLISH_TO_DIRECTORY,
        Action.VIEW_TOTALS,
        Action.USE_DRAFTS,
        Action.VIEW_POPULATION,
        Action.RUN_LINKAGE,
        Action.VIEW_LINKED_RECORDS,
        Action.REVIEW_LINKAGE,
        Action.MANAGE_PARTNER_ACCESS,
        Action.MERGE_PARENTS,
        Action.VIEW_REPORTS,
        Action.EDIT_REPORT_SETTINGS,
        Action.JOIN_NETWORK,
    },
    Role.PARTNER: {
        Action.VIEW_SHARED,
        Action.REFER_AS_PARTNER,
        Action.VIEW_WORKBOOK,
        Action.ADD_TO_WORKBOOK,
    },
    Role.ANALYST: {
        Action.VIEW_TOTALS,
        Action.VIEW_POPULATION,
        Action.RUN_LINKAGE,
        Action.VIEW_REPORTS,
        Action.EDIT_REPORT_SETTINGS,
        Action.VIEW_NETWORK,
    },
    Role.ADMINISTRATOR: {
        Action.VIEW_USERS,
        Action.MANAGE_USERS,
        Action.MANAGE_DIRECTORY,
        Action.MANAGE_PARTNER_ACCESS,
        Action.MANAGE_NETWORKS,
    },
    Role.PARENT: {Action.USE_PORTAL},
}


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.organisation_id)


def role_allows(user, action: Action) -> bool:
    if action in DATA_PROTECTION_ACTIONS:
        return _active(user) and user.is_data_protection_lead
    return _active(user) and action in ROLE_ACTIONS.get(user.role, set())


# --- Scope: which records a user's work covers -----------------------------------------------


def _working_on(user) -> Q:
    """Episodes (Q over Episode) this user works on now: the writes on an episode start here."""
    if user.role == Role.SERVICE_MANAGER:
        return Q(organisation_id=user.organisation_id)
    if user.role == Role.TEAM_MANAGER:
        return Q(organisation_id=user.organisation_id, team_id=user.team_id)
    return Q(organisation_id=user.organisation_id) & (
        Q(key_worker_id=user.pk)
        | Q(co_workers__worker_id=user.pk, co_workers__ended_on__isnull=True)
        | (Q(team_id=user.team_id) & ~Q(status=Episode.Status.CLOSED))
    )


def _has_worked_on(user) -> Q:
    """Episodes this user works on now or has worked on (an earlier allocation or co-working)."""
    q = _working_on(user)
    if user.role == Role.PRACTITIONER:
        q |= Q(organisation_id=user.organisation_id) & (
            Q(allocations__worker_id=user.pk) | Q(co_workers__worker_id=user.pk)
        )
    return q


def _has_case_scope(user) -> bool:
    """Whether the user is active service staff: the only people with a case scope at all."""
    return _active(user) and user.role in SERVICE_STAFF


def episodes_worked_on_by(user) -> QuerySet[Episode]:
    if not _has_case_scope(user):
        return Episode.objects.none()
    return Episode.objects.filter(_has_worked_on(user)).distinct()


def parents_in_case_scope(user) -> QuerySet[Parent]:
    """Parents whose record this user's own work covers: every parent in the service for a
    service manager; otherwise parents with an episode the user works or has worked on. Not
    break-glass and not a referral awaiting decision: those let a manager look, nothing more."""
    if not _has_case_scope(user):
        return Parent.objects.none()
    in_org = Parent.objects.filter(organisation_id=user.organisation_id)
    if user.role == Role.SERVICE_MANAGER:
        return in_org
    return in_org.filter(pk__in=episodes_worked_on_by(user).values("parent_id"))


def _break_glass_parent_ids(user) -> QuerySet:
    return BreakGlass.objects.filter(user_id=user.pk, expires_at__gt=timezone.now()).values(
        "parent_id"
    )


def parents_visible_to(user) -> QuerySet[Parent]:
    """Every parent record this user may open: case scope, plus, for managers, parents with a
    referral awaiting decision and, for the break-glass hour, the parent they opened."""
    if not role_allows(user, Action.VIEW_PARENT):
        return Parent.objects.none()
    in_org = Parent.objects.filter(organisation_id=user.organisation_id)
    if user.role == Role.SERVICE_MANAGER:
        return in_org
    visible = Q(pk__in=parents_in_case_scope(user).values("pk"))
    if user.role == Role.TEAM_MANAGER:
        visible |= Q(pk__in=_break_glass_parent_ids(user))
        visible |= Q(
            pk__in=Referral.objects.filter(
                organisation_id=user.organisation_id,
                status=Referral.Status.AWAITING_DECISION,
            ).values("parent_id")
        )
    return in_org.filter(visible)


def networks_visible_to(user) -> QuerySet[Network]:
    """The networks whose aggregates this user may see: those their organisation hosts."""
    if not role_allows(user, Action.VIEW_NETWORK):
        return Network.objects.none()
    return Network.objects.filter(organisation_id=user.organisation_id)


def episodes_visible_to(user) -> QuerySet[Episode]:
    """Episodes of the parents this user may open."""
    return Episode.objects.filter(parent__in=parents_visible_to(user))


def _in(queryset: QuerySet, obj) -> bool:
    return queryset.filter(pk=obj.pk).exists()


# One read-only request asks the same question several times (the parent overview asks whether
# the user may open this parent for the page, its timeline, its partnerships and its links).
# While a GET is answered nothing it does can change the answer, so each scope question is
# answered once per request (`decisions_remembered`, opened by core.middleware). Outside such a
# request (every write, commands, the worker) each question is asked afresh.
_remembered: ContextVar[dict | None] = ContextVar("alongside_policy_decisions", default=None)


@contextmanager
def decisions_remembered() -> Iterator[None]:
    token = _remembered.set({})
    try:
        yield
    finally:
        _remembered.reset(token)


def _in_scope(scope: str, user, obj, answer: Callable[[], bool]) -> bool:
    """`answer()`, remembered for the request when it is read-only."""
    memo = _remembered.get()
    if memo is None:
        return answer()
    key = (scope, user.pk, obj._meta.label_lower, obj.pk)
    if key not in memo:
        memo[key] = answer()
    return memo[key]


def _visible(user, parent: Parent) -> bool:
    """`parent in parents_visible_to(user)`, asked as the case-scope question first: that is
    the whole answer for everyone but a team manager (whose referrals and break-glass add to
    it), and a page asks it anyway."""
    if not role_allows(user, Action.VIEW_PARENT):
        return False
    if in_case_scope(user, parent):
        return True
    if user.role != Role.TEAM_MANAGER:
        return False
    return _in_scope("visible", user, parent, lambda: _in(parents_visible_to(user), parent))


def in_case_scope(user, parent: Parent) -> bool:
    """Whether the user's own work covers the parent (`parents_in_case_scope`), remembered for
    a read-only request like every scope question."""
    return _in_scope("case", user, parent, lambda: _covers(user, parent))


def _covers(user, parent: Parent) -> bool:
    """`parent in parents_in_case_scope(user)`, asked of this parent's episodes alone: the same
    rule, without the database listing every parent the user works with first (3.1 ms a page
    on SQLite against 1.1 ms, docs/capacity.md)."""
    if not _has_case_scope(user) or parent.organisation_id != user.organisation_id:
        return False
    return (
        user.role == Role.SERVICE_MANAGER
        or episodes_worked_on_by(user).filter(parent_id=parent.pk).exists()
    )


def _working(user, episode: Episode) -> bool:
    return _in_scope(
        "working",
        user,
        episode,
        lambda: _in(Episode.objects.filter(_working_on(user)).distinct(), episode),
    )


# --- Decisions -------------------------------------------------------------------------------


def can(user, action: Action, obj=None) -> bool:
    """May `user` do `action` (to `obj`, when given)? False unless a rule says yes."""
    if not role_allows(user, action):
        return False
    if obj is None:
        return True
    obj = _subject(obj)
    if action == Action.MANAGE_DIRECTORY:
        # The directory is national and public: it belongs to no one service.
        return isinstance(obj, DirectoryService)
    if action == Action.PUBLISH_TO_DIRECTORY:
        # Only the service's own entry.
        return isinstance(obj, DirectoryService) and obj.organisation_id == user.organisation_id
    if action == Action.USE_PORTAL:
        return _portal_owns(user, obj)
    if action == Action.REFER_AS_PARTNER:
        # Only what the partner's own organisation referred.
        tracking = getattr(obj, "tracking", None) if isinstance(obj, Referral) else None
        return tracking is not None and tracking.referring_organisation_id == user.organisation_id
    if action == Action.JOIN_NETWORK:
        # A network that invited the user's service: its host is another organisation.
        return (
            isinstance(obj, Network)
            and NetworkInvitation.objects.filter(
                network=obj, organisation_id=user.organisation_id
            ).exists()
        )
    if action == Action.VIEW_SHARED:
        # A partner is in another organisation: only a consent in force opens the parent.
        return isinstance(obj, Parent) and bool(consents_in_force_for(user, obj))
    if user.role == Role.PARTNER and action in {Action.VIEW_WORKBOOK, Action.ADD_TO_WORKBOOK}:
        # The team around the family: a partner sees it and adds to it only while a consent
        # in force covers them, checked on every request; what they wrote stays.
        return isinstance(obj, Parent) and bool(consents_in_force_for(user, obj))
    if getattr(obj, "organisation_id", user.organisation_id) != user.organisation_id:
        return False
    if isinstance(obj, Disclosure):
        return _can_act_on_disclosure(user, action, obj)
    if isinstance(obj, Parent):
        return _can_act_on_parent(user, action, obj)
    if isinstance(obj, Episode):
        return _can_act_on_episode(user, action, obj)
    if isinstance(obj, Referral):
        return action in {Action.DECIDE_REFERRAL, Action.VIEW_REFERRALS}
    if isinstance(obj, PartnerAccess | ApiToken):
        return action == Action.MANAGE_PARTNER_ACCESS
    if isinstance(obj, ParentMerge):
        return action == Action.MERGE_PARENTS
    if isinstance(obj, Network):
        # The network's host organisation only.
        return action in {Action.VIEW_NETWORK, Action.MANAGE_NETWORKS}
    if isinstance(obj, SteeringReport):
        return action == Action.VIEW_REPORTS
    return isinstance(obj, LinkageRun)


def _subject(obj):
    """The record a decision is about: a goal is decided as its episode, a consent as its
    parent, and so on. A disclosure is decided as itself (who asked for it matters)."""
    if isinstance(obj, Goal):
        return obj.plan.episode
    if isinstance(obj, Plan | Approval | Blocker | Contact | MeasureRequest):
        return obj.episode
    if isinstance(obj, Consent | GoalView | PortalMessage | PortalNotice):
        return obj.parent
    if isinstance(obj, TeamMember | TeamEntry | Task | Meeting | FamilySummary):
        return obj.parent
    if isinstance(obj, ReferralStep):
        return obj.referral
    return obj


def portal_parent_id(user) -> int | None:
    """The parent a signed-in parent is: their own record, and no other."""
    if not role_allows(user, Action.USE_PORTAL):
        return None
    return (
        PortalAccount.objects.filter(user_id=user.pk, parent__organisation_id=user.organisation_id)
        .values_list("parent_id", flat=True)
        .first()
    )


def _portal_owns(user, obj) -> bool:
    """A parent acts only on their own record, whatever id they put in a URL or a form."""
    own = portal_parent_id(user)
    if own is None:
        return False
    parent_id = obj.pk if isinstance(obj, Parent) else getattr(obj, "parent_id", None)
    return parent_id == own


def _can_act_on_parent(user, action: Action, parent: Parent) -> bool:
    if action in DATA_PROTECTION_ACTIONS:
        return True
    if action == Action.BREAK_GLASS:
        # Only for a record in the manager's own service that they cannot already open.
        return not _visible(user, parent)
    if action in {Action.VIEW_PARENT, Action.VIEW_WORKBOOK}:
        return _visible(user, parent)
    if action in {
        Action.ADD_TO_WORKBOOK,
        Action.MANAGE_TEAM,
        Action.SUMMARISE_FAMILY,
        Action.EDIT_PARENT,
        Action.RECORD_CONSENT,
        Action.REQUEST_DISCLOSURE,
        Action.MESSAGE_PARENT,
        Action.MERGE_PARENTS,
    }:
        return in_case_scope(user, parent)
    if action == Action.INVITE_PARENT:
        # The key worker of the open work, or a manager working on it.
        return any(
            e.is_open
            and (e.key_worker_id == user.pk or user.role in MANAGERS)
            and _working(user, e)
            for e in parent.episodes.all()  # read once by the page that shows the parent
        )
    return False


def _can_act_on_disclosure(user, action: Action, disclosure: Disclosure) -> bool:
    if action == Action.APPROVE_DISCLOSURE:
        # Another manager, whose own work covers the parent, and never the one who asked.
        return disclosure.requested_by_id != user.pk and in_case_scope(user, disclosure.parent)
    return _can_act_on_parent(user, action, disclosure.parent)


def _break_glass_open(user, episode: Episode) -> bool:
    return (
        role_allows(user, Action.BREAK_GLASS)
        and BreakGlass.objects.filter(
            user_id=user.pk, parent_id=episode.parent_id, expires_at__gt=timezone.now()
        ).exists()
    )


def _can_act_on_episode(user, action: Action, episode: Episode) -> bool:
    if action == Action.VIEW_PARENT:
        return _visible(user, episode.parent)
    if action == Action.RECORD_DOOR_OPEN_CONTACT:
        return not episode.is_open and _working(user, episode)
    if action == Action.DECIDE_REFERRAL:
        # Starting work again is only for work that has ended.
        return not episode.is_open and _working(user, episode)
    if not episode.is_open:
        return False
    working = _working(user, episode)
    if action == Action.RECORD_CONTACT:
        # Break-glass lets a manager record a contact about the emergency itself.
        return working or _break_glass_open(user, episode)
    if action == Action.CLOSE_EPISODE:
        return working and (user.role in MANAGERS or episode.key_worker_id == user.pk)
    if action in {Action.UPDATE_EPISODE, Action.ALLOCATE, Action.APPROVE_DECISION}:
        return working
    if action == Action.SEND_MEASURE:
        # Those who may record a contact on the work, except through break-glass (which allows
        # a contact about the emergency itself, nothing more).
        return working
    return False
