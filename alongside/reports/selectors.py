"""The figures of the impact reports: pure aggregation over the records, in a few queries.

Each function takes a `Scope` (the period, the organisations counted and the filters) and
returns `Section`s of raw figures; `tables.publish` applies the one suppression rule. The
definitions of every figure are in docs/reports.md.
"""

import csv
import io
import math
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db.models import Count, F, Min, Q, QuerySet

from alongside.accounts.models import Organisation, Role, Team, User
from alongside.casework.caseloads import WorkerLoad, weighted_loads
from alongside.casework.models import (
    Blocker,
    BlockerKind,
    Contact,
    ContactType,
    Episode,
    GroupSession,
    OnwardKind,
    OnwardOutcome,
    OnwardReferral,
    PhaseChange,
    Proceedings,
)
from alongside.measures.definitions import all_instruments
from alongside.measures.models import MeasureResponse
from alongside.measures.scoring import change_between
from alongside.people.choices import (
    AT_HOME_STATUSES,
    AWAY_STATUSES,
    ETHNICITY_GROUP_OF,
    ETHNICITY_GROUPS,
    CareExperience,
    ChildLegalStatus,
    PregnancyOutcome,
    Sex,
)
from alongside.people.models import ChildStatusChange, Pregnancy
from alongside.plans.models import Area, GoalProgress, Outcome, Review
from alongside.population.models import LinkageRun
from alongside.programmes.models import Programme
from alongside.programmes.schema import Fidelity
from alongside.programmes.vocabulary import ClosureReason
from alongside.referrals.models import Referral, ReferralStep

from .models import (
    ComparisonPopulation,
    CostedOutcome,
    Network,
    NetworkInvitation,
    NetworkMember,
    UnitCost,
)
from .tables import PublishedReport, Section, Table, publish

# Where a parent is in the flow before their first phase.
ACCEPTED = ("accepted",)
# Contacts that are not time with the parent: an attempt that did not reach them, and
# information passed on by a partner.
NOT_WITH_PARENT = (ContactType.OUTREACH_ATTEMPT, ContactType.PARTNER_INFORMATION)
# Work ended by the parent choosing to end it or losing touch: attrition.
ATTRITION_REASONS = (ClosureReason.PARENT_CHOSE_TO_END, ClosureReason.NO_CONTACT)
DAYS_PER_MONTH = 365.25 / 12
FOLLOW_UP_MONTHS = (12, 24)
# The same bands as the linkage report's 'age at first application', so the two compare.
AGE_BANDS = [
    (0, 18, "under 18"),
    (18, 20, "18 to 19"),
    (20, 25, "20 to 24"),
    (25, 30, "25 to 29"),
    (30, 35, "30 to 34"),
    (35, 200, "35 or over"),
]
NOT_KNOWN = "not known"
# How restrictive a child's situation is, for 'stepping down': lower is nearer home.
STATUS_STEP = {
    ChildLegalStatus.AT_HOME: 0,
    ChildLegalStatus.RETURNED_HOME: 0,
    ChildLegalStatus.AT_HOME_CIN: 1,
    ChildLegalStatus.AT_HOME_CP: 2,
    ChildLegalStatus.PLACED_WITH_PARENT: 2,
    ChildLegalStatus.IN_PROCEEDINGS: 3,
    **{status: 4 for status in AWAY_STATUSES},
}
# Seed 002's published figures: the programmes' own evaluations, never this service's results.
PUBLISHED_EVALUATIONS = [
    (
        "Family Safeguarding (Hertfordshire County Council), Children's Social Care "
        "Innovation Programme",
        "Estimated annual cost saving for children's services of £2.6m, with further "
        "estimated savings of £107,000 to the police and £200,000 to the NHS; £3.6m reduced "
        "spend in the first year.",
    ),
    (
        "Pause (National Pause), Children's Social Care Innovation Programme",
        "Estimated that over a 5 year period, 7 Pause Practices could save the taxpayer over "
        "£12 million.",
    ),
]


@dataclass(frozen=True)
class Scope:
    start: date
    end: date
    organisation_ids: tuple[int, ...]
    team_id: int | None = None
    pathway: str = ""
    programme_id: int | None = None
    comparison_id: int | None = None
    # Network view: each service's own caseload rules apply; no team filter across services.
    network: bool = False
    filters: list[tuple[str, str]] = field(default_factory=list, compare=False, hash=False)

    @property
    def filtered(self) -> bool:
        return bool(self.team_id or self.pathway or self.programme_id)


def _between(day: date | None, scope: Scope) -> bool:
    return day is not None and scope.start <= day <= scope.end


def _median(values: list[float]) -> float | None:
    return float(statistics.median(values)) if values else None


def episodes(scope: Scope) -> QuerySet[Episode]:
    """Every episode of the services counted, with the team, pathway and programme filters."""
    q = Episode.objects.filter(organisation_id__in=scope.organisation_ids)
    if scope.team_id:
        q = q.filter(team_id=scope.team_id)
    if scope.pathway:
        q = q.filter(pathway=scope.pathway)
    if scope.programme_id:
        q = q.filter(programme_version__programme_id=scope.programme_id)
    return q


def open_in_period(scope: Scope) -> QuerySet[Episode]:
    return (
        episodes(scope)
        .filter(opened_on__lte=scope.end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=scope.start))
    )


def referrals(scope: Scope) -> QuerySet[Referral]:
    q = Referral.objects.filter(organisation_id__in=scope.organisation_ids)
    if scope.filtered:
        q = q.filter(episode__in=episodes(scope))
    return q


def _count_table(key, title, heading, rows, column, label, *, total=None, note="", chart=True):
    """A one-column table of counts; `total` names a total row the others add up to."""
    table = Table(
        key=key,
        title=title,
        row_heading=heading,
        columns=[(column, label)],
        rows=[(k, lbl) for k, lbl, _ in rows],
        counts={(k, column): v for k, _, v in rows},
        total_row=total,
        note=note,
        chart=column if chart else "",
    )
    return table


# --- Outcomes Based Accountability -------------------------------------------------------------


def how_much(scope: Scope) -> Section:
    received = referrals(scope).filter(received_on__range=(scope.start, scope.end))
    screened = (
        referrals(scope)
        .filter(
            steps__kind=ReferralStep.Kind.SCREENING,
            steps__happened_on__range=(scope.start, scope.end),
        )
        .distinct()
        .count()
    )
    outreach_before = ReferralStep.objects.filter(
        referral__in=referrals(scope),
        kind=ReferralStep.Kind.OUTREACH,
        happened_on__range=(scope.start, scope.end),
    ).count()
    worked_with = (
        open_in_period(scope)
        .filter(allocated_on__lte=scope.end)
        .values("parent_id")
        .distinct()
        .count()
    )
    sessions = GroupSession.objects.filter(
        group__organisation_id__in=scope.organisation_ids,
        held_on__range=(scope.start, scope.end),
    )
    if scope.filtered:
        sessions = sessions.filter(attendance__episode__in=episodes(scope)).distinct()
    attendances = (
        sessions.aggregate(n=Count("attendance"))["n"]
        if not scope.filtered
        else (
            GroupSession.objects.filter(pk__in=sessions.values("pk"))
            .filter(attendance__episode__in=episodes(scope))
            .count()
        )
    )
    activity = _count_table(
        "how_much",
        "How much did we do?",
        "Figure",
        [
            ("referrals", "Referrals received", received.count()),
            ("screened", "Referrals screened", screened),
            ("outreach_before", "Outreach attempts before the parent agreed", outreach_before),
            ("worked_with", "Parents worked with (allocated a key worker)", worked_with),
            ("group_sessions", "Group sessions held", sessions.count()),
            ("group_attendances", "Attendances at group sessions", attendances or 0),
        ],
        "count",
        "Number",
        chart=False,
    )
    activity.shared[("referrals", "count")] = "referred_total"
    by_type = dict(
        Contact.objects.filter(
            episode__in=episodes(scope), happened_on__range=(scope.start, scope.end)
        )
        .values_list("contact_type")
        .annotate(n=Count("pk"))
        .values_list("contact_type", "n")
    )
    rows = [(k, label, by_type.get(k, 0)) for k, label in ContactType.choices]
    rows.append(("total", "All contacts", sum(by_type.values())))
    contacts = _count_table(
        "contacts_by_type",
        "Contacts by type",
        "Type of contact",
        rows,
        "contacts",
        "Contacts",
        total="total",
        note="Outreach attempts are attempts that did not reach the parent.",
    )
    return Section("how_much", "How much did we do?", [activity, contacts])


def _first_contacts(scope: Scope) -> list[dict]:
    """Episodes opened in the period, with the dates 'how well' needs (two queries: the first
    contact per episode is one grouped scan of contacts)."""
    opened = list(
        episodes(scope)
        .filter(opened_on__range=(scope.start, scope.end))
        .values("pk", "opened_on", "allocated_on", received=F("referral__received_on"))
    )
    first = dict(
        Contact.objects.filter(
            episode__in=episodes(scope).filter(opened_on__range=(scope.start, scope.end))
        )
        .exclude(contact_type__in=NOT_WITH_PARENT)
        .values("episode_id")
        .annotate(first=Min("happened_on"))
        .values_list("episode_id", "first")
    )
    for row in opened:
        row["first_contact"] = first.get(row["pk"])
    return opened


def how_well(scope: Scope, fidelity: Fidelity | None = None) -> tuple[Section, dict]:
    """The 'how well' tables, and the raw figures fidelity reuses."""
    opened = _first_contacts(scope)
    to_contact = [
        (e["first_contact"] - e["received"]).days
        for e in opened
        if e["first_contact"] and e["first_contact"] <= scope.end
    ]
    allocated = [e for e in opened if e["allocated_on"] and e["allocated_on"] <= scope.end]
    to_allocation = [(e["allocated_on"] - e["received"]).days for e in allocated]
    waited = [(e["allocated_on"] - e["opened_on"]).days for e in allocated]
    waiting_now = (
        episodes(scope)
        .filter(opened_on__lte=scope.end)
        .filter(Q(allocated_on__isnull=True) | Q(allocated_on__gt=scope.end))
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=scope.end))
        .count()
    )
    reviews = Review.objects.filter(
        plan__episode__in=episodes(scope), held_on__range=(scope.start, scope.end)
    ).aggregate(held=Count("pk"), on_time=Count("pk", filter=Q(held_on__lte=F("due_on"))))
    loads = _caseloads(scope)
    within_cap = sum(1 for load in loads if not load.over_cap)

    timing = Table(
        key="timeliness",
        title="How quickly",
        row_heading="Measure",
        columns=[("parents", "Parents"), ("median", "Median days")],
        rows=[
            ("to_first_contact", "Days from referral to first contact"),
            ("to_allocation", "Days from referral to allocation"),
            ("waiting", "Days waiting for a key worker (from acceptance)"),
        ],
        counts={
            ("to_first_contact", "parents"): len(to_contact),
            ("to_allocation", "parents"): len(to_allocation),
            ("waiting", "parents"): len(waited),
        },
        measures={
            ("to_first_contact", "median"): (
                _median(to_contact),
                [("to_first_contact", "parents")],
            ),
            ("to_allocation", "median"): (_median(to_allocation), [("to_allocation", "parents")]),
            ("waiting", "median"): (_median(waited), [("waiting", "parents")]),
        },
        note="Parents whose work was accepted in the period.",
        # The parents allocated are one count in two rows.
        shared={("waiting", "parents"): ("timeliness", "to_allocation", "parents")},
    )
    practice = Table(
        key="practice",
        title="Reviews and caseloads",
        row_heading="Measure",
        columns=[("count", "Number"), ("of", "Out of"), ("percent", "Per cent")],
        rows=[
            ("waiting_now", "Parents waiting for a key worker at the end of the period"),
            ("reviews", "Reviews held by their due date"),
            ("caseloads", "Workers within their weighted caseload cap (now)"),
        ],
        counts={
            ("waiting_now", "count"): waiting_now,
            ("reviews", "count"): reviews["on_time"],
            ("reviews", "of"): reviews["held"],
            ("caseloads", "count"): within_cap,
            ("caseloads", "of"): len(loads),
        },
        measures={
            ("reviews", "percent"): (
                _percent(reviews["on_time"], reviews["held"]),
                [("reviews", "count"), ("reviews", "of")],
            ),
            ("caseloads", "percent"): (
                _percent(within_cap, len(loads)),
                [("caseloads", "count"), ("caseloads", "of")],
            ),
        },
        at_most=[
            (("reviews", "count"), ("reviews", "of")),
            (("caseloads", "count"), ("caseloads", "of")),
        ],
    )
    closed = dict(
        episodes(scope)
        .filter(closed_on__range=(scope.start, scope.end))
        .values_list("closure_reason")
        .annotate(n=Count("pk"))
        .values_list("closure_reason", "n")
    )
    rows = [(k, label, closed.get(k, 0)) for k, label in ClosureReason.choices]
    unknown = sum(v for k, v in closed.items() if k not in ClosureReason.values)
    if unknown:
        rows.append(("not_recorded", "No reason recorded", unknown))
    total_closed = sum(closed.values())
    rows.append(("total", "All work ended", total_closed))
    endings = _count_table(
        "endings",
        "Work ended, by reason",
        "Reason",
        rows,
        "episodes",
        "Parents",
        total="total",
        note="Attrition: the parent chose to end the work, or the service lost touch.",
    )
    attrition = sum(closed.get(k, 0) for k in ATTRITION_REASONS)
    attrition_table = Table(
        key="attrition",
        title="Attrition",
        row_heading="Measure",
        columns=[("count", "Parents"), ("of", "Out of"), ("percent", "Per cent")],
        rows=[("attrition", "Work ended by the parent or by losing touch")],
        counts={("attrition", "count"): attrition, ("attrition", "of"): total_closed},
        measures={
            ("attrition", "percent"): (
                _percent(attrition, total_closed),
                [("attrition", "count"), ("attrition", "of")],
            )
        },
        shared={("attrition", "of"): ("endings", "total", "episodes")},
        # Attrition is the sum of two rows of the endings table.
        sums=[
            (
                ("attrition", "count"),
                [("endings", reason, "episodes") for reason in ATTRITION_REASONS],
            )
        ],
        at_most=[(("attrition", "count"), ("attrition", "of"))],
    )
    raw = {
        "to_contact": to_contact,
        "reviews": reviews,
        "within_cap": within_cap,
        "workers": len(loads),
        "attrition": attrition,
        "closed": total_closed,
    }
    return (
        Section("how_well", "How well did we do it?", [timing, practice, endings, attrition_table]),
        raw,
    )


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _caseloads(scope: Scope) -> list[WorkerLoad]:
    """Each worker holding open work now, with their weighted load against their own cap:
    casework's own rule (`casework.caseloads.weighted_loads`: the phase's weight, 1 off a
    pathway, half for a co-worker, the programme's cap times the worker's hours), service by
    service, so the rule has one home."""
    workers = User.objects.filter(
        organisation_id__in=scope.organisation_ids,
        role__in=[Role.PRACTITIONER, Role.TEAM_MANAGER],
        is_active=True,
    )
    if scope.team_id:
        workers = workers.filter(team_id=scope.team_id)
    by_service = defaultdict(list)
    for pk, organisation_id in workers.values_list("pk", "organisation_id"):
        by_service[organisation_id].append(pk)
    return [
        load
        for organisation_id, ids in sorted(by_service.items())
        for load in weighted_loads(organisation_id, ids).values()
        if load.cases or load.co_working
    ]


def better_off(scope: Scope) -> tuple[Section, dict]:
    cohort = open_in_period(scope)
    achieved = GoalProgress.objects.filter(
        goal__plan__episode__in=episodes(scope),
        outcome=Outcome.ACHIEVED,
        recorded_on__range=(scope.start, scope.end),
    )
    goals_achieved = achieved.values("goal_id").distinct().count()
    parents_achieving = achieved.values("goal__plan__episode__parent_id").distinct().count()
    housing = (
        achieved.filter(goal__area=Area.HOUSING)
        .values("goal__plan__episode__parent_id")
        .distinct()
        .count()
    )
    goals = Table(
        key="goals",
        title="Goals",
        row_heading="Figure",
        columns=[("count", "Number")],
        rows=[
            ("goals_achieved", "Goals achieved"),
            ("parents_achieving", "Parents who achieved a goal"),
            ("housing", "Parents who secured housing (a housing goal achieved)"),
        ],
        counts={
            ("goals_achieved", "count"): goals_achieved,
            ("parents_achieving", "count"): parents_achieving,
            ("housing", "count"): housing,
        },
        at_most=[
            (("housing", "count"), ("parents_achieving", "count")),
            (("parents_achieving", "count"), ("goals_achieved", "count")),
        ],
    )
    measures = _measures_table(scope, cohort)
    partners = _partners_table(scope)
    pregnancies, baby_stayed = _pregnancies_table(scope, cohort)
    children = _children_table(scope, cohort)
    proceedings, no_new = _proceedings_table(scope)
    raw = {
        CostedOutcome.BABY_STAYED: (baby_stayed, ("pregnancies", "with_parent", "pregnancies")),
        CostedOutcome.NO_NEW_PROCEEDINGS: (no_new, ("proceedings", "after_12", "without")),
        CostedOutcome.HOUSING_SECURED: (housing, ("goals", "housing", "count")),
    }
    return (
        Section(
            "better_off",
            "Is anyone better off?",
            [goals, measures, partners, pregnancies, children, proceedings],
        ),
        raw,
    )


def _measures_table(scope: Scope, cohort) -> Table:
    instruments = {
        code: i for code, i in all_instruments().items() if i.reliable_change is not None
    }
    responses = (
        MeasureResponse.objects.filter(
            episode__in=cohort,
            complete=True,
            total__isnull=False,
            completed_on__lte=scope.end,
            instrument__in=list(instruments),
        )
        .order_by("episode_id", "instrument", "completed_on", "pk")
        .values_list("episode_id", "instrument", "completed_on", "total")
    )
    series = defaultdict(list)
    for episode_id, instrument, completed_on, total in responses:
        series[(episode_id, instrument)].append((completed_on, total))
    tally = {code: Counter() for code in instruments}
    for (_, code), points in series.items():
        if len(points) < 2 or not _between(points[-1][0], scope):
            continue
        change = change_between(instruments[code], points[0][1], points[-1][1])
        if change.reliable and change.better:
            tally[code]["improved"] += 1
        elif change.reliable:
            tally[code]["worse"] += 1
        else:
            tally[code]["no_change"] += 1
    used = [code for code in sorted(instruments) if sum(tally[code].values())]
    columns = [
        ("improved", "Reliable improvement"),
        ("no_change", "No reliable change"),
        ("worse", "Reliable deterioration"),
        ("total", "Measured twice"),
    ]
    counts = {}
    for code in used:
        for column, _ in columns[:3]:
            counts[(code, column)] = tally[code][column]
        counts[(code, "total")] = sum(tally[code].values())
    return Table(
        key="measures",
        title="Measures with reliable change",
        row_heading="Measure",
        columns=columns,
        rows=[(code, instruments[code].name) for code in used],
        counts=counts,
        total_column="total",
        note="First score against the latest, where the latest is in the period; only measures "
        "that define a reliable change index.",
        chart="improved",
    )


def _partners_table(scope: Scope) -> Table:
    # A referral for sexual or reproductive health is the parent's own choice, never an outcome
    # of the work: it is counted only in the service totals, not here.
    kinds = [
        (k, lbl) for k, lbl in OnwardKind.choices if k != OnwardKind.SEXUAL_REPRODUCTIVE_HEALTH
    ]
    onward = OnwardReferral.objects.filter(episode__in=episodes(scope)).exclude(
        kind=OnwardKind.SEXUAL_REPRODUCTIVE_HEALTH
    )
    referred = dict(
        onward.filter(referred_on__range=(scope.start, scope.end))
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    reached = dict(
        onward.filter(
            outcome=OnwardOutcome.ATTENDED,
            first_appointment_on__range=(scope.start, scope.end),
        )
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    counts = {}
    for kind, _ in kinds:
        counts[(kind, "referred")] = referred.get(kind, 0)
        counts[(kind, "reached")] = reached.get(kind, 0)
    counts[("total", "referred")] = sum(referred.values())
    counts[("total", "reached")] = sum(reached.values())
    return Table(
        key="partners",
        title="Partner services reached",
        row_heading="Partner service",
        columns=[("referred", "Referred in the period"), ("reached", "First appointment attended")],
        rows=[*kinds, ("total", "All partner services")],
        counts=counts,
        total_row="total",
        chart="reached",
    )


def _status_on(changes: list, day: date, fallback: str) -> str:
    """A child's status on `day` from their dated history (latest change on or before)."""
    status = None
    for change_on, change_status in changes:
        if change_on is None or change_on <= day:
            status = change_status
    return status or fallback


def _pregnancies_table(scope: Scope, cohort) -> tuple[Table, int]:
    spans = defaultdict(list)
    for parent_id, opened_on, closed_on in cohort.values_list(
        "parent_id", "opened_on", "closed_on"
    ):
        spans[parent_id].append((opened_on, closed_on or scope.end))
    pregnancies = Pregnancy.objects.filter(
        parent_id__in=list(spans), confirmed_on__range=(scope.start, scope.end)
    ).values_list(
        "parent_id", "confirmed_on", "outcome", "outcome_on", "child_id", "child__legal_status"
    )
    child_ids = [p[4] for p in pregnancies if p[4]]
    history = defaultdict(list)
    for child_id, on, status in (
        ChildStatusChange.objects.filter(child_id__in=child_ids)
        .order_by(F("on").asc(nulls_first=True), "pk")
        .values_list("child_id", "on", "status")
    ):
        history[child_id].append((on, status))
    tally = Counter()
    for parent_id, confirmed_on, outcome, outcome_on, child_id, child_status in pregnancies:
        if not any(a <= confirmed_on <= b for a, b in spans[parent_id]):
            continue
        if outcome == PregnancyOutcome.BIRTH and (outcome_on is None or outcome_on <= scope.end):
            status = _status_on(history[child_id], scope.end, child_status or "")
            tally["with_parent" if status in AT_HOME_STATUSES else "elsewhere"] += 1
        elif (
            outcome and outcome != PregnancyOutcome.BIRTH and (outcome_on or scope.end) <= scope.end
        ):
            tally["ended"] += 1
        else:
            tally["ongoing"] += 1
    rows = [
        ("with_parent", "Baby born, living with the parent at the end of the period"),
        ("elsewhere", "Baby born, living elsewhere at the end of the period"),
        ("ended", "Pregnancy ended without a birth"),
        ("ongoing", "Still pregnant at the end of the period"),
    ]
    table = _count_table(
        "pregnancies",
        "Pregnancies during the work, and whether the baby stayed with the parent",
        "What happened",
        [
            *[(k, label, tally[k]) for k, label in rows],
            ("total", "Pregnancies", sum(tally.values())),
        ],
        "pregnancies",
        "Pregnancies",
        total="total",
        note="Pregnancies confirmed in the period while the parent's work was open.",
    )
    return table, tally["with_parent"]


def _children_table(scope: Scope, cohort) -> Table:
    parents = cohort.values("parent_id")
    changes = (
        ChildStatusChange.objects.filter(child__parent_id__in=parents, on__lte=scope.end)
        .order_by("child_id", F("on").asc(nulls_first=True), "pk")
        .values_list("child_id", "on", "status")
    )
    previous: dict[int, str] = {}
    down, up = set(), set()
    for child_id, on, status in changes:
        before = previous.get(child_id)
        previous[child_id] = status
        if before is None or not _between(on, scope):
            continue
        a, b = STATUS_STEP.get(before), STATUS_STEP.get(status)
        if a is None or b is None or a == b:
            continue
        (down if b < a else up).add(child_id)
    return _count_table(
        "children",
        "Children's legal status",
        "Change in the period",
        [
            ("down", "Children whose status stepped down (nearer home)", len(down)),
            ("up", "Children whose status stepped up (further from home)", len(up)),
        ],
        "children",
        "Children",
        chart=False,
        note="Steps: at home; child in need; child protection or placed with the parent; "
        "proceedings; living away from the parent.",
    )


def _proceedings_by_parent(parent_ids) -> dict[int, list[date]]:
    issued = defaultdict(list)
    for parent_id, day in Proceedings.objects.filter(episode__parent_id__in=parent_ids).values_list(
        "episode__parent_id", "issued_on"
    ):
        issued[parent_id].append(day)
    for parent_id, day in ChildStatusChange.objects.filter(
        child__parent_id__in=parent_ids, status=ChildLegalStatus.IN_PROCEEDINGS, on__isnull=False
    ).values_list("child__parent_id", "on"):
        issued[parent_id].append(day)
    return issued


def _proceedings_table(scope: Scope) -> tuple[Table, int]:
    during = list(open_in_period(scope).values_list("parent_id", "opened_on", "closed_on"))
    ended = list(
        episodes(scope)
        .filter(closed_on__isnull=False, closed_on__lte=scope.end)
        .values_list("parent_id", "closed_on")
    )
    issued = _proceedings_by_parent({p for p, *_ in during} | {p for p, _ in ended})
    with_during = {
        parent
        for parent, opened, closed in during
        if any(opened <= d <= (closed or scope.end) and _between(d, scope) for d in issued[parent])
    }
    counts = {
        ("during", "with"): len(with_during),
        ("during", "without"): len({p for p, *_ in during}) - len(with_during),
    }
    rows = [("during", "During the work (new proceedings issued in the period)")]
    for months in FOLLOW_UP_MONTHS:
        window = timedelta(days=round(months * DAYS_PER_MONTH))
        eligible = {}
        for parent, closed in ended:
            if closed + window <= scope.end:
                eligible[parent] = max(eligible.get(parent, closed), closed)
        with_after = {
            p
            for p, closed in eligible.items()
            if any(closed < d <= closed + window for d in issued[p])
        }
        counts[(f"after_{months}", "with")] = len(with_after)
        counts[(f"after_{months}", "without")] = len(eligible) - len(with_after)
        rows.append((f"after_{months}", f"Within {months} months after the work ended"))
    for row, _ in rows:
        counts[(row, "total")] = counts[(row, "with")] + counts[(row, "without")]
    table = Table(
        key="proceedings",
        title="New care proceedings during and after the work",
        row_heading="When",
        columns=[("with", "With new proceedings"), ("without", "Without"), ("total", "Parents")],
        rows=rows,
        counts=counts,
        total_column="total",
        note="After the work: parents whose work ended at least that long before the end of "
        "the period, followed for that long.",
    )
    return table, counts[("after_12", "without")]


# --- Fidelity ---------------------------------------------------------------------------------


def fidelity_rules(scope: Scope) -> Fidelity:
    programmes = Programme.objects.filter(organisation_id__in=scope.organisation_ids)
    programme = (
        programmes.filter(pk=scope.programme_id).first()
        if scope.programme_id
        else programmes.filter(in_use=True).first()
    )
    version = programme.current_version() if programme else None
    return version.spec.fidelity if version else Fidelity()


def fidelity(scope: Scope, raw: dict) -> Section:
    rules = fidelity_rules(scope)
    allocated = list(
        open_in_period(scope)
        .filter(allocated_on__isnull=False, allocated_on__lte=scope.end)
        .values_list("allocated_on", "closed_on")
    )
    days = sum(
        max((min(closed or scope.end, scope.end) - max(start, scope.start)).days + 1, 0)
        for start, closed in allocated
    )
    parent_months = days / DAYS_PER_MONTH
    contacts = (
        Contact.objects.filter(
            episode__in=episodes(scope).filter(allocated_on__isnull=False),
            happened_on__range=(scope.start, scope.end),
        )
        .exclude(contact_type=ContactType.PARTNER_INFORMATION)
        .count()
    )
    tenacity = round(contacts / parent_months, 1) if parent_months else None
    ended = list(
        episodes(scope)
        .filter(closed_on__range=(scope.start, scope.end), allocated_on__isnull=False)
        .only("allocated_on", "closed_on", "pathway", "programme_version")
        .prefetch_related("programme_version")  # each version (its whole definition) read once
    )
    within = 0
    for episode in ended:
        version = episode.programme_version
        months = version.spec.maximum_months_for(episode.pathway) if version else None
        limit = timedelta(days=round(months * DAYS_PER_MONTH)) if months else None
        within += limit is None or (episode.closed_on - episode.allocated_on) <= limit
    to_contact = raw["to_contact"]
    median_days = _median(to_contact)
    rows = [
        (
            "tenacity",
            "Tenacity: contacts and outreach attempts per parent per month",
            tenacity,
            f"at least {rules.contacts_per_month_at_least:g}",
            tenacity is not None and tenacity >= rules.contacts_per_month_at_least,
            [("fidelity", "tenacity", "n")],
            len(allocated),
        ),
        (
            "attrition",
            "Attrition (per cent of work ended)",
            _percent(raw["attrition"], raw["closed"]),
            f"at most {rules.attrition_percent_at_most:g}%",
            raw["closed"] > 0
            and _percent(raw["attrition"], raw["closed"]) <= rules.attrition_percent_at_most,
            [("attrition", "attrition", "count"), ("endings", "total", "episodes")],
            raw["closed"],
        ),
        (
            "first_contact",
            "Median days from referral to first contact",
            median_days,
            f"at most {rules.days_to_first_contact_at_most}",
            median_days is not None and median_days <= rules.days_to_first_contact_at_most,
            [("timeliness", "to_first_contact", "parents")],
            len(to_contact),
        ),
        (
            "reviews",
            "Reviews held on time (per cent)",
            _percent(raw["reviews"]["on_time"], raw["reviews"]["held"]),
            f"at least {rules.reviews_on_time_percent_at_least:g}%",
            bool(raw["reviews"]["held"])
            and _percent(raw["reviews"]["on_time"], raw["reviews"]["held"])
            >= rules.reviews_on_time_percent_at_least,
            [("practice", "reviews", "count"), ("practice", "reviews", "of")],
            raw["reviews"]["held"],
        ),
        (
            "timescales",
            "Work ended within the programme's maximum length (per cent)",
            _percent(within, len(ended)),
            f"at least {rules.within_timescales_percent_at_least:g}%",
            bool(ended)
            and _percent(within, len(ended)) >= rules.within_timescales_percent_at_least,
            [("fidelity", "timescales", "n")],
            len(ended),
        ),
        (
            "caseloads",
            "Workers within their caseload cap (per cent)",
            _percent(raw["within_cap"], raw["workers"]),
            f"at least {rules.caseloads_within_cap_percent_at_least:g}%",
            bool(raw["workers"])
            and _percent(raw["within_cap"], raw["workers"])
            >= rules.caseloads_within_cap_percent_at_least,
            [("practice", "caseloads", "count"), ("practice", "caseloads", "of")],
            raw["workers"],
        ),
    ]
    table = Table(
        key="fidelity",
        title="Fidelity against the programme's thresholds",
        row_heading="Measure",
        columns=[
            ("n", "Based on"),
            ("value", "Result"),
            ("threshold", "Threshold"),
            ("met", "Met?"),
        ],
        rows=[(k, label) for k, label, *_ in rows],
        note="Thresholds from the programme definition's fidelity block (defaults where it "
        "sets none).",
    )
    for key, _, value, threshold, met, rests_on, n in rows:
        table.counts[(key, "n")] = n
        table.measures[(key, "value")] = (value, rests_on)
        table.measures[(key, "met")] = ("yes" if met else "no", rests_on)
        table.texts[(key, "threshold")] = threshold
    # Episodes allocated are at least the parents worked with; work ended within the
    # timescales is some of the work ended.
    table.at_most += [
        (("how_much", "worked_with", "count"), ("tenacity", "n")),
        (("timescales", "n"), ("endings", "total", "episodes")),
    ]
    for key in ("attrition", "first_contact", "reviews", "caseloads"):
        table.shared[(key, "n")] = {
            "attrition": ("endings", "total", "episodes"),
            "first_contact": ("timeliness", "to_first_contact", "parents"),
            "reviews": ("practice", "reviews", "of"),
            "caseloads": ("practice", "caseloads", "of"),
        }[key]
    return Section("fidelity", "Fidelity", [table])


# --- Equality ---------------------------------------------------------------------------------

STAGES = [
    ("referred", "Referred"),
    ("accepted", "Accepted"),
    ("engaged", "Engaged"),
    ("finishing", "Finished the work"),
]


def _age_band(born: date | None, on: date) -> str:
    if born is None:
        return NOT_KNOWN
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return next((label for low, high, label in AGE_BANDS if low <= age < high), NOT_KNOWN)


DIMENSIONS = [
    ("ethnicity", "Ethnic group", [g for g, _ in ETHNICITY_GROUPS]),
    ("age", "Age at referral", [label for *_, label in AGE_BANDS] + [NOT_KNOWN]),
    ("sex", "Sex", [label for _, label in Sex.choices]),
    ("care_experience", "Care experienced", [label for _, label in CareExperience.choices]),
]


def wilson(successes: int, trials: int, z: float = 1.959964) -> tuple[float, float]:
    """The Wilson score interval (95%) for a proportion."""
    if trials == 0:
        return (0.0, 0.0)
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = p + z * z / (2 * trials)
    spread = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials))
    return ((centre - spread) / denominator, (centre + spread) / denominator)


def comparison_shares(scope: Scope) -> tuple[str, dict[str, dict[str, float]]]:
    """The comparison population's share in each category: an uploaded table, or the latest
    linkage run's cohort (age at first application only)."""
    org = scope.organisation_ids[0] if len(scope.organisation_ids) == 1 else None
    if scope.comparison_id and org:
        chosen = ComparisonPopulation.objects.filter(
            pk=scope.comparison_id, organisation_id=org
        ).first()
        if chosen:
            counts = defaultdict(Counter)
            for row in chosen.rows:
                counts[row["dimension"]][row["category"]] += int(row["count"])
            return f"{chosen.name} ({chosen.source}, {chosen.year})", _shares(counts)
    if org:
        run = (
            LinkageRun.objects.filter(organisation_id=org, job__status="succeeded")
            .exclude(results_dir="")
            .order_by("-pk")
            .first()
        )
        if run:
            counts = defaultdict(Counter)
            folder = Path(settings.MEDIA_ROOT) / run.results_dir / "report"
            for who in ("mothers", "fathers"):
                path = folder / f"{who}_age_at_first_application.csv"
                if path.is_file():
                    for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))):
                        if row.get("parents", "").isdigit():
                            counts["age"][row["age"]] += int(row["parents"])
            if counts:
                return f"Linkage run {run.pk}: parents in care proceedings", _shares(counts)
    return "", {}


def _shares(counts) -> dict[str, dict[str, float]]:
    return {
        dimension: {c: n / sum(by.values()) for c, n in by.items()} if sum(by.values()) else {}
        for dimension, by in counts.items()
    }


def equality(scope: Scope) -> Section:
    received = referrals(scope).filter(received_on__range=(scope.start, scope.end))
    rows = received.annotate(
        engaged=Count(
            "episode__contacts",
            filter=~Q(episode__contacts__contact_type__in=NOT_WITH_PARENT)
            & Q(episode__contacts__happened_on__lte=scope.end),
        ),
    ).values_list(
        "received_on",
        "status",
        "engaged",
        "episode__closure_reason",
        "episode__closed_on",
        "parent__ethnicity",
        "parent__date_of_birth",
        "parent__sex",
        "parent__care_experienced",
    )
    sex_labels, care_labels = dict(Sex.choices), dict(CareExperience.choices)
    tally = {d: defaultdict(Counter) for d, *_ in DIMENSIONS}
    totals = Counter()
    for received_on, status, engaged, reason, closed_on, ethnicity, born, sex, care in rows:
        stages = ["referred"]
        if status == Referral.Status.ACCEPTED:
            stages.append("accepted")
            if engaged:
                stages.append("engaged")
            if reason == ClosureReason.PLANNED_ENDING and closed_on and closed_on <= scope.end:
                stages.append("finishing")
        categories = {
            "ethnicity": ETHNICITY_GROUP_OF.get(ethnicity, "Not recorded"),
            "age": _age_band(born, received_on),
            "sex": sex_labels.get(sex, sex),
            "care_experience": care_labels.get(care, care),
        }
        for stage in stages:
            totals[stage] += 1
            for dimension, category in categories.items():
                tally[dimension][category][stage] += 1
    source, shares = comparison_shares(scope)
    tables = []
    for dimension, title, categories in DIMENSIONS:
        table = Table(
            key=f"equality_{dimension}",
            title=title,
            row_heading=title,
            columns=[
                *STAGES,
                ("share", "Share of referred (95% interval)"),
                ("comparison", "Comparison population"),
            ],
            rows=[(c, c) for c in categories] + [("total", "All")],
            total_row="total",
            chart="referred",
        )
        for category in categories:
            for stage, _ in STAGES:
                table.counts[(category, stage)] = tally[dimension][category][stage]
            n, total = tally[dimension][category]["referred"], totals["referred"]
            low, high = wilson(n, total)
            share = (
                f"{100 * n / total:.1f}% ({100 * low:.1f}% to {100 * high:.1f}%)" if total else None
            )
            table.measures[(category, "share")] = (
                share,
                [(category, "referred"), ("total", "referred")],
            )
            expected = shares.get(dimension, {}).get(category)
            if expected is not None:
                flag = ""
                if total and high < expected:
                    flag = ": fewer than expected"
                elif total and low > expected:
                    flag = ": more than expected"
                table.measures[(category, "comparison")] = (
                    f"{100 * expected:.1f}%{flag}",
                    [(category, "referred"), ("total", "referred")] if flag else [],
                )
        for stage, _ in STAGES:
            table.counts[("total", stage)] = totals[stage]
            table.shared[("total", stage)] = f"{stage}_total"
        # Each stage is reached only by those who reached the one before.
        for row in [*categories, "total"]:
            table.at_most += [
                ((row, "accepted"), (row, "referred")),
                ((row, "engaged"), (row, "accepted")),
                ((row, "finishing"), (row, "accepted")),
            ]
        tables.append(table)
    intro = (
        f"Compared with: {source}."
        if source
        else "No comparison population chosen: upload one "
        "on the report settings page, or run the population linkage."
    )
    return Section("equality", "Who the service reaches", tables, intro=intro)


# --- Flow -------------------------------------------------------------------------------------


def flow(scope: Scope) -> Section:
    changes = (
        PhaseChange.objects.filter(episode__in=open_in_period(scope), changed_on__lte=scope.end)
        .order_by("episode_id", "changed_on", "pk")
        .values_list(
            "episode_id",
            "pathway",
            "phase",
            "changed_on",
            "episode__closed_on",
            "episode__closure_reason",
        )
    )
    names = _phase_names(scope)
    reason_words = dict(ClosureReason.choices)
    stays = defaultdict(list)
    # Moves between places: a place is a (pathway, phase), ACCEPTED (before any phase) or an
    # ending ("ended", reason).
    moves = Counter()
    last: dict[int, tuple] = {}
    for episode_id, pathway, phase, on, closed_on, reason in changes:
        here = (pathway, phase)
        before = last.get(episode_id)
        if before:
            (prev, since, _, _) = before
            if since <= scope.end and on >= scope.start:
                stays[prev].append((on - max(since, scope.start)).days)
            if _between(on, scope):
                moves[(prev, here)] += 1
        elif _between(on, scope):
            moves[(ACCEPTED, here)] += 1
        last[episode_id] = (here, on, closed_on, reason)
    for here, since, closed_on, reason in last.values():
        until = min(closed_on or scope.end, scope.end)
        stays[here].append((until - max(since, scope.start)).days)
        if _between(closed_on, scope):
            moves[(here, ("ended", reason_words.get(reason, "other")))] += 1

    def place(where) -> str:
        if where == ACCEPTED:
            return "Accepted"
        if where[0] == "ended":
            return f"Ended: {where[1]}"
        return names.get(where, "/".join(where))

    stay_table = Table(
        key="stays",
        title="Time in each pathway and phase",
        row_heading="Pathway and phase",
        columns=[("parents", "Parents"), ("median", "Median days in the period")],
        rows=[("/".join(k), names.get(k, "/".join(k))) for k in sorted(stays)],
    )
    move_rows = sorted(moves, key=lambda m: (place(m[0]), place(m[1]), m))
    move_key = {m: "/".join((*m[0], "to", *m[1])) for m in move_rows}
    for k in sorted(stays):
        row = "/".join(k)
        stay_table.counts[(row, "parents")] = len(stays[k])
        stay_table.measures[(row, "median")] = (_median(stays[k]), [(row, "parents")])
        # Each stay in the period began before it (never printed) or with a move in it; and
        # ends after it (never printed) or with a move out in it.
        into = [("moves", move_key[m], "parents") for m in move_rows if m[1] == k]
        out = [("moves", move_key[m], "parents") for m in move_rows if m[0] == k]
        for name, moved in (("before", into), ("after", out)):
            rest = len(stays[k]) - sum(
                moves[m] for m in move_rows if move_key[m] in {x[1] for x in moved}
            )
            if rest >= 0:
                stay_table.unprinted[f"{row} {name}"] = rest
                stay_table.sums.append(
                    ((row, "parents"), [stay_table.hidden_key(f"{row} {name}"), *moved])
                )
    blockers = (
        Blocker.objects.filter(episode__in=episodes(scope), started_on__lte=scope.end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=scope.start))
        .values_list("kind", "episode__parent_id", "started_on", "ended_on")
    )
    held = defaultdict(list)
    parents = defaultdict(set)
    for kind, parent_id, started, ended in blockers:
        held[kind].append((min(ended or scope.end, scope.end) - started).days)
        parents[kind].add(parent_id)
    blocker_table = Table(
        key="blockers",
        title="External blockers and how long they held parents",
        row_heading="Waiting for",
        columns=[
            ("blockers", "Blockers"),
            ("parents", "Parents held"),
            ("median", "Median days held"),
        ],
        rows=[*BlockerKind.choices, ("total", "All blockers")],
        total_row=None,
    )
    for kind, _ in BlockerKind.choices:
        blocker_table.counts[(kind, "blockers")] = len(held[kind])
        blocker_table.counts[(kind, "parents")] = len(parents[kind])
        blocker_table.measures[(kind, "median")] = (_median(held[kind]), [(kind, "blockers")])
        # A parent held counts once per kind (and once in all), with at least one blocker.
        blocker_table.at_most += [
            ((kind, "parents"), (kind, "blockers")),
            ((kind, "parents"), ("total", "parents")),
        ]
    blocker_table.sums.append(
        (("total", "blockers"), [(kind, "blockers") for kind, _ in BlockerKind.choices])
    )
    blocker_table.at_most.append((("total", "parents"), ("total", "blockers")))
    everything = [d for v in held.values() for d in v]
    blocker_table.counts[("total", "blockers")] = len(everything)
    blocker_table.counts[("total", "parents")] = len(
        set().union(*parents.values()) if parents else set()
    )
    blocker_table.measures[("total", "median")] = (_median(everything), [("total", "blockers")])
    move_table = Table(
        key="moves",
        title="Moves between pathways and phases in the period",
        row_heading="From and to",
        columns=[("from", "From"), ("to", "To"), ("parents", "Moves")],
        rows=[(move_key[m], f"{place(m[0])} → {place(m[1])}") for m in move_rows],
        chart="parents",
        chart_kind="flow",
        note="Moves and stays are suppressed together: a stay is the parents there when the "
        "period began, or who moved in during it.",
    )
    for m in move_rows:
        move_table.texts[(move_key[m], "from")] = place(m[0])
        move_table.texts[(move_key[m], "to")] = place(m[1])
        move_table.counts[(move_key[m], "parents")] = moves[m]
    return Section("flow", "Flow through the programme", [stay_table, blocker_table, move_table])


def _phase_names(scope: Scope) -> dict[tuple[str, str], str]:
    names = {}
    for programme in Programme.objects.filter(organisation_id__in=scope.organisation_ids):
        version = programme.current_version()
        if version is None:
            continue
        for pathway in version.spec.pathways:
            for phase in pathway.phases:
                names[(pathway.key, phase.key)] = f"{pathway.name}: {phase.name}"
    return names


# --- Costs ------------------------------------------------------------------------------------


def costs(scope: Scope, outcome_counts: dict) -> Section:
    """Estimated costs avoided: each outcome's count times the service's unit cost range."""
    unit_costs = UnitCost.objects.filter(organisation_id__in=scope.organisation_ids[:1])
    table = Table(
        key="costs",
        title="Estimated costs avoided (not savings: there is no comparison group)",
        row_heading="Unit cost",
        columns=[
            ("outcome", "Outcome counted"),
            ("number", "Number"),
            ("range", "Estimated range"),
            ("source", "Source and year"),
            ("assumption", "Assumptions"),
        ],
        rows=[(str(c.pk), c.label) for c in unit_costs],
    )
    outcome_words = dict(CostedOutcome.choices)
    for cost in unit_costs:
        row = str(cost.pk)
        count, key = outcome_counts[cost.outcome]
        table.texts[(row, "outcome")] = outcome_words[cost.outcome]
        table.texts[(row, "source")] = f"{cost.source}, {cost.year}"
        table.texts[(row, "assumption")] = cost.assumption
        table.counts[(row, "number")] = count
        table.shared[(row, "number")] = key
        low, high = Decimal(count) * cost.low, Decimal(count) * cost.high
        table.measures[(row, "range")] = (f"£{low:,.0f} to £{high:,.0f}", [key])
    evaluations = Table(
        key="evaluations",
        title="Published evaluations (their own results, not this service's)",
        row_heading="Programme and evaluation",
        columns=[("finding", "What the evaluation reported")],
        rows=[(str(i), name) for i, (name, _) in enumerate(PUBLISHED_EVALUATIONS)],
        texts={(str(i), "finding"): text for i, (_, text) in enumerate(PUBLISHED_EVALUATIONS)},
    )
    return Section(
        "costs",
        "Costs",
        [table, evaluations],
        intro="Costs that may have been avoided, estimated from outcomes counted in this report "
        "and unit costs the service sets. Without a comparison group we cannot say these "
        "outcomes would not have happened anyway, so these are not savings.",
    )


# --- The whole report -------------------------------------------------------------------------


def oba_sections(scope: Scope) -> tuple[list[Section], dict]:
    """Outcomes Based Accountability: how much, how well, better off (and fidelity)."""
    much = how_much(scope)
    well, raw = how_well(scope)
    better, outcomes = better_off(scope)
    return [much, well, better, fidelity(scope, raw)], outcomes


def all_sections(scope: Scope) -> list[Section]:
    sections, outcomes = oba_sections(scope)
    return [*sections, equality(scope), flow(scope), costs(scope, outcomes)]


def scope_options(organisation_ids: tuple[int, ...]) -> dict:
    """The choices of the report's filters (teams, pathways, programmes, comparisons)."""
    pathways = {}
    for programme in Programme.objects.filter(organisation_id__in=organisation_ids):
        version = programme.current_version()
        for pathway in version.spec.pathways if version else ():
            pathways.setdefault(pathway.key, pathway.name)
    return {
        "teams": list(
            Team.objects.filter(organisation_id__in=organisation_ids).values_list("pk", "name")
        ),
        "pathways": sorted(pathways.items(), key=lambda p: p[1]),
        "programmes": list(
            Programme.objects.filter(organisation_id__in=organisation_ids).values_list("pk", "name")
        ),
        "comparisons": list(
            ComparisonPopulation.objects.filter(organisation_id__in=organisation_ids).values_list(
                "pk", "name"
            )
        ),
    }


def unit_costs_for(organisation_id: int) -> QuerySet[UnitCost]:
    return UnitCost.objects.filter(organisation_id=organisation_id)


@dataclass
class Participation:
    """A service invited to a network, and where its agreement stands."""

    network: Network
    organisation: Organisation
    invited_on: date
    agreed_on: date | None = None  # the agreement in force, if any
    withdrawn_on: date | None = None  # the last withdrawal, when none is in force
    invitation_id: int | None = None

    @property
    def taking_part(self) -> bool:
        return self.agreed_on is not None

    @property
    def status(self) -> str:
        if self.agreed_on:
            return f"Taking part since {self.agreed_on:%-d %B %Y}"
        if self.withdrawn_on:
            return f"Withdrew on {self.withdrawn_on:%-d %B %Y}"
        return "Invited: not yet agreed"


def participations(invitations: QuerySet[NetworkInvitation]) -> list[Participation]:
    """Each invitation with the service's agreement now (two queries)."""
    invitations = list(invitations.select_related("network__organisation", "organisation"))
    members = defaultdict(list)
    for member in NetworkMember.objects.filter(
        network_id__in={i.network_id for i in invitations}
    ).order_by("pk"):
        members[(member.network_id, member.organisation_id)].append(member)
    out = []
    for invitation in invitations:
        rows = members[(invitation.network_id, invitation.organisation_id)]
        current = next((m for m in rows if m.withdrawn_on is None), None)
        out.append(
            Participation(
                network=invitation.network,
                organisation=invitation.organisation,
                invited_on=invitation.created_at.date(),
                invitation_id=invitation.pk,
                agreed_on=current.agreed_on if current else None,
                withdrawn_on=rows[-1].withdrawn_on if rows and not current else None,
            )
        )
    return out


def network_participations(network: Network) -> list[Participation]:
    """The services a network invited (for its host)."""
    return participations(NetworkInvitation.objects.filter(network=network))


def invitations_to(organisation_id: int) -> list[Participation]:
    """The networks that invited a service (for its manager)."""
    return participations(
        NetworkInvitation.objects.filter(organisation_id=organisation_id).order_by("network__name")
    )


def networks_hosted_by(organisation_id: int) -> QuerySet[Network]:
    """The networks an organisation oversees, with how many services take part now."""
    return Network.objects.filter(organisation_id=organisation_id).annotate(
        taking_part=Count(
            "members__organisation",
            filter=Q(members__withdrawn_on__isnull=True),
            distinct=True,
        ),
        invited=Count("invitations", distinct=True),
    )


def services_to_invite(network: Network) -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(kind=Organisation.Kind.SERVICE)
        .exclude(pk__in=network.invitations.values("organisation_id"))
        .order_by("name")
    )


def network_organisations(network: Network, on: date) -> list[Organisation]:
    """The services counted in a network: those whose agreement is in force on `on`."""
    ids = (
        network.members.filter(agreed_on__lte=on)
        .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on))
        .values("organisation_id")
    )
    return list(Organisation.objects.filter(pk__in=ids))


def report_for(scope: Scope, title: str = "Impact report") -> PublishedReport:
    """The whole report, published (suppressed)."""
    period = f"{scope.start:%-d %B %Y} to {scope.end:%-d %B %Y}"
    return publish(
        title,
        period,
        scope.filters,
        all_sections(scope),
        notes=[
            "Definitions of every figure: docs/reports.md. Aggregates only: no parent is named.",
        ],
    )
