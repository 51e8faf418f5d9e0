"""Reads for the population pages: the early-help worklist of a run, the column mappings an
organisation has saved, the clerical review of a run (its pairs, progress and the accuracy
its decisions imply), and the earlier runs whose decisions can check the next run (and what
that check found)."""

import csv
import math
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.dateformat import format as format_date

from alongside.jobs.models import Job
from alongside.linkage.clerical import (
    DATE_FIELDS,
    DIFFERENT,
    SAME,
    AccuracyEstimate,
    estimate_accuracy,
)
from alongside.linkage.csv_safe import FORMULA_STARTS
from alongside.linkage.errors import InputError
from alongside.linkage.mapping import (
    Mapping,
    check_headings,
    load_mapping,
    mapping_from_data,
    missing_columns,
)

from .models import ColumnMapping, LinkageRun, ReviewDecision, ReviewPair
from .uploads import PendingUpload, StoredExtract

EARLY_HELP_FILE = "early_help_candidates.csv"
SOURCES = {"midwifery booking": "Midwifery booking", "care leaver": "Care leavers list"}


@dataclass(frozen=True)
class EarlyHelpRow:
    """One person who could be offered help: the record in a booking or care-leaver list,
    linked to a parent with a previous removal."""

    person: str  # the linked parent's id in the run
    given_name: str
    family_name: str
    date_of_birth: date | None
    postcode: str
    found_in: tuple[str, ...]
    previous_proceedings: int | None
    previous_removals: int
    local_authority: str
    court: str
    last_issue_date: date | None
    match_probability: float

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_name, self.family_name) if part)

    @property
    def match_percent(self) -> str:
        """Rounded down, so a likely match is never shown as certain."""
        return f"{int(self.match_probability * 100)}%"


def cell_text(value: str | None) -> str:
    """A cell as the list holds it, without the apostrophe our CSV writer puts before text a
    spreadsheet would run as a formula (this is a web page, not a spreadsheet)."""
    value = (value or "").strip()
    if value.startswith("'") and value[1:2] and value[1] in FORMULA_STARTS:
        return value[1:]
    return value


def _capitalised(name: str) -> str:
    """For lists made before names were kept as stored (they held them in lower case)."""
    out, start = [], True
    for char in name:
        out.append(char.upper() if start else char)
        start = char in " -'’"
    return "".join(out)


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(cell_text(value)[:10])
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    try:
        return int(float(cell_text(value)))
    except ValueError:
        return None


def _float(value: str | None) -> float:
    try:
        return float(cell_text(value))
    except ValueError:
        return 0.0


def _row(cells: dict) -> EarlyHelpRow:
    if "given_name" in cells:
        given, family = cell_text(cells.get("given_name")), cell_text(cells.get("family_name"))
    else:
        given = _capitalised(cell_text(cells.get("forename")))
        family = _capitalised(cell_text(cells.get("surname")))
    source = cell_text(cells.get("source"))
    return EarlyHelpRow(
        person=cell_text(cells.get("linked_person_id")),
        given_name=given,
        family_name=family,
        date_of_birth=_date(cells.get("dob")),
        postcode=cell_text(cells.get("postcode")),
        found_in=(SOURCES.get(source, source.capitalize()),),
        previous_proceedings=_int(cells.get("previous_proceedings")),
        previous_removals=_int(cells.get("previous_removals")) or 0,
        local_authority=cell_text(cells.get("local_authority")),
        court=cell_text(cells.get("court")),
        last_issue_date=_date(cells.get("last_issue_date")),
        match_probability=_float(cells.get("match_probability")),
    )


def early_help_rows(run: LinkageRun) -> list[EarlyHelpRow] | None:
    """The run's early-help list as a worklist: one row per person (the likeliest match when a
    person is in more than one list), the most likely match first, then the most recent
    proceedings. None when the run has no list."""
    if not run.results_dir:
        return None
    path = Path(settings.MEDIA_ROOT) / run.results_dir / EARLY_HELP_FILE
    if not path.is_file():
        return None
    best: dict[str, EarlyHelpRow] = {}
    found_in: dict[str, list[str]] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        for cells in csv.DictReader(handle):
            row = _row(cells)
            sources = found_in.setdefault(row.person, [])
            sources.extend(s for s in row.found_in if s not in sources)
            if row.person not in best or row.match_probability > best[row.person].match_probability:
                best[row.person] = row
    rows = [replace(row, found_in=tuple(found_in[person])) for person, row in best.items()]
    return sorted(
        rows,
        key=lambda r: (
            -r.match_probability,
            -(r.last_issue_date.toordinal() if r.last_issue_date else 0),
            r.family_name.lower(),
            r.given_name.lower(),
            r.person,
        ),
    )


# --- Column mappings ------------------------------------------------------------------------


def column_mappings(organisation_id: int, kind: str):
    """The organisation's saved mappings for this kind of extract, the latest saved first."""
    return ColumnMapping.objects.filter(organisation_id=organisation_id, kind=kind).order_by(
        "-updated_at", "-pk"
    )


def engine_mapping(kind: str, saved: ColumnMapping | None) -> Mapping:
    """The engine's mapping: a saved one, or the shipped template when None."""
    if saved is None:
        return load_mapping(kind)
    return mapping_from_data(kind, saved.as_data(), f"'{saved.name}'")


def mapping_that_fits(
    organisation_id: int, kind: str, files: list[StoredExtract]
) -> tuple[bool, int | None]:
    """The mapping these files can be read with: (True, None) for the shipped template, (True,
    id) for a saved mapping (the latest saved that fits), (False, None) when none fits."""
    candidates: list[ColumnMapping | None] = [None, *column_mappings(organisation_id, kind)]
    for saved in candidates:
        try:
            mapping = engine_mapping(kind, saved)
        except InputError:
            continue
        if all(not missing_columns(mapping, f.headings) for f in files):
            return True, saved.pk if saved else None
    return False, None


def upload_match(upload: PendingUpload, organisation_id: int) -> None:
    """Find a mapping for each kind of extract in `upload` that has none yet."""
    for kind in upload.unmatched_kinds:
        fits, mapping_id = mapping_that_fits(organisation_id, kind, upload.files_of_kind(kind))
        if fits:
            upload.mappings[kind] = mapping_id


def saved_mapping(organisation_id: int, mapping_id: int | None) -> ColumnMapping | None:
    if mapping_id is None:
        return None
    return ColumnMapping.objects.filter(organisation_id=organisation_id, pk=mapping_id).first()


def upload_missing(upload: PendingUpload, kind: str) -> dict[str, list[str]]:
    """For a kind with no mapping that fits: each file's name -> the headings it lacks under
    the shipped template (the columns as Alongside names them)."""
    mapping = load_mapping(kind)
    return {
        f.name: missing
        for f in upload.files_of_kind(kind)
        if (missing := missing_columns(mapping, f.headings))
    }


def upload_unused(upload: PendingUpload, organisation_id: int) -> dict[str, list[str]]:
    """Each file's name -> its headings the run will not use (under the mapping it is read
    with), for a warning: they are left out, nothing else happens to them."""
    unused = {}
    for f in upload.files:
        if f.kind not in upload.mappings:
            continue
        saved = saved_mapping(organisation_id, upload.mappings[f.kind])
        try:
            mapping = engine_mapping(f.kind, saved)
        except InputError:
            continue
        if headings := check_headings(mapping, f.headings).unused:
            unused[f.name] = headings
    return unused


def known_mappings(organisation_id: int, kind: str, limit: int = 5) -> list[Mapping]:
    """The organisation's latest saved mappings for this kind, as the engine reads them (to
    suggest the columns of a new file)."""
    mappings = []
    for saved in column_mappings(organisation_id, kind)[:limit]:
        try:
            mappings.append(engine_mapping(kind, saved))
        except InputError:
            continue
    return mappings


# --- Clerical review -------------------------------------------------------------------------

# Fields shown only when one of the two records has them.
OPTIONAL_REVIEW_FIELDS = {"middle_names", "known_as", "previous_names", "court", "family"}
ROLES = {"M": "mother", "F": "father"}
STRATUM_NAMES = {
    "link_just_above": "Links just above the threshold",
    "link_above": "Links above the threshold",
    "link_well_above": "Links well above the threshold",
    "link_far_above": "Links far above the threshold",
    "non_link_just_below": "Pairs just below the threshold, not linked",
    "non_link_below": "Pairs further below the threshold, not linked",
}


@dataclass(frozen=True)
class ReviewField:
    label: str
    left: str
    right: str
    agreement: str  # in plain words; empty when the model does not compare this field
    agrees: str  # 'yes', 'partly', 'no', 'missing' or empty


@dataclass(frozen=True)
class ReviewRecord:
    application: str
    role: str


@dataclass(frozen=True)
class ReviewProgress:
    decided: int
    total: int

    @property
    def remaining(self) -> int:
        return self.total - self.decided


def _shown(name: str, value: str) -> str:
    """A value as the page shows it: dates as UK dates, previous names as a list."""
    if name in DATE_FIELDS and value:
        try:
            return format_date(date.fromisoformat(value[:10]), "j F Y")
        except ValueError:
            return value
    if name == "previous_names":
        return ", ".join(part.strip() for part in value.split(";") if part.strip())
    return value


def review_fields(pair: ReviewPair) -> list[ReviewField]:
    """The two records side by side, field by field."""
    return [
        ReviewField(
            label=f["label"],
            left=_shown(f["name"], f.get("left", "")),
            right=_shown(f["name"], f.get("right", "")),
            agreement=f.get("agreement", ""),
            agrees=f.get("agrees", ""),
        )
        for f in pair.fields
        if f["name"] not in OPTIONAL_REVIEW_FIELDS or f.get("left") or f.get("right")
    ]


def review_records(pair: ReviewPair) -> tuple[ReviewRecord, ReviewRecord]:
    """Which application (and which parent in it) each record comes from."""

    def record(key: str) -> ReviewRecord:
        application, _, role = key.rpartition(":")
        return ReviewRecord(application or key, ROLES.get(role, role))

    return record(pair.record_key_l), record(pair.record_key_r)


def review_progress(run: LinkageRun) -> ReviewProgress:
    counts = ReviewPair.objects.filter(run=run).aggregate(
        total=Count("pk"), decided=Count("pk", filter=Q(decision__isnull=False))
    )
    return ReviewProgress(decided=counts["decided"], total=counts["total"])


def review_next_pair(run: LinkageRun) -> ReviewPair | None:
    """The first pair (in review order) with no decision yet."""
    return (
        ReviewPair.objects.filter(run=run, decision__isnull=True)
        .select_related("run")
        .order_by("position")
        .first()
    )


def review_pair(run: LinkageRun, pair_id: int) -> ReviewPair | None:
    return ReviewPair.objects.filter(run=run, pk=pair_id).select_related("run", "decision").first()


def review_decisions(run: LinkageRun):
    """The pairs decided so far, in review order, with their decisions."""
    return (
        ReviewDecision.objects.filter(pair__run=run)
        .select_related("pair", "decided_by")
        .order_by("pair__position")
    )


def review_labels(run: LinkageRun) -> list[tuple[str, str, str]]:
    """(record_key_l, record_key_r, decision) for every decided pair."""
    return list(
        ReviewDecision.objects.filter(pair__run=run)
        .order_by("pair__position")
        .values_list("pair__record_key_l", "pair__record_key_r", "decision")
    )


def review_estimate(run: LinkageRun) -> AccuracyEstimate | None:
    """Precision and recall of the run from the decisions so far; None when the run has no
    review sample."""
    if not run.review_strata:
        return None
    decisions = ReviewDecision.objects.filter(pair__run=run).values_list(
        "pair__stratum", "decision"
    )
    return estimate_accuracy(run.review_strata, decisions)


def _floor(value: float) -> int:
    return math.floor(round(value * 100, 6))


def _ceil(value: float) -> int:
    return math.ceil(round(value * 100, 6))


@dataclass(frozen=True)
class Percent:
    """An estimate in whole percentages: never shown higher than it is, the interval rounded
    outwards."""

    value: int
    low: int
    high: int

    @classmethod
    def of(cls, interval) -> "Percent | None":
        if interval is None:
            return None
        return cls(_floor(interval.value), _floor(interval.low), _ceil(interval.high))


@dataclass(frozen=True)
class ReviewBand:
    name: str
    side: str
    low: int  # match probability, in whole percent
    high: int
    pairs: int
    sampled: int
    decided: int
    same: int
    cannot_tell: int
    few: bool


@dataclass(frozen=True)
class ReviewResults:
    """The clerical review of a run as the run page shows it."""

    progress: ReviewProgress
    estimate: AccuracyEstimate
    precision: Percent | None
    recall: Percent | None
    bands: list[ReviewBand]


def review_results(run: LinkageRun) -> ReviewResults | None:
    estimate = review_estimate(run)
    if estimate is None:
        return None
    bands = [
        ReviewBand(
            name=STRATUM_NAMES.get(band.name, band.name.replace("_", " ").capitalize()),
            side=band.side,
            low=_floor(band.low),
            high=_floor(band.high),
            pairs=band.pairs,
            sampled=band.sampled,
            decided=band.decided,
            same=band.same,
            cannot_tell=band.cannot_tell,
            few=band.few,
        )
        for band in estimate.strata
    ]
    return ReviewResults(
        progress=review_progress(run),
        estimate=estimate,
        precision=Percent.of(estimate.precision),
        recall=Percent.of(estimate.recall),
        bands=bands,
    )


# --- Decisions of an earlier run, to check (or train) the next ------------------------------


def _label_sources(organisation_id: int) -> QuerySet[LinkageRun]:
    """The organisation's finished runs with at least one decision a labels file keeps (same
    person or different people: 'cannot tell' is left out), each with `label_decisions` and
    `same_decisions` counted, the latest first."""
    decision = "review_pairs__decision__decision"
    return (
        LinkageRun.objects.filter(organisation_id=organisation_id, job__status=Job.Status.SUCCEEDED)
        .annotate(
            label_decisions=Count(
                "review_pairs", filter=Q(**{f"{decision}__in": [SAME, DIFFERENT]})
            ),
            same_decisions=Count("review_pairs", filter=Q(**{decision: SAME})),
        )
        .filter(label_decisions__gt=0)
        .order_by("-created_at", "-pk")
    )


def review_label_sources(organisation_id: int) -> list[LinkageRun]:
    """The runs whose decisions a new run can be checked against (one query)."""
    return list(_label_sources(organisation_id))


def review_label_source(organisation_id: int, run_id: int | None) -> LinkageRun | None:
    """One of `review_label_sources`, or None (another organisation's, or no decisions)."""
    if run_id is None:
        return None
    return _label_sources(organisation_id).filter(pk=run_id).first()


def label_source_name(run: LinkageRun) -> str:
    """'Run 12, 3 March 2026: 140 decisions' (a run from `review_label_sources`)."""
    started = format_date(timezone.localtime(run.created_at), "j F Y")
    decisions = run.label_decisions
    return f"Run {run.pk}, {started}: {decisions} decision{'' if decisions == 1 else 's'}"


@dataclass(frozen=True)
class LabelsCheck:
    """What checking a run against an earlier run's decisions found, as the run page says it:
    totals only. Percentages are whole, rounded down (never shown higher than they are)."""

    source: int | None  # the run the decisions were made on
    decisions: int  # the decisions written for the run (same person or different people)
    in_run: int  # of those, the pairs whose records are both in this run
    same: int  # of those, decided as the same person
    joined: int  # of those, the pairs this run put in one person
    joined_and_same: int
    recall: int | None
    precision: int | None
    trained: bool  # the decisions also trained the model


def labels_check(run: LinkageRun) -> LabelsCheck | None:
    """The check of `run` against the decisions it was given (from its summary); None when it
    was not checked against any."""
    labels = (run.summary or {}).get("labels") or {}
    check = labels.get("check")
    if not check:
        return None

    same = int(check.get("labelled_same_person", 0))
    joined = int(check.get("joined_by_this_run", 0))
    both = int(check.get("joined_and_labelled_same", 0))
    return LabelsCheck(
        source=labels.get("run", run.labels_from_id),
        decisions=int(labels.get("pairs_read", 0)),
        in_run=int(labels.get("pairs_used", check.get("pairs", 0))),
        same=same,
        joined=joined,
        joined_and_same=both,
        # From the counts, not the summary's rounded shares: 0.99996 is not 100%.
        recall=_floor(both / same) if same else None,
        precision=_floor(both / joined) if joined else None,
        trained=bool(labels.get("used_for_training")),
    )
