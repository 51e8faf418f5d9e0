"""The family summary (issue 16, item 6): one succinct document for a date range and one
recipient (a court, a child protection conference, a new worker in the service), as HTML and
as a paginated PDF (`alongside.core.pdf`, ReportLab).

What it holds, in this order: family composition; the children's status history; the
chronology (the work's milestones, births, contacts marked significant, or every contact when
asked, and the team's entries and meetings marked significant); goals and progress per person;
measures with their change from first to latest; engagement (contacts offered, attended,
missed); and the service's view, written by the worker who asks for it.

Who may see what (`Sharing`). Every item belongs to one part of the record (`Part`). A new
worker in the service sees everything the service holds. For a court or a conference an item
is included only when
- the parent's consent in force for the recipient's organisation (one with no job-role limit)
  shares the item's consent category (`PART_CONSENT`) at the item's level, by the same rule as
  the partner view (`sharing.rules.item_visible`): a service-only or safeguarding contact
  never, a team-around-the-family item with any consent in force; or
- a recorded lawful basis disclosed it to that kind of recipient: a contact named in an
  approved disclosure (to the court for a court; a safeguarding disclosure for a conference),
  or, for a court, a contact known to have been disclosed in the proceedings.
Everything else is counted, per part, as withheld: 'N items withheld: <part>', with no content.
A goal about sexual and reproductive health never leaves the service.

Built from the records directly, in a fixed number of queries however long the record is, so
that a family with 2,000 timeline items gives its PDF in well under 3 seconds (`make bench`).
"""

import base64
import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from django.db.models import F, Q
from django.utils import timezone

from alongside.casework.couples import JointContacts
from alongside.casework.models import (
    Allocation,
    Contact,
    ContactType,
    Episode,
    GroupAttendance,
    Proceedings,
)
from alongside.casework.selectors import timeline_for
from alongside.core.choices import label_of
from alongside.core.pdf import Entry, Heading, Table, Text, pdf_document
from alongside.measures.definitions import get_instrument
from alongside.measures.models import MeasureResponse
from alongside.measures.scoring import change_between
from alongside.people.choices import PregnancyOutcome
from alongside.people.models import ChildStatusChange, Parent, Pregnancy, RelationshipMember
from alongside.plans.models import Area, Goal, GoalProgress
from alongside.sharing.choices import Category, Confidentiality, DisclosureKind
from alongside.sharing.models import Disclosure
from alongside.sharing.rules import CATEGORY_LEVEL, consent_in_force, item_visible

from .models import FamilySummary, ItemKind, Meeting, SignificantItem, TeamEntry

# A summary whose dates hold more timeline items than this is built in the background.
LARGE = 500
SUMMARY_JOB = "family_summary"


class Part(StrEnum):
    """The parts of the record a summary draws on: what is shared, and what is counted."""

    FAMILY = "family"
    WORK = "work"
    CONTACTS = "contacts"
    TEAM = "team"
    GOALS = "goals"
    MEASURES = "measures"
    VIEW = "view"


PART_LABELS = {
    Part.FAMILY: "Family and children",
    Part.WORK: "Work with the service",
    Part.CONTACTS: "Contacts and their notes",
    Part.TEAM: "The team around the family's record",
    Part.GOALS: "Goals and progress",
    Part.MEASURES: "Measures",
    Part.VIEW: "The service's view",
}
# The consent category that shares each part with a court's or conference's organisation. The
# team's record is for the team around the family: any consent in force shares it.
PART_CONSENT = {
    Part.FAMILY: Category.CHILDREN,
    Part.WORK: Category.ENGAGEMENT,
    Part.CONTACTS: Category.CONTACTS,
    Part.TEAM: None,
    Part.GOALS: Category.ENGAGEMENT,
    Part.MEASURES: Category.ENGAGEMENT,
    Part.VIEW: Category.ENGAGEMENT,
}
# Which recorded disclosures are a lawful basis for which recipient.
LAWFUL_BASIS = {
    FamilySummary.Recipient.COURT: DisclosureKind.COURT,
    FamilySummary.Recipient.CONFERENCE: DisclosureKind.SAFEGUARDING,
}
NEVER_LEAVES = {Area.SEXUAL_HEALTH}
# Contacts that are not time with the parent (as the reports count them): an attempt that did
# not reach them is a contact missed; information from a partner is not a contact offered.
MISSED = ContactType.OUTREACH_ATTEMPT
NOT_OFFERED = ContactType.PARTNER_INFORMATION


def uk_date(day: date | None) -> str:
    if day is None:
        return "Date not known"
    return f"{day.day} {day:%B %Y}"


def uk_datetime(moment: datetime) -> str:
    moment = timezone.localtime(moment)
    hour = moment.hour % 12 or 12
    return f"{uk_date(moment.date())} at {hour}:{moment:%M}{'am' if moment.hour < 12 else 'pm'}"


def items(count: int) -> str:
    return f"{count} item{'s' if count != 1 else ''}"


# --- Who may see what --------------------------------------------------------------------------


@dataclass(frozen=True)
class Sharing:
    """What one summary may hold: everything (a new worker in the service), or what the
    consents in force for the recipient's organisation and the lawful bases allow."""

    everything: bool
    consents: tuple = ()
    lawful_contacts: frozenset[int] = frozenset()

    def allows(self, part: Part, *, level: str | None = None, contact_id: int | None = None):
        if self.everything:
            return True
        if contact_id is not None and contact_id in self.lawful_contacts:
            return True
        category = PART_CONSENT[part]
        if level is None:
            level = (
                Confidentiality.TEAM_AROUND_FAMILY
                if category is None
                else CATEGORY_LEVEL.get(category, Confidentiality.SHAREABLE)
            )
        return item_visible(
            category=category or "", level=level, consents_in_force=list(self.consents)
        )


def sharing_for(
    *, parent: Parent, recipient: str, organisation_id: int | None, today: date | None = None
) -> Sharing:
    if recipient == FamilySummary.Recipient.NEW_WORKER:
        return Sharing(everything=True)
    now = timezone.now()
    today = today or timezone.localdate()
    consents: tuple = ()
    if organisation_id is not None:
        pregnant = parent.current_pregnancy(today) is not None
        consents = tuple(
            c
            for c in parent.consents.filter(organisation_id=organisation_id)
            if not c.job_role.strip()
            and consent_in_force(c, today=today, now=now, pregnant=pregnant)
        )
    lawful = set(
        Disclosure.contacts.through.objects.filter(
            disclosure__parent=parent,
            disclosure__kind=LAWFUL_BASIS[recipient],
            disclosure__status=Disclosure.Status.APPROVED,
        ).values_list("contact_id", flat=True)
    )
    if recipient == FamilySummary.Recipient.COURT:
        lawful |= set(
            Contact.objects.filter(
                episode__parent=parent, disclosed_in_proceedings=True
            ).values_list("pk", flat=True)
        )
    return Sharing(everything=False, consents=consents, lawful_contacts=frozenset(lawful))


# --- What a summary is ---------------------------------------------------------------------------


@dataclass
class Event:
    on: str
    title: str
    by: str = ""
    text: str = ""
    detail: str = ""


@dataclass
class Group:
    """A table in a section, with a caption when a section has several (one per person)."""

    caption: str
    columns: list[str]
    rows: list[list[str]]


@dataclass
class Section:
    key: str
    heading: str
    intro: str = ""
    groups: list[Group] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    text: str = ""
    withheld: list[str] = field(default_factory=list)
    empty: str = "Nothing recorded in these dates."


@dataclass
class Summary:
    title: str
    parent_name: str
    recipient: str
    recipient_name: str
    organisation: str
    dates: str
    made_by: str
    made_on: str
    holds: str
    sections: list[Section]
    withheld: list[str]
    # Other parents named (a partner): recorded as read, or exported, with the summary.
    others_named: list[int]
    items: int


class _Counter:
    """Counts what is withheld, per part, for one section and for the whole summary."""

    def __init__(self, sharing: Sharing):
        self.sharing = sharing
        self.section: dict[Part, int] = defaultdict(int)
        self.total: dict[Part, int] = defaultdict(int)

    def allows(self, part: Part, **kwargs) -> bool:
        if self.sharing.allows(part, **kwargs):
            return True
        self.section[part] += 1
        self.total[part] += 1
        return False

    def close(self) -> list[str]:
        lines = [
            f"{items(n)} withheld: {PART_LABELS[part]}"
            for part, n in sorted(self.section.items(), key=lambda p: list(Part).index(p[0]))
        ]
        self.section = defaultdict(int)
        return lines

    def totals(self) -> list[str]:
        return [
            f"{items(self.total[part])} withheld: {PART_LABELS[part]}"
            for part in Part
            if self.total.get(part)
        ]


# --- Reading the record ------------------------------------------------------------------------


def _in(day: date | None, start: date, end: date) -> bool:
    return day is not None and start <= day <= end


def _family(parent: Parent, start, end, counter: _Counter, others: set[int]) -> Section:
    rows = []
    if counter.allows(Part.FAMILY):
        born = f", born {uk_date(parent.date_of_birth)}" if parent.date_of_birth else ""
        rows.append(["The parent", f"{parent.full_name}{born}"])
    members = (
        RelationshipMember.objects.filter(relationship__members__parent=parent)
        .exclude(parent=parent)
        .select_related("relationship", "parent")
        .order_by("relationship__started_on", "pk")
    )
    for member in members:
        relationship = member.relationship
        if relationship.started_on > end or (
            relationship.ended_on is not None and relationship.ended_on < start
        ):
            continue
        if counter.allows(Part.FAMILY):
            until = f" to {uk_date(relationship.ended_on)}" if relationship.ended_on else ""
            rows.append(
                [
                    relationship.get_kind_display(),
                    f"{member.parent.full_name}, from {uk_date(relationship.started_on)}{until}",
                ]
            )
            others.add(member.parent_id)
    for child in parent.children.all():
        if child.date_of_birth:
            when = f"born {uk_date(child.date_of_birth)}"
        elif child.due_date:
            when = f"due {uk_date(child.due_date)}"
        else:
            when = "date of birth not known"
        if counter.allows(Part.FAMILY):
            rows.append(
                [
                    "Child",
                    f"{child.given_name or 'Unnamed child'}, {when}. Now: "
                    f"{child.get_legal_status_display()}",
                ]
            )
    groups = [Group("", ["Who", "Details"], rows)] if rows else []
    return Section(
        "family",
        "Family composition",
        "The parent, their partner and their children, with each child's legal status now.",
        groups=groups,
        withheld=counter.close(),
        empty="Nothing recorded.",
    )


def _status_history(parent: Parent, start, end, counter: _Counter) -> Section:
    rows = []
    changes = (
        ChildStatusChange.objects.filter(child__parent=parent, on__gte=start, on__lte=end)
        .select_related("child")
        .order_by("on", "pk")
    )
    for change in changes:
        if counter.allows(Part.FAMILY):
            rows.append(
                [
                    uk_date(change.on),
                    change.child.given_name or "Unnamed child",
                    change.words,
                    change.get_source_display(),
                ]
            )
    return Section(
        "status_history",
        "The children's status history",
        "Where each child lived, and under what plan or order, as it changed in these dates.",
        groups=[Group("", ["Date", "Child", "Status", "How we know"], rows)] if rows else [],
        withheld=counter.close(),
    )


# (date, order on the day, event): a chronology entry before it is sorted.
Dated = tuple[date, int, Event]


def _milestones(parent: Parent, start, end, add) -> None:
    """Referrals, the work starting and ending, key workers, care proceedings and births."""
    for referral in parent.referrals.all():
        if _in(referral.received_on, start, end):
            add(
                referral.received_on,
                Part.WORK,
                Event(
                    uk_date(referral.received_on),
                    "Referral received",
                    text=f"From: {referral.get_source_display()}",
                ),
            )
        if _in(referral.decided_on, start, end):
            add(
                referral.decided_on,
                Part.WORK,
                Event(
                    uk_date(referral.decided_on),
                    f"Referral {referral.get_status_display().lower()}",
                ),
                order=1,
            )
    for episode in Episode.objects.filter(parent=parent):
        if _in(episode.opened_on, start, end):
            add(
                episode.opened_on,
                Part.WORK,
                Event(uk_date(episode.opened_on), "Work with the service started"),
                order=2,
            )
        if _in(episode.closed_on, start, end):
            add(
                episode.closed_on,
                Part.WORK,
                Event(
                    uk_date(episode.closed_on),
                    "Work with the service ended",
                    text=episode.get_closure_reason_display(),
                ),
                order=9,
            )
    allocations = Allocation.objects.filter(
        episode__parent=parent, allocated_on__gte=start, allocated_on__lte=end
    ).select_related("worker")
    for allocation in allocations:
        add(
            allocation.allocated_on,
            Part.WORK,
            Event(
                uk_date(allocation.allocated_on), f"Key worker: {allocation.worker.display_name}"
            ),
            order=3,
        )
    for proceedings in Proceedings.objects.filter(episode__parent=parent):
        for on, title in (
            (proceedings.issued_on, "Care proceedings issued"),
            (proceedings.final_hearing_on, "Final hearing in the care proceedings"),
            (proceedings.ended_on, "Care proceedings ended"),
        ):
            if _in(on, start, end):
                add(on, Part.FAMILY, Event(uk_date(on), title))
    births = Pregnancy.objects.filter(
        parent=parent, outcome=PregnancyOutcome.BIRTH, outcome_on__gte=start, outcome_on__lte=end
    )
    for pregnancy in births:
        add(pregnancy.outcome_on, Part.FAMILY, Event(uk_date(pregnancy.outcome_on), "Baby born"))


def _contact_events(
    parent: Parent, start, end, counter: _Counter, *, every_contact: bool, viewer, others
) -> list[Dated]:
    """Contacts in the dates (those marked significant, or every one), a joint contact held on
    the partner's record included as the parent's timeline shows it."""
    significant = set(
        SignificantItem.objects.filter(parent=parent, kind="contact").values_list(
            "item_id", flat=True
        )
    )
    # The parents of each contact by id only (as `timeline_for` reads them): the few other
    # parents joint contacts name are read once, not decrypted with every contact.
    contacts = list(
        Contact.objects.filter(Q(episode__parent=parent) | Q(joint_with__parent=parent))
        .filter(happened_on__gte=start, happened_on__lte=end)
        .select_related("recorded_by")
        .annotate(holder_id=F("episode__parent_id"), joint_parent_id=F("joint_with__parent_id"))
        .order_by("happened_on", "pk")
    )
    joint = [c for c in contacts if c.joint_with_id is not None]
    parents = Parent.objects.only("pk", "given_name", "family_name").in_bulk(
        {c.holder_id for c in joint} | {c.joint_parent_id for c in joint}
    )
    events: list[Dated] = []
    joint_contacts = JointContacts(parent, viewer, parents)
    for contact in contacts:
        if not every_contact and contact.pk not in significant:
            continue
        ours = contact.holder_id == parent.pk
        # A joint contact held on the partner's record is theirs: it never leaves the service
        # in this parent's summary, and a new worker reads its notes only if the person who
        # made the summary may open the partner's record.
        if not counter.allows(
            Part.CONTACTS,
            level=contact.confidentiality if ours else Confidentiality.SERVICE_ONLY,
            contact_id=contact.pk if ours else None,
        ):
            continue
        title = label_of(contact, "contact_type")
        if contact.door_open:
            title = f"Door open (after the work ended): {title}"
        text, detail = contact.notes, []
        if contact.duration_minutes:
            detail.append(f"{contact.duration_minutes} minutes")
        if counter.sharing.everything and contact.who_was_there:
            detail.append(f"Who was there: {contact.who_was_there}")
        if contact.joint_with_id is not None:
            others.add(joint_contacts.partner(contact).pk)
            title = joint_contacts.title(contact, title)
            withheld = joint_contacts.withheld(contact)
            if withheld is not None:
                text, detail = withheld, []
        event = Event(
            uk_date(contact.happened_on),
            title,
            by=contact.recorded_by.display_name,
            text=text,
            detail=". ".join(detail),
        )
        events.append((contact.happened_on, 5, event))
    return events


def _team_events(parent: Parent, start, end, add) -> None:
    """The team's entries and meetings marked significant (group supervision: the service's)."""
    entries = TeamEntry.objects.filter(
        parent=parent, significant=True, happened_on__gte=start, happened_on__lte=end
    ).select_related("organisation", "author")
    for entry in entries:
        add(
            entry.happened_on,
            Part.TEAM,
            Event(
                uk_date(entry.happened_on),
                f"{entry.get_kind_display()} from {entry.organisation.name}",
                by=entry.author.display_name,
                text=entry.text,
            ),
            order=6,
        )
    meetings = Meeting.objects.filter(
        parent=parent, significant=True, held_on__gte=start, held_on__lte=end
    ).select_related("organisation")
    for meeting in meetings:
        add(
            meeting.held_on,
            Part.TEAM,
            Event(
                uk_date(meeting.held_on),
                meeting.get_kind_display(),
                by=meeting.organisation.name,
                text=meeting.decisions,
                detail=f"Attended: {meeting.attended}",
            ),
            order=7,
            level=Confidentiality.SERVICE_ONLY
            if meeting.service_only
            else Confidentiality.TEAM_AROUND_FAMILY,
        )


# Items of other kinds the service marked significant (`SignificantItem`), and the part of the
# record each belongs to for the recipient's consent. The parent's own words from their space
# are not among them: they stay between the parent and the service.
SIGNIFICANT_PARTS = {
    ItemKind.MEASURE: Part.MEASURES,
    ItemKind.GOAL_CHANGE: Part.GOALS,
    ItemKind.ACHIEVEMENT: Part.GOALS,
    ItemKind.CHILD_STATUS: Part.FAMILY,
    ItemKind.PRE_BIRTH_ASSESSMENT: Part.FAMILY,
    ItemKind.ONWARD_REFERRAL: Part.WORK,
    ItemKind.GROUP_SESSION: Part.WORK,
    ItemKind.RISK_ASSESSMENT: Part.TEAM,
}


def _other_significant(parent: Parent, start, end, add, viewer) -> None:
    """Measures, goal changes, children's status changes and the rest that the service marked
    significant, as the parent's timeline shows them to the person making the summary."""
    marked = set(
        SignificantItem.objects.filter(parent=parent, kind__in=list(SIGNIFICANT_PARTS)).values_list(
            "kind", "item_id"
        )
    )
    if not marked:
        return
    never_leaves = set(
        GoalProgress.objects.filter(
            pk__in=[pk for kind, pk in marked if kind == ItemKind.GOAL_CHANGE],
            goal__area__in=NEVER_LEAVES,
        ).values_list("pk", flat=True)
    )
    for event in timeline_for(parent, viewer):
        if (event.kind, event.ref) not in marked or not _in(event.on, start, end):
            continue
        secret = event.kind == ItemKind.GOAL_CHANGE and event.ref in never_leaves
        add(
            event.on,
            SIGNIFICANT_PARTS[event.kind],
            Event(
                uk_date(event.on), event.title, by=event.by, text=event.text, detail=event.detail
            ),
            order=8,
            level=Confidentiality.SERVICE_ONLY if secret else None,
        )


def _chronology(
    parent: Parent, start, end, counter: _Counter, *, every_contact: bool, viewer, others
) -> Section:
    """The work's milestones, births, contacts (marked significant, or every one) and the
    team's entries and meetings marked significant, oldest first."""
    events: list[Dated] = []

    def add(on: date, part: Part, event: Event, order: int = 0, **rule) -> None:
        if counter.allows(part, **rule):
            events.append((on, order, event))

    _milestones(parent, start, end, add)
    events += _contact_events(
        parent, start, end, counter, every_contact=every_contact, viewer=viewer, others=others
    )
    _team_events(parent, start, end, add)
    _other_significant(parent, start, end, add, viewer)
    events.sort(key=lambda e: (e[0], e[1]))
    which = "every contact" if every_contact else "the contacts marked significant"
    return Section(
        "chronology",
        "Chronology of significant events",
        f"Oldest first: referrals, the work starting and ending, key workers, care "
        f"proceedings, births, {which}, and everything else marked significant (the team's "
        "entries and meetings, measures, goal changes, children's status changes).",
        events=[e for _, _, e in events],
        withheld=counter.close(),
    )


def _goals(parent: Parent, start, end, counter: _Counter) -> Section:
    goals = (
        Goal.objects.filter(
            Q(plan__episode__parent=parent) | Q(shared_with__parent=parent),
            plan__agreed_on__lte=end,
        )
        .distinct()
        .order_by("pk")
    )
    progress: dict[int, list[GoalProgress]] = defaultdict(list)
    for row in GoalProgress.objects.filter(
        goal__in=goals, recorded_on__gte=start, recorded_on__lte=end
    ).order_by("recorded_on", "pk"):
        progress[row.goal_id].append(row)
    people: dict[str, list[list[str]]] = {}
    for goal in goals:
        level = Confidentiality.SERVICE_ONLY if goal.area in NEVER_LEAVES else None
        if not counter.allows(Part.GOALS, level=level):
            continue
        steps = "; ".join(
            f"{uk_date(p.recorded_on)}: {p.get_outcome_display()}" for p in progress[goal.pk]
        )
        who = goal.get_family_member_display()
        if goal.member_name:
            who = f"{who} ({goal.member_name})"
        people.setdefault(who, []).append(
            [
                f"{goal.get_area_display()}: {goal.in_parents_words}",
                steps or "None recorded in these dates",
                goal.get_status_display(),
            ]
        )
    return Section(
        "goals",
        "Goals and progress",
        "Each person's goals in the parent's own words, the progress recorded in these dates, "
        "and where each goal is now.",
        groups=[
            Group(
                f"For {who[0].lower()}{who[1:]}", ["Goal", "Progress in these dates", "Now"], rows
            )
            for who, rows in people.items()
        ],
        withheld=counter.close(),
    )


def _measures(parent: Parent, start, end, counter: _Counter) -> Section:
    by_instrument: dict[str, list[MeasureResponse]] = defaultdict(list)
    responses = MeasureResponse.objects.filter(
        parent=parent, complete=True, completed_on__gte=start, completed_on__lte=end
    ).order_by("completed_on", "pk")
    for response in responses:
        if response.total is not None:
            by_instrument[response.instrument].append(response)
    rows = []
    for code, scored in sorted(by_instrument.items(), key=lambda i: i[1][0].instrument_name):
        if not counter.allows(Part.MEASURES):
            continue
        first, latest = scored[0], scored[-1]
        instrument = get_instrument(code)
        if len(scored) < 2:
            change = "Completed once in these dates"
        elif instrument is None:
            change = f"{latest.total - first.total:+g}"
        else:
            found = change_between(instrument, first.total, latest.total)
            change = f"{found.difference:+g}: {found.summary}"
        rows.append(
            [
                first.instrument_name,
                f"{first.total:g} on {uk_date(first.completed_on)}",
                f"{latest.total:g} on {uk_date(latest.completed_on)}",
                change,
            ]
        )
    return Section(
        "measures",
        "Measures",
        "Each measure completed in these dates: the first and latest score, and the change "
        "between them (whether it is a reliable change, where the measure says).",
        groups=[Group("", ["Measure", "First", "Latest", "Change"], rows)] if rows else [],
        withheld=counter.close(),
    )


def _engagement(parent: Parent, start, end, counter: _Counter) -> Section:
    contacts = Contact.objects.filter(
        Q(episode__parent=parent) | Q(joint_with__parent=parent),
        happened_on__gte=start,
        happened_on__lte=end,
    ).exclude(contact_type=NOT_OFFERED)
    offered = contacts.count()
    missed = contacts.filter(contact_type=MISSED).count()
    groups_attended = GroupAttendance.objects.filter(
        parent=parent, session__held_on__gte=start, session__held_on__lte=end
    ).count()
    rows = []
    if counter.allows(Part.WORK):
        rows = [
            ["Contacts offered", str(offered)],
            ["Contacts attended", str(offered - missed)],
            ["Contacts missed (no contact made)", str(missed)],
            ["Group sessions attended", str(groups_attended)],
        ]
    return Section(
        "engagement",
        "Engagement",
        "Contacts the service offered the parent in these dates, how many they attended and "
        "how many were missed; information passed on by a partner agency is not counted.",
        groups=[Group("", ["", "Number"], rows)] if rows else [],
        withheld=counter.close(),
    )


def _view(text: str, counter: _Counter) -> Section:
    return Section(
        "view",
        "The service's view",
        "",
        text=text if counter.allows(Part.VIEW) else "",
        withheld=counter.close(),
        empty="",
    )


def timeline_size(parent: Parent, start: date, end: date) -> int:
    """How many timeline items fall in the dates (to decide whether to build in the
    background): contacts, team entries, meetings, goal progress, measures, status changes."""
    dates = {"__gte": start, "__lte": end}

    def between(name: str) -> dict:
        return {f"{name}{k}": v for k, v in dates.items()}

    return (
        Contact.objects.filter(
            Q(episode__parent=parent) | Q(joint_with__parent=parent), **between("happened_on")
        ).count()
        + TeamEntry.objects.filter(parent=parent, **between("happened_on")).count()
        + Meeting.objects.filter(parent=parent, **between("held_on")).count()
        + GoalProgress.objects.filter(
            goal__plan__episode__parent=parent, **between("recorded_on")
        ).count()
        + MeasureResponse.objects.filter(parent=parent, **between("completed_on")).count()
        + ChildStatusChange.objects.filter(child__parent=parent, **between("on")).count()
    )


def build_summary(
    summary: FamilySummary, progress: Callable[[str, int, int], None] | None = None
) -> Summary:
    """What the summary holds, read now: each part included or counted as withheld."""
    parent = summary.parent
    start, end = summary.starts_on, summary.ends_on
    sharing = sharing_for(
        parent=parent,
        recipient=summary.recipient,
        organisation_id=summary.recipient_organisation_id,
    )
    counter = _Counter(sharing)
    others: set[int] = set()
    steps = [
        lambda: _family(parent, start, end, counter, others),
        lambda: _status_history(parent, start, end, counter),
        lambda: _chronology(
            parent,
            start,
            end,
            counter,
            every_contact=summary.every_contact,
            viewer=summary.created_by,
            others=others,
        ),
        lambda: _goals(parent, start, end, counter),
        lambda: _measures(parent, start, end, counter),
        lambda: _engagement(parent, start, end, counter),
        lambda: _view(summary.services_view, counter),
    ]
    sections = []
    for done, step in enumerate(steps):
        if progress:
            progress("Reading the record", done, len(steps))
        sections.append(step())
    organisation = summary.recipient_organisation.name if summary.recipient_organisation else ""
    recipient = summary.get_recipient_display()
    if sharing.everything:
        holds = (
            "Everything the service holds on these parts of the record, for a new worker in "
            "the service."
        )
    elif organisation:
        holds = (
            f"Only what the parent's consent in force for {organisation}, or a recorded lawful "
            "basis, lets the recipient see. Everything else is counted as withheld, without "
            "its content."
        )
    else:
        holds = (
            "No consent to share with the recipient was chosen: only what a recorded lawful "
            "basis allows. Everything else is counted as withheld, without its content."
        )
    made_at = summary.created_at or timezone.now()
    return Summary(
        title=f"Summary for {recipient[0].lower()}{recipient[1:]}: {parent.full_name}",
        parent_name=parent.full_name,
        recipient=recipient,
        recipient_name=summary.recipient_name,
        organisation=organisation,
        dates=f"{uk_date(start)} to {uk_date(end)}",
        made_by=f"{summary.created_by.display_name}, {parent.organisation.name}",
        made_on=uk_datetime(made_at),
        holds=holds,
        sections=sections,
        withheld=counter.totals(),
        others_named=sorted(others),
        items=sum(len(s.events) + sum(len(g.rows) for g in s.groups) for s in sections),
    )


# --- The PDF -------------------------------------------------------------------------------------


def summary_blocks(content: dict) -> list:
    """The summary (as stored: `Summary.as_json`) as the PDF's headings, tables and entries."""
    about = [
        ["For", content["recipient_name"]],
        ["Who they are", content["recipient"]],
        *([["Organisation", content["organisation"]]] if content["organisation"] else []),
        ["Dates covered", content["dates"]],
        ["Made by", content["made_by"]],
        ["Made on", content["made_on"]],
    ]
    blocks: list = [
        Table((), tuple(tuple(r) for r in about), widths=(0.25, 0.75)),
        Text(content["holds"]),
    ]
    if content["withheld"]:
        blocks += [Heading("What was withheld", 2), *(Text(w) for w in content["withheld"])]
    for section in content["sections"]:
        blocks.append(Heading(section["heading"], 2))
        if section["intro"]:
            blocks.append(Text(section["intro"], small=True))
        for group in section["groups"]:
            if group["caption"]:
                blocks.append(Heading(group["caption"], 3))
            widths = None
            if len(group["columns"]) == 2:
                widths = (0.3, 0.7)
            blocks.append(
                Table(
                    tuple(group["columns"]),
                    tuple(tuple(r) for r in group["rows"]),
                    widths=widths,
                )
            )
        for event in section["events"]:
            by = f" (by {event['by']})" if event["by"] else ""
            blocks.append(
                Entry(f"{event['on']}: {event['title']}{by}", event["text"], event["detail"])
            )
        if section["text"]:
            blocks.append(Text(section["text"]))
        blocks += [Text(w, bold=True) for w in section["withheld"]]
        if not (section["groups"] or section["events"] or section["text"] or section["withheld"]):
            blocks.append(Text(section["empty"] or "Nothing recorded."))
    return blocks


def summary_pdf(content: dict, on_progress=None) -> bytes:
    return pdf_document(
        content["title"],
        summary_blocks(content),
        author=content["made_by"],
        subject=f"For {content['recipient_name']}, {content['dates']}",
        footer=f"Confidential: for {content['recipient_name']}",
        on_progress=on_progress,
    )


def stored_content(summary: FamilySummary) -> dict | None:
    return json.loads(summary.content) if summary.content else None


def stored_pdf(summary: FamilySummary) -> bytes:
    return base64.b64decode(summary.pdf_text)


def encode_pdf(pdf: bytes) -> str:
    return base64.b64encode(pdf).decode("ascii")
