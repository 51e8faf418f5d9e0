"""Reading caseloads and a parent's story for a user, always through the access policy."""

from dataclasses import dataclass, replace
from datetime import date, datetime

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from alongside.accounts.models import Role, User
from alongside.core.access import get_allowed
from alongside.core.choices import label_of
from alongside.core.fields import EncryptedTextField
from alongside.core.prefetch import from_episodes, read_once
from alongside.measures.models import MeasureResponse
from alongside.people.models import Child, Parent
from alongside.people.selectors import PREGNANCIES, RELATIONSHIPS, STORY_STEPS
from alongside.plans.models import Achievement, Plan
from alongside.policy import Action, can, role_allows
from alongside.programmes.selectors import programme_in_use

from .clocks import clocks_for, list_prefetch
from .couples import JointContacts
from .endings import taper_progress
from .models import (
    Allocation,
    Approval,
    Blocker,
    Contact,
    CoWorker,
    Episode,
    GroupAttendance,
    OnwardKind,
    OnwardReferral,
    PhaseChange,
)

OPEN = ~Q(status=Episode.Status.CLOSED)


def _encrypted(model, prefix: str = "") -> list[str]:
    return [
        prefix + f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)
    ]


# Free text no caseload column shows (the parent's contact details, the closing note, the
# plan's meeting notes): left unread, so that a list of hundreds does not decrypt it.
_NOT_SHOWN = _encrypted(Episode) + _encrypted(Parent, "parent__") + _encrypted(Plan, "plan__")


def _with_caseload_columns(episodes: QuerySet[Episode]) -> QuerySet[Episode]:
    """Each episode with what the caseload, the waiting list and the manager's 'needs
    attention' list show: parent, key worker, team, last contact and number of contacts,
    current co-workers (`current_co_workers`), and what the clocks read (casework.clocks):
    programme, plan, and the parent's pregnancies and children, proceedings, measures and taper
    plans, as plain lists (`clocks.listed` reads them; `episode.proceedings.all()` would query
    again)."""
    contacts = Contact.objects.filter(episode=OuterRef("pk")).order_by()
    episodes = (
        episodes.select_related("parent", "key_worker", "team", "plan")
        .defer(*_NOT_SHOWN)
        .prefetch_related(
            # Read apart, not joined: a version holds its whole definition (4-8 KB of YAML), and
            # a join would send it once per episode. Prefetched, each version is read once and
            # its episodes share it, so its definition is parsed once a page.
            "programme_version",
            list_prefetch("parent__children"),
            list_prefetch("parent__pregnancies"),
            list_prefetch("proceedings"),
            # Only what the clocks read: the answers are encrypted.
            list_prefetch(
                "measures",
                MeasureResponse.objects.only("episode_id", "instrument", "completed_on"),
            ),
            list_prefetch("taper_plans"),
            Prefetch(
                "co_workers",
                queryset=CoWorker.objects.filter(ended_on__isnull=True).select_related("worker"),
                to_attr="current_co_workers",
            ),
        )
    )
    # Subqueries, not a join and GROUP BY over every selected column: one index look-up each.
    # COUNT(*), not COUNT(id): PostgreSQL then counts from the episode index alone (an index-only
    # scan), where COUNT(id) visits every contact's row: 20 ms of the team caseload's 26 ms.
    return episodes.annotate(
        last_contact_on=Subquery(contacts.order_by("-happened_on").values("happened_on")[:1]),
        contact_count=Coalesce(
            Subquery(contacts.values("episode_id").annotate(n=Count("*")).values("n")),
            Value(0),
        ),
    )


def caseload_for(user) -> QuerySet[Episode]:
    """The open episodes where this user is the key worker or a co-worker."""
    if not role_allows(user, Action.VIEW_CASELOAD):
        return Episode.objects.none()
    mine = Q(key_worker_id=user.pk) | Q(
        pk__in=CoWorker.objects.filter(worker_id=user.pk, ended_on__isnull=True).values(
            "episode_id"
        )
    )
    return _with_caseload_columns(
        Episode.objects.filter(OPEN, mine, organisation_id=user.organisation_id)
    ).order_by("parent__family_name", "parent__given_name", "pk")


def team_caseload_for(user) -> QuerySet[Episode]:
    """Open episodes a manager oversees: their team's, or the whole service's."""
    if not role_allows(user, Action.VIEW_TEAM_CASELOAD):
        return Episode.objects.none()
    episodes = Episode.objects.filter(OPEN, organisation_id=user.organisation_id)
    if user.role == Role.TEAM_MANAGER:
        episodes = episodes.filter(team_id=user.team_id)
    return _with_caseload_columns(episodes).order_by(
        "team__name", "key_worker__last_name", "parent__family_name", "pk"
    )


def allocatable_workers(user, episode: Episode) -> QuerySet[User]:
    workers = User.objects.filter(
        organisation_id=episode.organisation_id,
        is_active=True,
        role__in=[Role.PRACTITIONER, Role.TEAM_MANAGER],
    )
    if user.role == Role.TEAM_MANAGER:
        workers = workers.filter(team_id=episode.team_id)
    return workers.annotate(
        open_cases=Count(
            "key_worker_episodes", filter=~Q(key_worker_episodes__status=Episode.Status.CLOSED)
        )
    ).order_by("last_name", "first_name")


# Read with the episodes by `parent_for`, for the timeline and the overview's panels. Unordered:
# `onward_referrals_of` and `achievements_of` sort them (docs/capacity.md: Django's ORDER BY
# on joined rows costs more than the query).
ONWARD_REFERRALS = Prefetch(
    "onward_referrals", queryset=OnwardReferral.objects.select_related("recorded_by").order_by()
)
ACHIEVEMENTS = Prefetch(
    "achievements",
    queryset=Achievement.objects.select_related("goal", "recorded_by").order_by(),
)
# Measures completed: the timeline shows them all, the clocks look for the scheduled ones.
MEASURES = Prefetch(
    "measures", queryset=MeasureResponse.objects.select_related("recorded_by").order_by()
)


def onward_referrals_of(parent: Parent) -> list[OnwardReferral]:
    """The parent's onward referrals, newest first, with who recorded them: the page's own
    read when it has one (`parent_for`), else one query."""
    rows = from_episodes(parent, "onward_referrals")
    if rows is None:
        rows = ONWARD_REFERRALS.queryset.filter(episode__parent=parent)
    return sorted(rows, key=lambda r: (r.referred_on, r.pk), reverse=True)


def group_attendance_of(parent: Parent) -> list[GroupAttendance]:
    """The group sessions the parent attended, newest first, with the group and who recorded
    each. Read once for the parent's record however many panels show them (the timeline and
    the support panel): an attendance points at the parent with no way back, so it cannot be
    prefetched with them."""

    def read() -> list[GroupAttendance]:
        attended = GroupAttendance.objects.filter(parent=parent).select_related(
            "session__group", "recorded_by"
        )
        return sorted(attended.order_by(), key=lambda a: (a.session.held_on, a.pk), reverse=True)

    return read_once(parent, "group_attendance", read)


def parent_for(request, pk: int, action: Action = Action.VIEW_PARENT) -> Parent:
    """The parent's record for a page about them, loaded through the policy (404 and an audited
    refusal when out of scope), with what the overview shows prefetched."""
    # One read per table for the page: its panels (the timeline, the clocks, the plan, the
    # parent's space) use these rows rather than each reading them again.
    parents = Parent.objects.prefetch_related(
        "previous_names",
        Prefetch("children", queryset=Child.objects.prefetch_related(STORY_STEPS)),
        PREGNANCIES,
        RELATIONSHIPS,
        Prefetch(
            "episodes",
            # With the programme (a parent has few episodes, so its definition comes a few
            # times at most): the clocks and the programme panel read it.
            queryset=Episode.objects.select_related(
                "key_worker",
                "team",
                "closed_by",
                "plan",
                "programme_version__programme",
            )
            .prefetch_related(ONWARD_REFERRALS, ACHIEVEMENTS, MEASURES, "taper_plans")
            .order_by("-opened_on", "-pk"),
        ),
    )
    return get_allowed(request, parents, pk, action)


@dataclass(frozen=True)
class TimelineEvent:
    on: date
    at: datetime | None
    title: str
    by: str
    text: str
    detail: str = ""
    # Other parents whose record this event shows part of (a joint contact's partner): the
    # page records each as read.
    also_shows: tuple[int, ...] = ()
    # What the item is and the row it comes from ('contact' and the contact's id), so that the
    # family's chronology (workbook.chronology) can filter it and mark it significant; the user
    # who recorded it (their discipline); and who it is about where the source says:
    # 'parent:<id>', 'child:<id>', or 'partner' / 'child' for a family member named without a
    # record of their own.
    kind: str = ""
    ref: int | None = None
    author_id: int | None = None
    about: tuple[str, ...] = ()
    # A contact's notes and who was there, not yet read (`timeline_for(words=False)`): a page
    # showing 50 of 2,000 items decrypts only those 50 (`with_contact_words`).
    words_later: bool = False


def _contact_words(contact: Contact) -> tuple[str, str]:
    """A contact's text and detail on a timeline: its notes; how long and who was there."""
    details = []
    if contact.duration_minutes:
        details.append(f"{contact.duration_minutes} minutes")
    if contact.who_was_there:
        details.append(f"Who was there: {contact.who_was_there}")
    return contact.notes, ". ".join(details)


def with_contact_words(events: list[TimelineEvent]) -> list[TimelineEvent]:
    """The events with the notes of the contacts among them read, in one query."""
    later = [e.ref for e in events if e.words_later]
    if not later:
        return list(events)
    contacts = Contact.objects.only("pk", "notes", "who_was_there", "duration_minutes").in_bulk(
        later
    )
    return [
        replace(e, **dict(zip(("text", "detail"), _contact_words(contacts[e.ref]), strict=True)))
        if e.words_later
        else e
        for e in events
    ]


# Other apps add their events (goal progress, measures) without casework knowing them:
# `@register_timeline` a function of the parent returning TimelineEvents, read unordered
# (`timeline_order` sorts them all).
TIMELINE_PROVIDERS: list = []


def register_timeline(provider):
    TIMELINE_PROVIDERS.append(provider)
    return provider


def timeline_for(
    parent: Parent, viewer=None, words: bool = True, newest: int | None = None
) -> list[TimelineEvent]:
    """Everything that happened with the parent, newest first: contacts, decisions, endings.
    With `words=False` contacts' notes are left to `with_contact_words` (for a page of them).
    With `newest`, only the newest that many (contacts, the long part, are read only so far).

    A joint contact (casework.couples) shows on both parents' timelines. On the timeline of
    the parent whose episode does not hold it, its notes and who was there show only when
    `viewer` may view the other parent: a user who sees one parent of a couple does not learn
    what is on the other's record."""
    events: list[TimelineEvent] = []
    # Each contact's parents by id only: loading the parent row with every contact would
    # decrypt its contact details thousands of times on a long timeline. The few other parents
    # that joint contacts name are read once, below.
    # By the parent's episode ids, not a join: an OR across two joins makes the database scan
    # every contact in the service; against two indexed columns it reads only these.
    episode_ids = [episode.pk for episode in parent.episodes.all()]  # often already loaded
    contacts = Contact.objects.filter(
        Q(episode_id__in=episode_ids) | Q(joint_with_id__in=episode_ids)
    )
    if not words:
        # Only what a timeline item needs; the notes follow for the page shown.
        contacts = contacts.only(
            "pk",
            "created_at",
            "episode_id",
            "happened_on",
            "contact_type",
            "duration_minutes",
            "door_open",
            "joint_with_id",
            "recorded_by_id",
        )
    contacts = list(
        contacts.annotate(
            holder_id=F("episode__parent_id"), joint_parent_id=F("joint_with__parent_id")
        ).order_by("-happened_on", "-created_at", "-pk")[:newest]
    )
    others = Parent.objects.only("pk", "given_name", "family_name").in_bulk(
        {c.holder_id for c in contacts if c.joint_with_id is not None}
        | {c.joint_parent_id for c in contacts if c.joint_with_id is not None}
    )
    others[parent.pk] = parent
    joint = JointContacts(parent, viewer, others)
    # The few people who recorded them, once each (not one user row or name per contact).
    recorders = User.objects.in_bulk({c.recorded_by_id for c in contacts})
    recorded_by = {pk: user.display_name for pk, user in recorders.items()}
    for contact in contacts:
        title = label_of(contact, "contact_type")
        if contact.door_open:
            title = f"Door open (after the work ended): {title}"
        text, detail = _contact_words(contact) if words else ("", "")
        later = not words
        also_shows: tuple[int, ...] = ()
        if contact.joint_with_id is not None:
            # The partner's name is this parent's information too; nothing else of theirs.
            also_shows = (joint.partner(contact).pk,)
            title = joint.title(contact, title)
            withheld = joint.withheld(contact)
            if withheld is not None:
                text, detail, later = withheld, "", False
        events.append(
            TimelineEvent(
                on=contact.happened_on,
                at=contact.created_at,
                title=title,
                by=recorded_by[contact.recorded_by_id],
                text=text,
                detail=detail,
                also_shows=also_shows,
                kind="contact",
                ref=contact.pk,
                author_id=contact.recorded_by_id,
                about=(f"parent:{contact.holder_id}",)
                + ((f"parent:{contact.joint_parent_id}",) if contact.joint_with_id else ()),
                words_later=later,
            )
        )
    about = (f"parent:{parent.pk}",)
    for referral in parent.referrals.select_related("decided_by", "recorded_by").order_by():
        events.append(
            TimelineEvent(
                referral.received_on,
                referral.created_at,
                "Referral received",
                referral.recorded_by.display_name
                if referral.recorded_by
                else "Referred from outside the service",
                f"From: {referral.get_source_display()}",
                kind="referral",
                ref=referral.pk,
                author_id=referral.recorded_by_id,
                about=about,
            )
        )
        if referral.decided_on:
            events.append(
                TimelineEvent(
                    referral.decided_on,
                    referral.updated_at,
                    f"Referral {referral.get_status_display().lower()}",
                    referral.decided_by.display_name if referral.decided_by else "",
                    referral.decision_note,
                    kind="referral",
                    ref=referral.pk,
                    author_id=referral.decided_by_id,
                    about=about,
                )
            )
    allocations = (
        Allocation.objects.filter(episode__parent=parent)
        .select_related("worker", "allocated_by")
        .order_by()
    )
    for allocation in allocations:
        events.append(
            TimelineEvent(
                allocation.allocated_on,
                None,
                f"Key worker: {allocation.worker.display_name}",
                allocation.allocated_by.display_name,
                "",
                kind="allocation",
                ref=allocation.pk,
                author_id=allocation.allocated_by_id,
                about=about,
            )
        )
    for episode in parent.episodes.all():
        if episode.closed_on:
            events.append(
                TimelineEvent(
                    episode.closed_on,
                    episode.updated_at,
                    "Work ended",
                    episode.closed_by.display_name if episode.closed_by else "",
                    episode.closure_note,
                    episode.get_closure_reason_display(),
                    kind="ending",
                    ref=episode.pk,
                    author_id=episode.closed_by_id,
                    about=about,
                )
            )
    events += _onward_and_group_events(parent)
    for provider in TIMELINE_PROVIDERS:
        events += provider(parent)
    return sorted(events, key=timeline_order, reverse=True)[:newest]


def timeline_order(event: TimelineEvent) -> tuple:
    """The timeline's order, newest first when sorted with reverse=True: by day, then by time
    where there is one, then by kind and row (the one recorded later first), so that the
    events of one day come in one order on every page. The order is set here, once: the
    sources are read unordered (`.order_by()`), because on a query with joined rows Django's
    ORDER BY costs more than the query itself (docs/capacity.md)."""
    return (event.on, event.at is not None, event.at or datetime.min, event.kind, event.ref or 0)


def _onward_and_group_events(parent: Parent) -> list[TimelineEvent]:
    """Onward referrals and their first appointments, and each group session attended (once
    per session). A sexual or reproductive health referral stays off the timeline: it is the
    parent's own choice, shown only to the staff who work with them."""
    events: list[TimelineEvent] = []
    about = (f"parent:{parent.pk}",)
    onward = [
        r for r in onward_referrals_of(parent) if r.kind != OnwardKind.SEXUAL_REPRODUCTIVE_HEALTH
    ]
    for referral in onward:
        kind = referral.get_kind_display()
        events.append(
            TimelineEvent(
                referral.referred_on,
                referral.created_at,
                f"Onward referral: {kind.lower()}",
                referral.recorded_by.display_name,
                referral.notes,
                referral.service_name,
                kind="onward_referral",
                ref=referral.pk,
                author_id=referral.recorded_by_id,
                about=about,
            )
        )
        if referral.first_appointment_on:
            events.append(
                TimelineEvent(
                    referral.first_appointment_on,
                    None,
                    f"First appointment: {kind.lower()}",
                    "",
                    "",
                    f"{referral.service_name}: {referral.get_outcome_display().lower()}",
                    kind="onward_referral",
                    ref=referral.pk,
                    about=about,
                )
            )
    for row in group_attendance_of(parent):
        events.append(
            TimelineEvent(
                row.session.held_on,
                None,
                f"Group session: {row.session.group.name}",
                row.recorded_by.display_name,
                "",
                kind="group_session",
                ref=row.pk,
                author_id=row.recorded_by_id,
                about=about,
            )
        )
    return events


def path_for(user, episode: Episode) -> dict | None:
    """Where the parent is on the programme, how they got there, and what holds them up."""
    if episode is None or not can(user, Action.VIEW_PARENT, episode.parent):
        return None
    version = episode.programme_version
    spec = version.spec if version else None
    pathway = spec.pathway(episode.pathway) if spec and episode.pathway else None
    return {
        "episode": episode,
        "version": version,
        "programme": programme_in_use(episode.organisation_id) if version is None else None,
        "pathway": pathway,
        "phase": pathway.phase(episode.phase) if pathway else None,
        # Newest first, sorted here rather than by the query: Django compares each selected
        # column with the ordering, which for these joined rows costs more than the sort.
        "history": sorted(
            PhaseChange.objects.filter(episode=episode)
            .select_related("decided_by", "programme_version__programme")
            .order_by(),
            key=lambda change: (change.changed_on, change.pk),
            reverse=True,
        ),
        "blockers": sorted(
            blockers_for(episode).order_by(), key=lambda b: (b.started_on, b.pk), reverse=True
        ),
        "approvals": list(
            Approval.objects.filter(episode=episode).select_related("requested_by", "decided_by")[
                :5
            ]
        ),
        "clocks": clocks_for(episode, timezone.localdate()),
        "can_change": episode.is_open and can(user, Action.RECORD_CONTACT, episode),
        "can_approve": can(user, Action.APPROVE_DECISION, episode),
        "taper": taper_progress(episode, timezone.localdate()),
    }


def blockers_for(episode: Episode) -> QuerySet[Blocker]:
    return Blocker.objects.filter(episode=episode).select_related("recorded_by", "onward_referral")
