"""Every model that holds a parent's data, in one registry: how to reach the parent from it,
when and how the retention policy deals with it, and where the subject access export shows it.

The retention policy (`sharing.retention`) and the subject access export (`sharing.exports`)
both read this registry, so a model cannot be covered by one and forgotten by the other.
`models_with_parent_data()` finds every model with a foreign-key path to a parent; the tests
fail when one of them is missing here. The table in `docs/retention.md` says the same in words.

Stages (what starts the clock and how long it runs is set in `sharing.retention`):
- NOTES: the case notes period after the work ended (7 years; 2 if the parent was never
  worked with). Free text is erased; dates, kinds and outcomes stay for statistics.
- IDENTITY: the identity period after the work ended (10 years; 2 if never worked with).
  The parent is anonymised; earlier names and details are deleted.
- KEPT: no free text to erase. The row stays, and is anonymous once the parent is.
- DRAFTS, FILES: not held against one parent, so deleted by age.
"""

from collections import deque
from dataclasses import dataclass
from enum import StrEnum

from django.apps import apps
from django.db.models import Model

PARENT = "people.Parent"


class Stage(StrEnum):
    NOTES = "notes"
    IDENTITY = "identity"
    KEPT = "kept"
    DRAFTS = "drafts"
    FILES = "files"


class Action(StrEnum):
    ERASE = "erase"  # empty the named free-text fields
    DELETE = "delete"  # delete the rows
    ANONYMISE = "anonymise"  # remove what identifies, keep what counts (special to the model)
    KEEP = "keep"  # nothing to remove


@dataclass(frozen=True)
class Holding:
    """One model holding a parent's data."""

    label: str  # "app_label.ModelName"
    to_parent: str | None  # ORM lookup from this model to the parent's id; None: not per parent
    stage: Stage
    action: Action
    erase: tuple[str, ...] = ()  # the free-text fields emptied (Action.ERASE)
    export: str | None = None  # the section of the subject access export
    not_exported: str = ""  # why not, when export is None
    what: str = ""  # what is removed or kept, in plain words, for the schedule

    @property
    def model(self) -> type[Model]:
        return apps.get_model(self.label)

    def rows_for(self, parent_ids):
        """This model's rows belonging to any of `parent_ids`."""
        return self.model._default_manager.filter(**{f"{self.to_parent}__in": list(parent_ids)})


REGISTRY: tuple[Holding, ...] = (
    # The parent and what identifies them
    Holding(
        PARENT,
        "pk",
        Stage.IDENTITY,
        Action.ANONYMISE,
        export="parent",
        what="Names, NHS number, phone, email, address, postcode and any gender write-in removed; "
        "date of birth "
        "becomes 1 January of the year of birth",
    ),
    Holding(
        "people.PreviousName",
        "parent_id",
        Stage.IDENTITY,
        Action.DELETE,
        export="previous_names",
        what="Deleted",
    ),
    Holding(
        "people.Child",
        "parent_id",
        Stage.IDENTITY,
        Action.ANONYMISE,
        export="children",
        what="Name removed; date of birth and due date become 1 January of their year",
    ),
    Holding(
        "people.ChildStatusChange",
        "child__parent_id",
        Stage.IDENTITY,
        Action.DELETE,
        export="children_over_time",
        what="Deleted: its dates would show the child's date of birth; the child's current "
        "status stays on the child",
    ),
    Holding(
        "people.Pregnancy",
        "parent_id",
        Stage.IDENTITY,
        Action.DELETE,
        export="pregnancies",
        what="Deleted: its dates would show the baby's date of birth",
    ),
    Holding(
        "people.RelationshipMember",
        "parent_id",
        Stage.IDENTITY,
        Action.DELETE,
        export="relationships",
        what="Deleted: it says who the parent was in a relationship with; the other parent's "
        "record keeps only that a relationship was recorded",
    ),
    Holding(
        "people.ParentChange",
        "parent_id",
        Stage.IDENTITY,
        Action.DELETE,
        export="changes_to_details",
        what="Deleted: it holds earlier names, dates of birth and NHS numbers",
    ),
    # Referrals and the work
    Holding(
        "referrals.Referral",
        "parent_id",
        Stage.NOTES,
        Action.ERASE,
        erase=("reason", "decision_note", "referrer_name", "referrer_contact"),
        export="referrals",
        what="Reason, decision note and the referrer's name and contact details erased",
    ),
    Holding(
        "referrals.Tracking",
        "referral__parent_id",
        Stage.NOTES,
        Action.ERASE,
        erase=("referrer_told",),
        export="referral_tracking",
        what="What the referrer was told erased; the reference and how the referral came kept",
    ),
    Holding(
        "referrals.ReferralStep",
        "referral__parent_id",
        Stage.NOTES,
        Action.ERASE,
        erase=("notes",),
        export="referral_steps",
        what="Notes erased; dates, kinds, methods, outcomes and screening reasons kept",
    ),
    Holding(
        "referrals.MatchDecision",
        "referral__parent_id",
        Stage.KEPT,
        Action.KEEP,
        export="match_decisions",
        what="Kept: which fields agreed and the answer, for the count of people referred again",
    ),
    Holding(
        "referrals.ParentMerge",
        "kept_id",
        Stage.NOTES,
        Action.ERASE,
        erase=("reason",),
        export="merges",
        what="Reason for the merge erased; what was moved and when kept, so it can be undone",
    ),
    Holding(
        "casework.Episode",
        "parent_id",
        Stage.NOTES,
        Action.ERASE,
        erase=("closure_note",),
        export="episodes",
        what="Closing note erased",
    ),
    Holding(
        "casework.Allocation",
        "episode__parent_id",
        Stage.NOTES,
        Action.ERASE,
        erase=("over_cap_reason",),
        export="allocations",
        what="Reason for going over the caseload cap erased",
    ),
    Holding(
        "casework.CoWorker",
        "episode__parent_id",
        Stage.KEPT,
        Action.KEEP,
        export="co_workers",
        what="Kept: who and when only",
    ),
    Holding(
        "casework.Contact",
        "episode__parent_id",
        Stage.NOTES,
        Action.ERASE,
        erase=("notes", "who_was_there"),
        export="contacts",
        what="Notes and who was there erased",
    ),
    Holding(
        "casework.PhaseChange",
        "episode__parent_id",
        Stage.NOTES,
        Action.ERASE,
        erase=("note",),
        export="phase_changes",
        what="Note erased; pathway, phase and decision kept",
    ),
    Holding(
        "casework.Blocker",
        "episode__parent_id",
        Stage.NOTES,
        Action.ERASE,
        erase=("description",),
        export="blockers",
        what="Description erased; kind and dates kept",
    ),
    Holding(
        "casework.Proceedings",
        "episode__parent_id",
        Stage.KEPT,
        Action.KEEP,
        export="proceedings",
        what="Kept: dates only",
    ),
    Holding(
        "casework.Approval",
        "episode__parent_id",
        Stage.NOTES,
        Action.ERASE,
        erase=("summary", "asked", "comments"),
        export="approvals",
        what="What was asked and the manager's comments erased; kind, status and dates kept",
    ),
    Holding(
        "casework.TaperPlan",
        "episode__parent_id",
        Stage.KEPT,
        Action.KEEP,
        export="taper_plans",
        what="Kept: who and when only",
    ),
    Holding(
        "casework.TaperStep",
        "plan__episode__parent_id",
        Stage.KEPT,
        Action.KEEP,
        export="taper_steps",
        what="Kept: frequency and dates only",
    ),
    Holding(
        "casework.OnwardReferral",
        "episode__parent_id",
        Stage.NOTES,
        Action.ERASE,
        erase=("service_name", "notes"),
        export="onward_referrals",
        what="Service name and notes erased; kind, dates and outcome kept",
    ),
    Holding(
        "casework.ReproductiveHealthChoice",
        "episode__parent_id",
        Stage.NOTES,
        Action.ERASE,
        erase=("details", "service_name"),
        export="reproductive_health_choices",
        what="Details and service erased; the choice and date kept, counted only in totals",
    ),
    Holding(
        "casework.GroupAttendance",
        "parent_id",
        Stage.KEPT,
        Action.KEEP,
        export="group_attendance",
        what="Kept: which session only",
    ),
    Holding(
        "casework.PeerMentorRole",
        "parent_id",
        Stage.NOTES,
        Action.ERASE,
        erase=("description",),
        export="peer_mentor_roles",
        what="Description erased; dates kept",
    ),
    # Plans
    Holding(
        "plans.Plan",
        "episode__parent_id",
        Stage.NOTES,
        Action.ERASE,
        erase=("attended", "meeting_notes"),
        export="plans",
        what="Who attended and the meeting notes erased; dates kept",
    ),
    Holding(
        "plans.Goal",
        "plan__episode__parent_id",
        Stage.NOTES,
        Action.ERASE,
        erase=("member_name", "in_parents_words", "in_workers_words", "who_helps"),
        export="goals",
        what="The goal's words, who helps and the family member's name erased; area and "
        "status kept",
    ),
    Holding(
        "plans.Milestone",
        "goal__plan__episode__parent_id",
        Stage.NOTES,
        Action.ERASE,
        erase=("text",),
        export="milestones",
        what="Text erased",
    ),
    Holding(
        "plans.Review",
        "plan__episode__parent_id",
        Stage.NOTES,
        Action.ERASE,
        erase=("attended", "notes"),
        export="reviews",
        what="Who attended and the notes erased; dates kept",
    ),
    Holding(
        "plans.GoalProgress",
        "goal__plan__episode__parent_id",
        Stage.KEPT,
        Action.KEEP,
        export="goal_progress",
        what="Kept: outcomes and dates only",
    ),
    Holding(
        "plans.Achievement",
        "parent_id",
        Stage.NOTES,
        Action.ERASE,
        erase=("text",),
        export="achievements",
        what="Text erased; date and whose kept",
    ),
    # Measures
    Holding(
        "measures.MeasureResponse",
        "parent_id",
        Stage.NOTES,
        Action.ERASE,
        erase=("answers_text",),
        export="measures",
        what="Answers erased; scores kept for statistics",
    ),
    # Sharing
    Holding(
        "sharing.Consent",
        "parent_id",
        Stage.NOTES,
        Action.ERASE,
        erase=("purpose", "witness", "withdrawal_note"),
        export="consents",
        what="Purpose, witness and withdrawal note erased; who, what and dates kept",
    ),
    Holding(
        "sharing.Disclosure",
        "parent_id",
        Stage.NOTES,
        Action.ERASE,
        erase=("recipient", "reasons", "what_disclosed", "decision_note", "not_told_reason"),
        export="disclosures",
        what="Recipient, reasons, what was disclosed and the notes erased; kind, legal basis "
        "and dates kept",
    ),
    Holding(
        "sharing.BreakGlass",
        "parent_id",
        Stage.NOTES,
        Action.ERASE,
        erase=("reason",),
        export="break_glass",
        what="Reason erased; who and when kept",
    ),
    # The parent's own space (alongside.portal)
    Holding(
        "portal.PortalAccount",
        "parent_id",
        Stage.IDENTITY,
        Action.DELETE,
        export="portal_account",
        what="Deleted: the link between the parent and their sign-in, which holds no name or email",
    ),
    Holding(
        "portal.PortalInvitation",
        "parent_id",
        Stage.NOTES,
        Action.DELETE,
        export="portal_invitations",
        what="Deleted",
    ),
    Holding(
        "portal.GoalView",
        "parent_id",
        Stage.NOTES,
        Action.ERASE,
        erase=("text",),
        export="goal_views",
        what="The parent's words erased; the goal and date kept",
    ),
    Holding(
        "portal.PortalMessage",
        "parent_id",
        Stage.NOTES,
        Action.ERASE,
        erase=("text",),
        export="portal_messages",
        what="Text erased; who and when kept",
    ),
    Holding(
        "portal.MeasureRequest",
        "parent_id",
        Stage.NOTES,
        Action.DELETE,
        export="measure_requests",
        what="Deleted: the parent's answers stay with their questionnaires",
    ),
    Holding(
        "portal.PortalNotice",
        "parent_id",
        Stage.NOTES,
        Action.ERASE,
        erase=("text",),
        export="portal_notices",
        what="Text of a correction request erased; kind and dates kept",
    ),
    # The team around the family (alongside.workbook)
    Holding(
        "workbook.TeamMember",
        "parent_id",
        Stage.NOTES,
        Action.ERASE,
        erase=("role",),
        export="team_members",
        what="Role on the family erased; who, discipline and dates kept",
    ),
    Holding(
        "workbook.TeamEntry",
        "parent_id",
        Stage.NOTES,
        Action.ERASE,
        erase=("text",),
        export="team_entries",
        what="What the team recorded erased; kind, date and organisation kept",
    ),
    Holding(
        "workbook.Task",
        "parent_id",
        Stage.NOTES,
        Action.ERASE,
        erase=("title",),
        export="team_tasks",
        what="What the task was erased; owner, dates and status kept",
    ),
    Holding(
        "workbook.Meeting",
        "parent_id",
        Stage.NOTES,
        Action.ERASE,
        erase=("attended", "discussion", "decisions"),
        export="team_meetings",
        what="Who attended, discussion and decisions erased; kind and date kept",
    ),
    Holding(
        "workbook.RiskAssessment",
        "parent_id",
        Stage.NOTES,
        Action.ERASE,
        erase=("note",),
        export="risk_assessments",
        what="The note erased; the ratings, date and organisation kept",
    ),
    Holding(
        "workbook.SignificantItem",
        "parent_id",
        Stage.KEPT,
        Action.KEEP,
        export="significant_items",
        what="Kept: no free text; which item of the chronology was marked significant, by whom "
        "and when",
    ),
    Holding(
        "workbook.FamilySummary",
        "parent_id",
        Stage.NOTES,
        Action.DELETE,
        export="family_summaries",
        what="Deleted: a copy of the record made for a court, a conference or a new worker, "
        "with the service's view",
    ),
    # Not linked by a foreign key, but still about the parent
    Holding(
        "audit.AuditEntry",
        "parent_id",
        Stage.KEPT,
        Action.KEEP,
        export="who_viewed_or_changed_the_record",
        what="Never changed. Holds ids, actions and page names only, never content",
    ),
    Holding(
        "core.FormDraft",
        None,
        Stage.DRAFTS,
        Action.DELETE,
        not_exported="A worker's unsent typing, held against the worker and the page, not the "
        "parent; deleted 30 days after it was last saved",
        what="Deleted",
    ),
    Holding(
        "population.LinkageRun",
        None,
        Stage.FILES,
        Action.DELETE,
        not_exported="Population extracts about many people, not held against one parent",
        what="Uploaded extracts, results and quarantine files deleted; the run's counts kept",
    ),
    Holding(
        "jobs.Job",
        None,
        Stage.FILES,
        Action.DELETE,
        not_exported="Import files about many people, not held against one parent",
        what="Import files and their rejected rows deleted",
    ),
)

BY_LABEL = {h.label: h for h in REGISTRY}


def holding_for(model: type[Model]) -> Holding | None:
    return BY_LABEL.get(model._meta.label)


def parent_holdings() -> list[Holding]:
    """The holdings reached from one parent, in registry order."""
    return [h for h in REGISTRY if h.to_parent is not None]


def models_with_parent_data() -> list[str]:
    """Every installed model with a foreign-key path (forward foreign keys, one-to-ones and
    many-to-manys) to a parent, found by looking at the models, not at this registry."""
    links: dict[str, set[str]] = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.concrete and field.is_relation and field.related_model is not None:
                links.setdefault(model._meta.label, set()).add(field.related_model._meta.label)
    found: set[str] = {PARENT}
    queue = deque([PARENT])
    while queue:
        target = queue.popleft()
        for label, targets in links.items():
            if target in targets and label not in found:
                found.add(label)
                queue.append(label)
    return sorted(found)
