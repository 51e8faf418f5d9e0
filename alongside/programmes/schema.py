"""A programme definition: what a service model is, as read from a validated YAML file.

The format (`format: alongside-programme/1`) is documented in `docs/programmes.md`; the loader
(`loader.py`) turns a file into these frozen objects or refuses it whole with every error.
"""

from dataclasses import dataclass, field

from alongside.people.choices import ChildLegalStatus

from .vocabulary import DecisionKind

FORMAT = "alongside-programme/1"

# Decisions a programme may say need a manager's sign-off.
APPROVABLE_DECISIONS = tuple(DecisionKind.values)
# What opens an episode.
EPISODE_OPENERS = ("referral_accepted", "first_contact")
# A child with one of these legal statuses counts as a previous removal.
REMOVAL_KINDS = (
    ChildLegalStatus.ADOPTED,
    ChildLegalStatus.PLACEMENT_ORDER,
    ChildLegalStatus.LONG_TERM_FOSTER,
    ChildLegalStatus.FOSTER_CARE,
    ChildLegalStatus.SGO,
    ChildLegalStatus.KINSHIP,
    ChildLegalStatus.IN_PROCEEDINGS,
)
PREGNANCY_RULES = ("any", "required", "not_pregnant")
CARE_EXPERIENCE_RULES = ("any", "required")
# 'none': the parent has no child living with them (Pause works at that point).
CHILDREN_AT_HOME_RULES = ("any", "none")
# What a time limit counts from. Time spent waiting for a key worker never counts: 'allocation'
# starts the clock when the work does; 'birth' when the baby is born (post-natal work).
LIMIT_FROM = ("allocation", "birth")
# When a scheduled measure is due.
MEASURE_TIMES = ("start", "each_review", "ending", "after_birth")


@dataclass(frozen=True)
class Eligibility:
    """Rules a parent must meet. Every rule is optional; an empty rule set admits everyone."""

    min_age: int | None = None
    max_age: int | None = None
    care_experienced: str = "any"
    min_removals: int | None = None
    max_removals: int | None = None
    removal_kinds: tuple[str, ...] = REMOVAL_KINDS
    # The youngest removed child was under this many months old when they were removed.
    removed_child_under_months: int | None = None
    pregnancy: str = "any"
    min_gestation_weeks: int | None = None
    max_gestation_weeks: int | None = None
    # Work may start up to this many months after the youngest child's birth.
    max_child_age_months: int | None = None
    # Postcode areas or districts the service covers (for example "M", "SK1").
    areas: tuple[str, ...] = ()
    # 'none': no child living with the parent.
    children_at_home: str = "any"
    # At least this many children with one of these legal statuses (for example a child at
    # home on a child in need or child protection plan, or in proceedings).
    min_children_with_status: int | None = None
    children_statuses: tuple[str, ...] = ()

    def merged(self, other: "Eligibility | None") -> "Eligibility":
        """These rules with `other`'s set rules on top (a pathway narrows its programme)."""
        if other is None:
            return self
        defaults = Eligibility()
        values = {
            name: getattr(other, name)
            if getattr(other, name) != getattr(defaults, name)
            else getattr(self, name)
            for name in self.__dataclass_fields__
        }
        return Eligibility(**values)


@dataclass(frozen=True)
class Phase:
    key: str
    name: str
    what_happens: str
    typical_weeks: int | None = None
    maximum_weeks: int | None = None
    ends_with_decision: bool = False
    decision_options: tuple[str, ...] = ()
    weight: float = 1.0
    # The phase ends at the baby's birth (stabilisation in pregnancy): its clock runs to the
    # due date, whatever the weeks say.
    ends_at_birth: bool = False


@dataclass(frozen=True)
class Pathway:
    key: str
    name: str
    description: str
    phases: tuple[Phase, ...]
    eligibility: Eligibility | None = None
    maximum_months: int | None = None
    typical_months: int | None = None
    # `maximum_months: none` in the file: no limit, whatever the programme's (the length of
    # the work can expand and contract).
    no_maximum: bool = False
    # What this pathway's limit counts from, when it differs from the programme's.
    limit_from: str | None = None

    def phase(self, key: str) -> Phase | None:
        return next((p for p in self.phases if p.key == key), None)

    def next_phase(self, key: str) -> Phase | None:
        keys = [p.key for p in self.phases]
        if key not in keys or keys.index(key) + 1 >= len(keys):
            return None
        return self.phases[keys.index(key) + 1]


@dataclass(frozen=True)
class Caseload:
    # Per full-time worker: a worker's own cap is this times their hours (0.2-1.0 WTE).
    cap: float = 8
    waiting_phase_weight: float = 0.0


@dataclass(frozen=True)
class Fidelity:
    """Thresholds the service checks its delivery against (the `fidelity:` block; reports).
    The defaults are the usual national-programme checks (seeds 001 and 002)."""

    # Tenacity: contacts and outreach attempts per parent per month of allocated work.
    contacts_per_month_at_least: float = 4
    # Work ended by the parent (chose to end, or lost touch), as a share of work ended.
    attrition_percent_at_most: float = 25
    # Reviews held by their due date.
    reviews_on_time_percent_at_least: float = 80
    # Days from the referral to the first contact with the parent.
    days_to_first_contact_at_most: int = 10
    # Work ended within the programme's (or pathway's) maximum length.
    within_timescales_percent_at_least: float = 80
    # Workers within their weighted caseload cap.
    caseloads_within_cap_percent_at_least: float = 100


@dataclass(frozen=True)
class Priorities:
    """How the waiting list is ordered: each factor's points and the reason shown. Priority
    groups raise a parent's place; they are never conditions of the service. The defaults are
    the order in docs/waiting-list.md."""

    pregnant_points: int = 30
    pregnant_points_per_week: int = 1
    # (within so many weeks, points), nearest first.
    final_hearing: tuple[tuple[int, int], ...] = ((8, 30), (16, 15))
    care_experienced_points: int = 10
    care_experienced_max_age: int | None = 25
    # (under this age, points), youngest first.
    ages: tuple[tuple[int, int], ...] = ((21, 10), (25, 5))
    learning_disability_points: int = 0
    substance_misuse_points: int = 0
    points_per_week_waited: int = 1


@dataclass(frozen=True)
class ScheduledMeasure:
    """A measure the programme asks for: which, when, and who completes it."""

    instrument: str
    at: str
    by: str
    weeks_after_birth: int | None = None
    pathway: str | None = None


@dataclass(frozen=True)
class ProgrammeSpec:
    key: str
    name: str
    version: int
    description: str
    pathways: tuple[Pathway, ...]
    eligibility: Eligibility = field(default_factory=Eligibility)
    review_every_weeks: int = 8
    review_every_weeks_at_most: int | None = None
    maximum_months: int | None = None
    typical_months: int | None = None
    caseload: Caseload = field(default_factory=Caseload)
    fidelity: Fidelity = field(default_factory=Fidelity)
    approvals: tuple[str, ...] = ()
    opens_on: str = "referral_accepted"
    closure_reasons: tuple[str, ...] = ()
    # Things the parent may choose to have recorded. Never conditions of the service.
    parent_choices: tuple[str, ...] = ()
    limit_from: str = "allocation"
    priorities: Priorities = field(default_factory=Priorities)
    measures: tuple[ScheduledMeasure, ...] = ()
    # Where the template differs from the published model on purpose, in words a service
    # manager reads on screen.
    differences: tuple[str, ...] = ()

    def pathway(self, key: str) -> Pathway | None:
        return next((p for p in self.pathways if p.key == key), None)

    def pathway_eligibility(self, key: str | None) -> Eligibility:
        pathway = self.pathway(key) if key else None
        return self.eligibility.merged(pathway.eligibility if pathway else None)

    def maximum_months_for(self, pathway_key: str | None) -> int | None:
        pathway = self.pathway(pathway_key) if pathway_key else None
        if pathway is not None and pathway.no_maximum:
            return None
        return (pathway and pathway.maximum_months) or self.maximum_months

    def limit_from_for(self, pathway_key: str | None) -> str:
        pathway = self.pathway(pathway_key) if pathway_key else None
        return (pathway and pathway.limit_from) or self.limit_from

    def measures_for(self, pathway_key: str | None) -> tuple[ScheduledMeasure, ...]:
        return tuple(m for m in self.measures if m.pathway in (None, pathway_key))

    def needs_approval(self, decision: str) -> bool:
        return decision in self.approvals
