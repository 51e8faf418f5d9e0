"""Subject access: the letter to the parent, in words they can read.

The machine-readable export, `sharing.exports.subject_access_data`, holds every column as stored.
This letter says the same in plain English for the parent: names, not ids; labels, not codes;
dates in full ('4 March 2026', '4 March 2026 at 2:05pm'); a covering explanation; and every item
that may be about someone else marked for the data protection lead to check before release
(`check_before_release`, the one rule).

Like the export, it is driven by the registry of parent data (`sharing.parent_data`): every
registered model has a section here (`SPECS`, checked by the tests), and a field added to a
model shows up in its section without a change here, labelled from its `verbose_name`.
"""

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone

from alongside.audit.models import AuditOutcome
from alongside.core.dates import add_months
from alongside.core.pdf import NewPage, blocks_from_lines, pdf_document
from alongside.measures.definitions import RATERS, get_instrument
from alongside.people.models import Parent, RelationshipMember

from .choices import Category
from .parent_data import Holding, parent_holdings
from .retention import retention_years
from .selectors import actor_names

MARK = "Check before release: may contain information about someone else"

# --- Dates, the way the rest of Alongside writes them ('j F Y', 'g:ia') ---------------------


def uk_date(day: date | None) -> str:
    """'4 March 2026'."""
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    return f"{day.day} {day:%B %Y}"


def uk_datetime(moment: datetime | None) -> str:
    """'4 March 2026 at 2:05pm', in UK time."""
    if moment is None:
        return ""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    hour = moment.hour % 12 or 12
    return f"{uk_date(moment.date())} at {hour}:{moment:%M}{'am' if moment.hour < 12 else 'pm'}"


# --- The rule: what the data protection lead checks before release --------------------------

# Text fields that are not free text about anyone else: the parent's own details, their
# children's names, words the service's code writes, organisations and job titles.
NOT_CHECKED: dict[str, set[str]] = {
    "people.Parent": {"*"},  # the parent's own details, in their own words
    "people.PreviousName": {"name"},  # the parent's own earlier names
    "people.Child": {"given_name"},  # the parent's own children
    "people.ParentChange": {"before", "after"},  # the parent's own earlier and corrected details
    "measures.MeasureResponse": {"instrument", "instrument_name", "answers_text", "scores_text"},
    "portal.MeasureRequest": {"instrument", "instrument_name"},  # the measure's own name
    "casework.Episode": {"pathway", "phase"},  # the programme's names
    "casework.PhaseChange": {"pathway", "phase"},
    "casework.Approval": {"summary"},  # a line the service writes ('Close the work: ...')
    "referrals.Referral": {"referrer_organisation"},  # an organisation, not a person
    "referrals.Tracking": {"reference"},  # a code the service writes
    "sharing.Consent": {"job_role"},  # a job title at an organisation, not a person
    "audit.AuditEntry": {"*"},  # written by Alongside: staff, actions and page names
}


def _is_free_text(model_field: models.Field) -> bool:
    return isinstance(model_field, models.CharField | models.TextField) and not model_field.choices


def check_before_release(obj: models.Model, field_name: str | None = None) -> bool:
    """The one rule for what is marked "Check before release: may contain information about
    someone else", so that the data protection lead reads it before the letter is sent.

    With `field_name`, about one field of a record; without, about the record as a whole.

    Marked:
    1. Every free-text field: anything a person typed (notes, reasons, descriptions, who was
       there, who attended, who helps, a witness, a referrer's name and contact details, the
       recipient of a disclosure, the name of another service). Free text can name or describe
       anyone, and only a person can tell.
    2. Every record about another person as well as the parent, as a whole: a relationship
       with another parent, a contact held jointly with another parent, and a goal for a
       partner or shared with a partner's work.

    Not marked: the parent's own details and earlier names, their children's names and
    details, the service's own staff named for what they did in their job, organisations and
    job titles, dates, and labels from fixed lists. The text fields that are not free text
    are listed in `NOT_CHECKED`.
    """
    label = obj._meta.label
    if field_name is None:
        if label == "people.RelationshipMember":
            return True
        if label == "casework.Contact":
            return obj.joint_with_id is not None
        if label == "plans.Goal":
            return obj.family_member == "partner" or obj.shared_with_id is not None
        return False
    kept = NOT_CHECKED.get(label, set())
    if "*" in kept or field_name in kept:
        return False
    return _is_free_text(obj._meta.get_field(field_name))


# --- What the letter holds -------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One thing recorded: a label and its value in words."""

    label: str
    text: str
    check: bool = False


@dataclass(frozen=True)
class Item:
    """One record: what it is, and what it says. `check`: the whole record is marked."""

    heading: str
    entries: tuple[Entry, ...] = ()
    check: bool = False

    @property
    def marks(self) -> int:
        return 1 if self.check else sum(e.check for e in self.entries)


@dataclass(frozen=True)
class Section:
    """The records of one registered model."""

    key: str  # the holding's export name, as in the machine-readable copy
    model: str
    title: str
    intro: str
    items: tuple[Item, ...]
    compact: bool = False  # one line per item (the access log)

    @property
    def marks(self) -> int:
        return sum(i.marks for i in self.items)


@dataclass(frozen=True)
class Letter:
    parent_name: str
    dear: str
    organisation: str
    requested_on: date
    written_on: date
    signed_by: str
    covering: tuple[tuple[str, str], ...]  # (heading or "", paragraph)
    sections: tuple[Section, ...]  # only those with records
    nothing_held: tuple[str, ...]  # titles of the sections with no records
    # Other parents the letter names (a relationship): showing or exporting the letter is a
    # read of their record too, and is audited against them.
    others_named: tuple[int, ...] = ()

    @property
    def title(self) -> str:
        return f"The information {self.organisation} holds about you"

    @property
    def reply_by(self) -> date:
        """One calendar month from the request (the time the law gives)."""
        return add_months(self.requested_on, 1)

    @property
    def marks(self) -> int:
        return sum(s.marks for s in self.sections)


# --- How each kind of record is described ----------------------------------------------------

HIDDEN = {"id", "version", "created_at", "updated_at", "parent", "episode"}


@dataclass(frozen=True)
class Spec:
    """How the letter shows one registered model."""

    title: str
    intro: str
    heading: Callable[[models.Model], str]
    labels: dict[str, str] = field(default_factory=dict)
    hide: frozenset[str] = frozenset()
    shown_if_true: frozenset[str] = frozenset()  # yes/no fields left out when 'no'
    values: dict[str, Callable[[models.Model], str]] = field(default_factory=dict)  # in words
    worked_out: Callable[[models.Model], list[Entry]] | None = None  # entries worked out
    order_by: tuple = ("pk",)


def _choice(obj: models.Model, name: str) -> str:
    value = getattr(obj, name)
    model_field = obj._meta.get_field(name)
    labels = {str(k): str(v) for k, v in model_field.flatchoices}
    return labels.get(str(value)) or str(value).replace("_", " ").capitalize()


def _episode_words(episode) -> str:
    if episode.closed_on:
        return f"from {uk_date(episode.opened_on)} to {uk_date(episode.closed_on)}"
    return f"from {uk_date(episode.opened_on)}"


def _pathway_and_phase(version, pathway: str, phase: str) -> tuple[str, str]:
    spec_pathway = version.spec.pathway(pathway) if version is not None and pathway else None
    spec_phase = spec_pathway.phase(phase) if spec_pathway is not None and phase else None
    return (
        spec_pathway.name if spec_pathway else pathway,
        spec_phase.name if spec_phase else phase,
    )


def _goal_words(goal) -> str:
    return f"{_choice(goal, 'area')} goal, in the plan agreed on {uk_date(goal.plan.agreed_on)}"


def _other_parents(member) -> str:
    others = member.relationship.members.exclude(parent_id=member.parent_id).select_related(
        "parent"
    )
    return ", ".join(m.parent.full_name for m in others) or "another parent"


# Linked records, by what they are (never by id).
DESCRIBE: dict[str, Callable[[models.Model], str]] = {
    "accounts.User": lambda u: u.display_name,
    "accounts.Organisation": lambda o: o.name,
    "accounts.Team": lambda t: t.name,
    "people.Parent": lambda p: p.full_name,
    "people.Child": lambda c: c.given_name or "A child whose name is not recorded",
    "people.Relationship": lambda r: f"{_choice(r, 'kind')} from {uk_date(r.started_on)}",
    "referrals.Referral": lambda r: f"The referral received on {uk_date(r.received_on)}",
    "casework.Episode": lambda e: f"The work with {e.parent.full_name} {_episode_words(e)}",
    "casework.Contact": lambda c: f"{_choice(c, 'contact_type')} on {uk_date(c.happened_on)}",
    "casework.OnwardReferral": lambda o: (
        f"{_choice(o, 'kind')} referral made on {uk_date(o.referred_on)}"
    ),
    "casework.TaperPlan": lambda t: f"The plan made on {uk_date(t.created_at)}",
    "casework.GroupSession": lambda s: f"{s.group.name}, {uk_date(s.held_on)}",
    "programmes.ProgrammeVersion": lambda v: v.programme.name,
    "plans.Plan": lambda p: f"The plan agreed on {uk_date(p.agreed_on)}",
    "plans.Goal": _goal_words,
    "plans.Review": lambda r: f"The review on {uk_date(r.held_on or r.due_on)}",
    "portal.MeasureRequest": lambda r: f"The {r.instrument_name} sent on {uk_date(r.sent_at)}",
}


def _describe(obj: models.Model) -> str:
    describe = DESCRIBE.get(obj._meta.label)
    return describe(obj) if describe else str(obj._meta.verbose_name).capitalize()


def _json_words(name: str, value) -> str:
    if name == "categories" and isinstance(value, list):
        labels = dict(Category.choices)
        return "; ".join(labels.get(v, str(v).replace("_", " ")) for v in value)
    if isinstance(value, dict):
        return "; ".join(
            f"{str(k).replace('_', ' ').capitalize()}: {_json_words(k, v)}"
            for k, v in value.items()
        )
    if isinstance(value, list):
        return "; ".join(_json_words(name, v) for v in value)
    return str(value)


def _words(obj: models.Model, model_field: models.Field) -> str:
    """A field's value in words: labels for codes, names for people, dates in full."""
    if model_field.many_to_many:
        return "; ".join(_describe(o) for o in getattr(obj, model_field.name).all())
    if model_field.is_relation:
        related = getattr(obj, model_field.name)
        return "" if related is None else _describe(related)
    value = getattr(obj, model_field.attname)
    if value is None or value == "":
        return ""
    if model_field.choices:
        return _choice(obj, model_field.name)
    if isinstance(model_field, models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return uk_datetime(value)
    if isinstance(value, date):
        return uk_date(value)
    if isinstance(model_field, models.JSONField):
        return _json_words(model_field.name, value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value).strip()


def _label(model_field: models.Field, spec: Spec) -> str:
    return spec.labels.get(model_field.name) or str(model_field.verbose_name).capitalize()


def _item(obj: models.Model, spec: Spec) -> Item:
    whole = check_before_release(obj)
    entries: list[Entry] = []
    fields = [*obj._meta.concrete_fields, *obj._meta.many_to_many]
    for model_field in fields:
        name = model_field.name
        if name in HIDDEN or name in spec.hide or model_field.primary_key:
            continue
        if name in spec.shown_if_true and not getattr(obj, name):
            continue
        text = spec.values[name](obj) if name in spec.values else _words(obj, model_field)
        if text:
            check = not whole and check_before_release(obj, name)
            entries.append(Entry(_label(model_field, spec), text, check))
    if spec.worked_out is not None:
        entries += [e if not whole else Entry(e.label, e.text) for e in spec.worked_out(obj)]
    return Item(spec.heading(obj), tuple(entries), whole)


# Worked-out entries: codes and JSON held in the record, said in words.


def _change_entries(change) -> list[Entry]:
    before, after = json.loads(change.before or "{}"), json.loads(change.after or "{}")
    entries = []
    for name in [*before, *(k for k in after if k not in before)]:
        try:
            model_field = Parent._meta.get_field(name)
        except FieldDoesNotExist:  # a detail no longer on the record: say it as it was
            label, convert = name.replace("_", " ").capitalize(), str
        else:
            label = (
                SPECS["people.Parent"].labels.get(name)
                or str(model_field.verbose_name).capitalize()
            )

            def convert(value, model_field=model_field):
                if isinstance(model_field, models.DateField) and value:
                    try:
                        return uk_date(date.fromisoformat(str(value)[:10]))
                    except ValueError:
                        return str(value)
                labels = {str(k): str(v) for k, v in model_field.flatchoices}
                return labels.get(str(value), str(value))

        was = convert(before.get(name)) if before.get(name) not in (None, "") else "(blank)"
        now = convert(after.get(name)) if after.get(name) not in (None, "") else "(blank)"
        entries.append(Entry(label, f"Was {was}; now {now}"))
    return entries


def _pathway(record) -> str:
    return _pathway_and_phase(record.programme_version, record.pathway, record.phase)[0]


def _phase(record) -> str:
    return _pathway_and_phase(record.programme_version, record.pathway, record.phase)[1]


def _approval_entries(approval) -> list[Entry]:
    try:
        asked = json.loads(approval.asked or "{}")
    except ValueError:
        asked = {}
    note = asked.get("note", "") if isinstance(asked, dict) else ""
    if not note:
        return []
    return [Entry("Note with the request", str(note), check_before_release(approval, "asked"))]


def _relationship_entries(member) -> list[Entry]:
    relationship = member.relationship
    entries = [
        Entry("Who with", _other_parents(member)),
        Entry("Kind of relationship", _choice(relationship, "kind")),
        Entry("From", uk_date(relationship.started_on)),
    ]
    if relationship.ended_on:
        entries.append(Entry("Until", uk_date(relationship.ended_on)))
    entries.append(Entry("Recorded by", relationship.recorded_by.display_name))
    return entries


def _measure_entries(response) -> list[Entry]:
    instrument = get_instrument(response.instrument)
    entries = []
    try:
        answers = json.loads(response.answers_text or "{}")
    except ValueError:
        answers = {"": response.answers_text}
    for rater, given in answers.items() if isinstance(answers, dict) else []:
        whose = RATERS.get(rater, "")
        label = f"Answers from {whose[0].lower()}{whose[1:]}" if whose else "Answers"
        if not isinstance(given, dict):
            entries.append(Entry(str(rater).replace("_", " ").capitalize() or label, str(given)))
            continue
        lines = []
        for item_id, value in given.items():
            item = (
                next((i for i in instrument.items if i.id == item_id), None) if instrument else None
            )
            if item is None:
                lines.append(f"Question {item_id}: {value}")
            else:
                answer = instrument.label_for(value) if isinstance(value, int) else str(value)
                lines.append(f"{item.number}. {item.text}: {answer}")
        entries.append(Entry(label, "\n".join(lines)))
    for rater, score in response.scores.items():
        if not isinstance(score, dict) or score.get("total") is None:
            continue
        whose = RATERS.get(rater, rater)
        text = f"{score['total']:g}" if isinstance(score["total"], float) else str(score["total"])
        if score.get("band"):
            text += f" ({score['band']})"
        entries.append(Entry(f"Score ({whose.lower()})", text))
    return entries


SPECS: dict[str, Spec] = {
    "people.Parent": Spec(
        "Your details",
        "Who you are and how to reach you.",
        lambda p: p.full_name,
        labels={
            "given_name": "First name",
            "family_name": "Last name",
            "preferred_name": "The name you like to be called",
            "date_of_birth": "Date of birth",
            "nhs_number": "NHS number",
            "phone": "Phone number",
            "email": "Email address",
            "ethnicity": "Ethnic group",
            "care_experienced": "Have you been in care yourself?",
            "learning_disability": "Do you have a learning disability?",
            "substance_misuse": "Do you have difficulties with drugs or alcohol?",
            "sex": "Sex",
            "gender_same_as_sex": "Is the gender you identify with the same as your sex "
            "registered at birth?",
            "gender_identity": "Your gender identity, in your own words",
        },
        hide=frozenset({"organisation"}),
        values={"nhs_number": lambda p: p.nhs_number_display},
    ),
    "people.PreviousName": Spec(
        "Other names you have used", "Names you were known by before.", lambda n: n.name
    ),
    "people.Child": Spec(
        "Your children",
        "Your children, and where each one is living now.",
        lambda c: c.given_name or "A child whose name is not recorded",
        labels={
            "given_name": "First name",
            "legal_status": "Where they are living now, and under what plan or order",
            "removed_on": "Date they were removed from your care",
        },
        order_by=("date_of_birth", "due_date", "pk"),
    ),
    "people.ChildStatusChange": Spec(
        "Your children's story over time",
        "Each change in where your children lived, and under what plan or order, with how we knew.",
        lambda s: (
            f"{_describe(s.child)}: from {uk_date(s.on)}"
            if s.on
            else f"{_describe(s.child)}: date not known"
        ),
        labels={
            "child": "Child",
            "status": "Where they lived, and under what plan or order",
            "order_sought": "The order the local authority asked for",
            "on": "From",
            "source": "How we knew",
            "recorded_at": "Recorded",
        },
        order_by=("child_id", models.F("on").asc(nulls_first=True), "pk"),
    ),
    "people.Pregnancy": Spec(
        "Your pregnancies",
        "Pregnancies we recorded, and how each one ended.",
        lambda p: (
            f"Pregnancy due on {uk_date(p.due_date)}"
            if p.due_date
            else f"Pregnancy confirmed on {uk_date(p.confirmed_on)}"
            if p.confirmed_on
            else "Pregnancy"
        ),
        labels={
            "confirmed_on": "Date confirmed",
            "booked_with_midwifery_on": "Date booked with a midwife",
            "pre_birth_assessment": "Pre-birth assessment by children's social care",
            "pre_birth_assessment_on": "Date of the pre-birth assessment outcome",
            "outcome": "How the pregnancy ended",
            "outcome_on": "Date the pregnancy ended",
            "child": "The baby",
        },
        order_by=("confirmed_on", "pk"),
    ),
    "people.RelationshipMember": Spec(
        "Your relationships",
        "Relationships with other parents we work with, recorded so that we can work with "
        "you as a couple when you both want that.",
        lambda m: f"{_choice(m.relationship, 'kind')} with {_other_parents(m)}",
        hide=frozenset({"relationship"}),
        worked_out=_relationship_entries,
    ),
    "people.ParentChange": Spec(
        "Corrections to your details",
        "Each time your details were changed: what they were, what they became, who changed "
        "them and why.",
        lambda c: f"Changed on {uk_datetime(c.changed_at)}",
        labels={"changed_by": "Changed by", "changed_at": "When", "reason": "Why"},
        hide=frozenset({"before", "after"}),
        worked_out=_change_entries,
        order_by=("changed_at", "pk"),
    ),
    "referrals.Referral": Spec(
        "Referrals to the service",
        "How you came to the service: who referred you, why, and what we decided.",
        lambda r: f"Referral received on {uk_date(r.received_on)}",
        labels={
            "organisation": "Referred to",
            "received_on": "Date received",
            "source": "Who referred you",
            "referrer_name": "Name of the person who referred you",
            "referrer_organisation": "Their organisation",
            "referrer_contact": "Their contact details",
            "parent_agrees": "You agreed to the referral",
            "reason": "Why you were referred",
            "status": "Decision",
            "decided_on": "Date of the decision",
            "decided_by": "Decided by",
            "decision_note": "Notes on the decision",
            "recorded_by": "Recorded by",
        },
        order_by=("received_on", "pk"),
    ),
    "referrals.Tracking": Spec(
        "How your referral reached us",
        "The reference given to whoever referred you, how the referral came to us, and what "
        "we told them about our decision.",
        lambda t: f"Referral {t.reference}",
        labels={
            "referral": "The referral",
            "reference": "Reference",
            "channel": "How it came",
            "referring_organisation": "Referring organisation",
            "referrer_told": "What we told the referrer",
        },
        hide=frozenset({"status_digest"}),
    ),
    "referrals.ReferralStep": Spec(
        "Before you started with us",
        "Checks of the service's rules (screening), our attempts to reach you, and advice we "
        "gave the person who referred you.",
        lambda s: f"{_choice(s, 'kind')} on {uk_date(s.happened_on)}",
        labels={
            "referral": "The referral",
            "kind": "What it was",
            "happened_on": "Date",
            "method": "How",
            "outcome": "Outcome",
            "reasons": "Reasons",
            "notes": "Notes",
            "recorded_by": "Recorded by",
            "recorded_at": "Recorded at",
        },
        values={"reasons": lambda s: "; ".join(s.reasons)},
        order_by=("happened_on", "pk"),
    ),
    "referrals.MatchDecision": Spec(
        "Checks that we hold one record for you",
        "When you were referred, we checked whether we already held a record for you, and what "
        "we decided.",
        lambda m: f"Checked on {uk_datetime(m.decided_at)}",
        labels={
            "referral": "The referral",
            "outcome": "What we decided",
            "agreed": "What agreed",
            "decided_by": "Decided by",
            "decided_at": "When",
        },
        hide=frozenset({"candidate"}),
        values={"agreed": lambda m: "; ".join(m.agreed)},
        order_by=("decided_at", "pk"),
    ),
    "referrals.ParentMerge": Spec(
        "Records of yours we joined together",
        "When we found we held two records for you, we joined them into one. Each join can be "
        "undone.",
        lambda m: f"Records joined on {uk_datetime(m.merged_at)}",
        labels={
            "merged_at": "When",
            "merged_by": "Joined by",
            "reason": "Why",
            "undone_at": "Undone on",
            "undone_by": "Undone by",
        },
        hide=frozenset({"organisation", "kept", "merged", "referral", "moved"}),
        order_by=("merged_at", "pk"),
    ),
    "casework.Episode": Spec(
        "Your time with the service",
        "Each period of work with you, from when it began to when it ended.",
        lambda e: f"Work with the service {_episode_words(e)}",
        labels={
            "organisation": "Service",
            "referral": "Began with",
            "status": "Status",
            "key_worker": "Key worker",
            "opened_on": "Began on",
            "waiting_offer": "What you were offered while you waited for a key worker",
            "waiting_offer_on": "Date offered",
            "allocated_on": "Date a key worker was allocated",
            "next_contact_on": "Next planned contact",
            "closed_on": "Ended on",
            "closure_reason": "Why the work ended",
            "closure_note": "Closing summary",
            "closed_by": "Closed by",
            "programme_version": "Programme",
            "phase_since": "In this phase since",
        },
        values={"pathway": _pathway, "phase": _phase},
        order_by=("opened_on", "pk"),
    ),
    "casework.Allocation": Spec(
        "Your key workers",
        "Who has been your key worker, and when.",
        lambda a: f"{a.worker.display_name}, from {uk_date(a.allocated_on)}",
        labels={
            "worker": "Key worker",
            "allocated_on": "From",
            "allocated_by": "Allocated by",
            "ended_on": "Until",
            "over_cap_reason": "Why they took you on when their caseload was full",
        },
        order_by=("allocated_on", "pk"),
    ),
    "casework.CoWorker": Spec(
        "Other workers alongside your key worker",
        "Workers who shared the work with your key worker.",
        lambda c: f"{c.worker.display_name}, from {uk_date(c.started_on)}",
        labels={"worker": "Worker", "started_on": "From", "ended_on": "Until"},
        order_by=("started_on", "pk"),
    ),
    "casework.Contact": Spec(
        "Contacts with your key worker",
        "Each time we met you, spoke to you or tried to reach you, with the notes written at "
        "the time.",
        lambda c: (
            f"{_choice(c, 'contact_type')} on {uk_date(c.happened_on)}"
            + (" (with another parent)" if c.joint_with_id else "")
        ),
        labels={
            "happened_on": "Date",
            "contact_type": "Type of contact",
            "who_was_there": "Who was there",
            "duration_minutes": "How long, in minutes",
            "confidentiality": "Who may see these notes",
            "disclosed_in_proceedings": "Known to have been shared in court proceedings",
            "door_open": "After the work had ended (you got back in touch)",
            "joint_with": "A joint contact with",
        },
        shown_if_true=frozenset({"disclosed_in_proceedings", "door_open"}),
        order_by=("happened_on", "pk"),
    ),
    "casework.PhaseChange": Spec(
        "Steps through the programme",
        "Where you were on the programme the service runs, and when that changed.",
        lambda c: f"{_choice(c, 'kind')} on {uk_date(c.changed_on)}",
        labels={
            "programme_version": "Programme",
            "kind": "What changed",
            "changed_on": "Date",
            "decided_by": "Decided by",
            "decision": "Decision recorded",
            "recorded_at": "Recorded",
        },
        values={"pathway": _pathway, "phase": _phase},
        order_by=("changed_on", "pk"),
    ),
    "casework.Blocker": Spec(
        "Things outside the service that held up the work",
        "Waits and problems outside the service's control, such as waiting for housing.",
        lambda b: f"{_choice(b, 'kind')}, from {uk_date(b.started_on)}",
        labels={
            "kind": "What it was",
            "started_on": "From",
            "ended_on": "Until",
            "onward_referral": "The referral it was waiting on",
        },
        order_by=("started_on", "pk"),
    ),
    "casework.Proceedings": Spec(
        "Care proceedings",
        "Court proceedings about your children that we recorded.",
        lambda p: f"Care proceedings issued on {uk_date(p.issued_on)}",
        labels={
            "issued_on": "Date issued",
            "final_hearing_on": "Date of the final hearing",
            "ended_on": "Date they ended",
        },
        order_by=("issued_on", "pk"),
    ),
    "casework.Approval": Spec(
        "Decisions a manager signed off",
        "Some decisions about the work are checked by a manager before they are made.",
        lambda a: f"{_choice(a, 'kind')}, asked on {uk_date(a.requested_on)}",
        labels={
            "kind": "Decision",
            "summary": "What was asked",
            "requested_by": "Asked by",
            "requested_on": "Date asked",
            "status": "Outcome",
            "decided_by": "Decided by",
            "decided_at": "When decided",
            "comments": "The manager's comments",
        },
        hide=frozenset({"asked"}),
        worked_out=_approval_entries,
        order_by=("requested_on", "pk"),
    ),
    "casework.TaperPlan": Spec(
        "Plans for ending the work gradually",
        "Plans to see you less often as the work came to an end.",
        lambda t: f"Plan made on {uk_date(t.created_at)}",
        labels={"created_by": "Made by", "created_at": "When", "replaced": "Replaced later"},
        shown_if_true=frozenset({"replaced"}),
        order_by=("created_at", "pk"),
    ),
    "casework.TaperStep": Spec(
        "How often we planned to see you as the work ended",
        "Each step of a plan for ending the work gradually.",
        lambda s: f"{_choice(s, 'frequency')} from {uk_date(s.starts_on)}",
        labels={"plan": "Part of", "frequency": "How often", "starts_on": "From"},
        order_by=("starts_on", "pk"),
    ),
    "casework.OnwardReferral": Spec(
        "Referrals to other services",
        "Other services we referred you to, such as housing or mental health.",
        lambda o: f"{_choice(o, 'kind')} referral made on {uk_date(o.referred_on)}",
        labels={
            "kind": "Kind of service",
            "service_name": "Service",
            "referred_on": "Date referred",
            "first_appointment_on": "Date of the first appointment",
            "outcome": "What happened",
            "parent_agreed": "You agreed to this being recorded",
        },
        order_by=("referred_on", "pk"),
    ),
    "casework.ReproductiveHealthChoice": Spec(
        "Your sexual and reproductive health choices",
        "Choices you made about your own sexual and reproductive health, recorded only because "
        "you agreed. They are your choices, never a condition of the work, and never shared.",
        lambda c: f"{_choice(c, 'choice')}, recorded on {uk_date(c.created_at)}",
        labels={
            "choice": "Your choice",
            "appointment_on": "Date of the appointment",
            "service_name": "Service",
            "parent_agreed": "You agreed to this being recorded",
            "confidentiality": "Who may see this",
        },
        order_by=("created_at", "pk"),
    ),
    "casework.GroupAttendance": Spec(
        "Group sessions you attended",
        "Group sessions the service ran that you came to.",
        lambda a: _describe(a.session),
        labels={"session": "Session", "recorded_at": "Recorded"},
        order_by=("session__held_on", "pk"),
    ),
    "casework.PeerMentorRole": Spec(
        "Your time as a peer mentor",
        "Times you took on the role of peer mentor, supporting other parents.",
        lambda r: f"Peer mentor from {uk_date(r.started_on)}",
        labels={"started_on": "From", "ended_on": "Until", "description": "What the role was"},
        order_by=("started_on", "pk"),
    ),
    "plans.Plan": Spec(
        "Your plan",
        "The plan agreed with you at a planning meeting.",
        lambda p: f"Plan agreed on {uk_date(p.agreed_on)}",
        labels={
            "agreed_on": "Date of the planning meeting",
            "attended": "Who attended",
            "meeting_notes": "Notes from the meeting",
            "next_review_on": "Date of the next review",
            "created_by": "Written up by",
        },
        order_by=("agreed_on", "pk"),
    ),
    "plans.Goal": Spec(
        "Your goals",
        "The goals in your plan, in your words and your worker's.",
        lambda g: f"{_choice(g, 'area')} goal for {_choice(g, 'family_member').lower()}",
        labels={
            "family_member": "Whose goal it is",
            "member_name": "Their name",
            "area": "Area of life",
            "in_parents_words": "The goal in your words",
            "in_workers_words": "The goal in your worker's words",
            "who_helps": "Who helps",
            "about_ending": "About ending the work well and moving on",
            "shared_with": "Shared with",
            "created_by": "Written up by",
        },
        hide=frozenset({"plan"}),
        shown_if_true=frozenset({"about_ending"}),
        order_by=("plan_id", "pk"),
    ),
    "plans.Milestone": Spec(
        "Steps towards your goals",
        "The smaller steps agreed towards each goal.",
        lambda m: f"A step towards the {_choice(m.goal, 'area').lower()} goal",
        labels={"goal": "Goal", "text": "The step"},
        hide=frozenset({"position"}),
        order_by=("goal_id", "position", "pk"),
    ),
    "plans.Review": Spec(
        "Reviews of your plan",
        "Meetings to look at how the plan was going.",
        lambda r: (
            f"Review on {uk_date(r.held_on)}" if r.held_on else f"Review due on {uk_date(r.due_on)}"
        ),
        labels={
            "due_on": "Date it was due",
            "held_on": "Date it was held",
            "attended": "Who attended",
            "notes": "Notes from the review",
            "next_review_on": "Date of the next review",
        },
        hide=frozenset({"plan"}),
        order_by=("due_on", "pk"),
    ),
    "plans.GoalProgress": Spec(
        "Progress on your goals",
        "How each goal was going, each time it was looked at.",
        lambda p: f"{_choice(p, 'outcome')} on {uk_date(p.recorded_on)}",
        labels={
            "goal": "Goal",
            "review": "Looked at in",
            "contact": "Looked at in",
            "recorded_on": "Date",
            "outcome": "How it was going",
        },
        order_by=("recorded_on", "pk"),
    ),
    "plans.Achievement": Spec(
        "Things you achieved",
        "Things you achieved, recorded so that they are not forgotten.",
        lambda a: f"Achieved on {uk_date(a.happened_on)}",
        labels={
            "happened_on": "Date",
            "text": "What was achieved",
            "whose": "Whose words",
            "goal": "Goal it belongs to",
            "contact": "Recorded at",
        },
        order_by=("happened_on", "pk"),
    ),
    "measures.MeasureResponse": Spec(
        "Questionnaires",
        "Questionnaires you filled in (some with your worker), with your answers and scores.",
        lambda r: f"{r.instrument_name} on {uk_date(r.completed_on)}",
        labels={
            "instrument_name": "Questionnaire",
            "completed_on": "Date",
            "complete": "Every question answered",
            "total": "Total score",
            "contact": "Filled in at",
            "by_parent": "Filled in by you in your own space",
        },
        hide=frozenset({"instrument", "answers_text", "scores_text", "total"}),
        shown_if_true=frozenset({"by_parent"}),
        worked_out=_measure_entries,
        order_by=("completed_on", "pk"),
    ),
    "sharing.Consent": Spec(
        "Consents you gave",
        "What you agreed we may share, with whom, why and for how long.",
        lambda c: f"Sharing with {c.organisation.name}, from {uk_date(c.starts_on)}",
        labels={
            "organisation": "Shared with",
            "job_role": "Only people in this job",
            "categories": "What may be shared",
            "purpose": "Why",
            "starts_on": "From",
            "ends_on": "Until",
            "condition": "Condition",
            "how_given": "How you gave consent",
            "witness": "Witness",
            "recorded_at": "Recorded",
            "withdrawn_at": "Withdrawn",
            "withdrawal_note": "Note about the withdrawal",
        },
        order_by=("starts_on", "pk"),
    ),
    "sharing.Disclosure": Spec(
        "Information the service shared without your consent",
        "Sometimes the law allows information to be shared without asking you first, for "
        "example to keep a child safe or because a court asked. Each time is recorded here: "
        "who it went to, why, and whether you were told.",
        lambda d: f"{_choice(d, 'kind')}, asked on {uk_date(d.requested_at)}",
        labels={
            "kind": "Kind",
            "recipient": "Shared with",
            "legal_basis": "The law that allowed it",
            "reasons": "Why",
            "what_disclosed": "What was shared",
            "contacts": "Contact notes shared",
            "requested_by": "Asked for by",
            "requested_at": "When asked",
            "status": "Decision",
            "decided_by": "Decided by",
            "decided_at": "When decided",
            "decision_note": "Notes on the decision",
            "disclosed_on": "Date shared",
            "parent_told": "Were you told?",
            "parent_told_on": "Date you were told",
            "not_told_reason": "Why you were not told",
        },
        order_by=("requested_at", "pk"),
    ),
    "sharing.BreakGlass": Spec(
        "Emergency access to your record",
        "Times a manager outside your team opened your record in an emergency, for one hour, "
        "and why.",
        lambda b: f"{b.user.display_name}, {uk_datetime(b.started_at)}",
        labels={
            "user": "Who",
            "started_at": "From",
            "expires_at": "Until",
            "reason": "Why",
        },
        order_by=("started_at", "pk"),
    ),
    "portal.PortalAccount": Spec(
        "Your sign-in to your own space",
        "The sign-in you use to see your plan and messages in Alongside.",
        lambda a: f"Set up on {uk_date(a.created_at)}",
        labels={"user": "Sign-in name", "created_at": "Set up"},
        order_by=("pk",),
    ),
    "portal.PortalInvitation": Spec(
        "Invitations to your own space",
        "Each link your worker made so that you could set up your sign-in.",
        lambda i: f"Invitation made on {uk_date(i.issued_at)}",
        labels={
            "issued_by": "Made by",
            "issued_at": "Made",
            "expires_at": "Worked until",
            "used_at": "Used",
            "withdrawn_at": "Replaced",
        },
        hide=frozenset({"token_digest"}),
        order_by=("issued_at", "pk"),
    ),
    "portal.GoalView": Spec(
        "What you said about your goals",
        "How you felt your goals were going, in your own words.",
        lambda v: f"About the {_choice(v.goal, 'area').lower()} goal, {uk_date(v.written_at)}",
        labels={"goal": "Goal", "text": "What you said", "written_at": "Date"},
        order_by=("written_at", "pk"),
    ),
    "portal.PortalMessage": Spec(
        "Messages with the service",
        "Messages between you and the service in your own space.",
        lambda m: ("From you" if m.from_parent else "To you") + f", {uk_datetime(m.sent_at)}",
        labels={
            "from_parent": "From you",
            "author": "Written by",
            "text": "Message",
            "sent_at": "Sent",
            "read_at": "Read",
        },
        order_by=("sent_at", "pk"),
    ),
    "portal.MeasureRequest": Spec(
        "Questionnaires your worker sent to your own space",
        "Each questionnaire your worker asked you to fill in in your own space, and what "
        "happened to it. Your answers are under 'Questionnaires'.",
        lambda r: f"{r.instrument_name}, sent on {uk_date(r.sent_at)}",
        labels={
            "instrument_name": "Questionnaire",
            "due_on": "To fill in by",
            "sent_by": "Sent by",
            "sent_at": "Sent",
            "response": "Your answers",
            "completed_at": "Filled in",
            "withdrawn_at": "Taken back",
            "withdrawn_by": "Taken back by",
        },
        hide=frozenset({"instrument"}),
        values={"response": lambda r: "Under 'Questionnaires'" if r.response_id else ""},
        order_by=("sent_at", "pk"),
    ),
    "portal.PortalNotice": Spec(
        "Things you asked for in your own space",
        "Consents you withdrew, corrections you asked for and questionnaires you filled in for "
        "your worker, and when they were dealt with.",
        lambda n: f"{_choice(n, 'kind')}, {uk_date(n.made_at)}",
        labels={
            "kind": "What",
            "consent": "Consent",
            "measure_request": "Questionnaire",
            "text": "What you asked",
            "made_at": "Date",
            "dealt_with_at": "Dealt with",
            "dealt_with_by": "Dealt with by",
        },
        order_by=("made_at", "pk"),
    ),
    "workbook.TeamMember": Spec(
        "The team around your family",
        "The professionals from different organisations working with you and your family, "
        "their role and when they started and stopped.",
        lambda m: f"{m.role}, {m.organisation}",
        labels={
            "user": "Who",
            "organisation": "Organisation",
            "role": "Role with your family",
            "discipline": "What they do",
            "started_on": "Started",
            "ended_on": "Stopped",
        },
        hide=frozenset({"added_by"}),
        order_by=("started_on", "pk"),
    ),
    "workbook.TeamEntry": Spec(
        "What the team around your family recorded",
        "Contacts and observations that professionals on the team around your family added "
        "to the record they share with each other.",
        lambda e: f"{_choice(e, 'kind')}, {uk_date(e.happened_on)}, {e.organisation}",
        labels={
            "kind": "What",
            "happened_on": "Date",
            "text": "What they wrote",
            "organisation": "Organisation",
            "author": "Written by",
            "significant": "Marked significant for a court or conference chronology",
        },
        shown_if_true=frozenset({"significant"}),
        order_by=("happened_on", "pk"),
    ),
    "workbook.Meeting": Spec(
        "Meetings about your family",
        "Core groups, strategy meetings, planning and review meetings and the service's "
        "group supervision: who attended, what was discussed and decided.",
        lambda m: f"{_choice(m, 'kind')}, {uk_date(m.held_on)}",
        labels={
            "kind": "Meeting",
            "held_on": "Date",
            "attended": "Who attended",
            "discussion": "Discussion",
            "decisions": "Decisions",
            "organisation": "Recorded by (organisation)",
            "recorded_by": "Recorded by",
            "significant": "Marked significant for a court or conference chronology",
        },
        shown_if_true=frozenset({"significant"}),
        order_by=("held_on", "pk"),
    ),
    "workbook.Task": Spec(
        "Tasks the team around your family set",
        "Things professionals on the team around your family agreed to do, who was doing "
        "each one and by when.",
        lambda t: f"{t.title}, due {uk_date(t.due_on)}",
        labels={
            "title": "What needed doing",
            "owner": "Who was doing it",
            "due_on": "Due",
            "status": "Status",
            "organisation": "Set by (organisation)",
            "added_by": "Set by",
            "done_at": "Done",
            "meeting": "Agreed at",
        },
        hide=frozenset({"guided_key"}),
        order_by=("due_on", "pk"),
    ),
    "workbook.RiskAssessment": Spec(
        "Risk and strengths",
        "How the team around your family rated the things they work on with you (domestic "
        "abuse, substance use, mental health, housing, learning needs, and your strengths and "
        "support), from 1 (a serious concern) to 5 (a strength), and why.",
        lambda a: f"Assessment on {uk_date(a.assessed_on)}, {a.organisation}",
        labels={
            "assessed_on": "Date",
            "note": "Note",
            "organisation": "Organisation",
            "recorded_by": "Recorded by",
        },
        values={
            name: (
                lambda a, name=name: (
                    f"{getattr(a, name)}: {_choice(a, name)}" if getattr(a, name) else ""
                )
            )
            for name in (
                "domestic_abuse",
                "substance_use",
                "mental_health",
                "housing",
                "learning_needs",
                "strengths",
            )
        },
        order_by=("assessed_on", "pk"),
    ),
    "workbook.SignificantItem": Spec(
        "Marked significant for a court or conference chronology",
        "Items of your family's chronology that the service marked as significant, for the "
        "chronology that courts and conferences ask for.",
        lambda m: f"Marked on {uk_date(m.marked_at)}",
        labels={
            "kind": "What kind of item",
            "item_id": "Which item (its number in the record)",
            "marked_by": "Marked by",
            "marked_at": "Marked on",
        },
        order_by=("marked_at", "pk"),
    ),
    "workbook.FamilySummary": Spec(
        "Summaries of your record",
        "Summaries the service made of your record for a court, a child protection conference "
        "or a new worker: who each one was for, the dates it covered and the service's view. "
        "What else each one held is in the other sections of this letter.",
        lambda s: (
            f"For {_choice(s, 'recipient').lower()}, {uk_date(s.starts_on)} to {uk_date(s.ends_on)}"
        ),
        labels={
            "recipient": "Who it was for",
            "recipient_name": "Name",
            "recipient_organisation": "Organisation",
            "starts_on": "From",
            "ends_on": "To",
            "services_view": "The service's view",
            "created_by": "Made by",
            "created_at": "Made on",
        },
        hide=frozenset({"content", "pdf_text", "job", "every_contact", "finished_at"}),
        order_by=("created_at", "pk"),
    ),
    "audit.AuditEntry": Spec(
        "Who looked at or changed your record",
        "Every time someone at the service looked at or changed your record, including any "
        "attempt that was refused, oldest first.",
        lambda e: "",  # one line each: see _audit_items
        order_by=("id",),
    ),
}


def _audit_items(entries: Iterable) -> tuple[Item, ...]:
    entries = list(entries)
    names = actor_names(e.actor_id for e in entries)
    items = []
    for entry in entries:
        who = names.get(entry.actor_id) or entry.actor_label or "Someone"
        what = entry.description or ""
        if what.startswith("Refused: "):
            what = "Refused: " + what.removeprefix("Refused: ").replace("_", " ")
        line = f"{uk_datetime(entry.at)}: {who}, {entry.get_action_display().lower()}"
        if what:
            line += f": {what}"
        if entry.outcome == AuditOutcome.REFUSED and not what.startswith("Refused"):
            line += " (refused)"
        items.append(Item(line))
    return tuple(items)


def _section(holding: Holding, parent: Parent) -> Section:
    spec = SPECS[holding.label]
    rows = holding.rows_for([parent.pk]).order_by(*spec.order_by)
    if holding.label == "audit.AuditEntry":
        items, compact = _audit_items(rows), True
    else:
        items, compact = tuple(_item(obj, spec) for obj in rows), False
    return Section(holding.export, holding.label, spec.title, spec.intro, items, compact)


# --- The covering letter ---------------------------------------------------------------------


def _covering(
    parent: Parent, organisation: str, requested_on: date, written_on: date
) -> tuple[tuple[str, str], ...]:
    years = retention_years()
    return (
        (
            "",
            f"On {uk_date(requested_on)} you asked to see the information we hold about you. "
            "The law gives you this right (it is called a subject access request). This letter, "
            f"written on {uk_date(written_on)}, gives you a copy of everything {organisation} "
            "holds about you in Alongside, the system we use to keep our records.",
        ),
        (
            "What we hold, and why",
            "We keep a record of our work with you: your details, your children, the times we "
            "met or spoke, your plan and goals, questionnaires you filled in, and who we shared "
            "information with. We keep it so that we can support you well, so that anyone "
            "working with you knows what has already happened, and because services like ours "
            "must keep proper records, including to help keep children safe. Some of it came "
            "from you, and some from the people who referred you to us or worked with you.",
        ),
        (
            "Who we share it with",
            "We share information with other organisations only when you agree (see 'Consents "
            "you gave'), or when the law allows it without asking you first, for example to "
            "keep a child safe or because a court asked (see 'Information the service shared "
            "without your consent'). If a section is not in this letter, we hold nothing of "
            "that kind about you.",
        ),
        (
            "How long we keep it",
            f"We keep the notes of our work for {years['case_notes']} years after the work "
            f"ends, and your name and details for {years['identity']} years. If we never worked "
            f"with you, we keep them for {years['not_worked_with']} years. After that, we delete "
            "them or remove anything that could show who you are.",
        ),
        (
            "Information about other people",
            "Some records also mention other people. To protect their privacy, we may have "
            "removed or blacked out information about them. You can ask us about anything that "
            "has been removed.",
        ),
        (
            "If something is wrong",
            "If anything here is wrong or missing, you have the right to ask us to correct it. "
            "Tell your key worker, or write to us, and we will tell you what we have done. You "
            "can also ask us to delete information or to stop using it, and we will tell you "
            "whether the law allows it.",
        ),
        (
            "Questions, a copy for a computer, and complaints",
            f"If you have a question about this letter, contact the data protection lead at "
            f"{organisation}. If you would like a copy of this information as a computer file, "
            "to take to another service, ask us. If you are unhappy with how we have handled "
            "your information, please tell us. You can also complain to the Information "
            "Commissioner's Office: ico.org.uk, or phone 0303 123 1113.",
        ),
    )


def subject_access_letter(
    parent: Parent,
    *,
    requested_on: date | None = None,
    written_on: date | None = None,
    signed_by: str = "",
) -> Letter:
    """The letter for this parent: the covering explanation, then one section for every
    registered model that holds records about them (`parent_data.REGISTRY`)."""
    written_on = written_on or timezone.localdate()
    requested_on = requested_on or written_on
    organisation = parent.organisation.name
    sections, nothing_held = [], []
    for holding in parent_holdings():
        if holding.export is None:
            continue
        section = _section(holding, parent)
        if section.items:
            sections.append(section)
        else:
            nothing_held.append(section.title)
    return Letter(
        parent_name=parent.full_name,
        dear=parent.preferred_name or parent.given_name,
        organisation=organisation,
        requested_on=requested_on,
        written_on=written_on,
        signed_by=signed_by,
        covering=_covering(parent, organisation, requested_on, written_on),
        sections=tuple(sections),
        nothing_held=tuple(nothing_held),
        others_named=tuple(
            RelationshipMember.objects.filter(relationship__members__parent=parent)
            .exclude(parent=parent)
            .values_list("parent_id", flat=True)
            .distinct()
        ),
    )


# --- The PDF ---------------------------------------------------------------------------------

RULE_SUMMARY = (
    "What is marked: every free-text field (notes, reasons, descriptions, who was there), and "
    "every record about another person as well (a relationship, a joint contact, a goal for a "
    "partner). Staff names, the parent's own details and their children's details are not "
    "marked."
)
REVIEW_STEPS = (
    "Read every item marked '" + MARK + "'.",
    "Remove or black out anything about another person that the law does not let you release.",
    "Remove the markings and the PDF's first page (it is for you), then send the letter by the "
    "reply date.",
)


def reviewer_lines(letter: Letter) -> list[str]:
    """The reviewer's page: for the data protection lead, not for the parent."""
    lines = [
        "# For the data protection lead: remove this page before sending",
        f"Subject access request from {letter.parent_name}, made on "
        f"{uk_date(letter.requested_on)}.",
        f"Reply by {uk_date(letter.reply_by)} (one calendar month from the request).",
        f"{letter.marks} item{'s' if letter.marks != 1 else ''} marked to check before release.",
        "",
        *(f"{n}. {step}" for n, step in enumerate(REVIEW_STEPS, start=1)),
        "",
        RULE_SUMMARY,
    ]
    if letter.nothing_held:
        lines += ["", "Nothing is held under: " + "; ".join(letter.nothing_held) + "."]
    return lines


def letter_lines(letter: Letter) -> list[str]:
    """The letter as lines of text ('# ' starts a heading), as in the PDF."""
    lines = [f"# {letter.title}", uk_date(letter.written_on), "", f"Dear {letter.dear},", ""]
    for heading, paragraph in letter.covering:
        if heading:
            lines.append(f"# {heading}")
        lines += [paragraph, ""]
    lines += [
        "Yours sincerely,",
        letter.signed_by or "The data protection lead",
        letter.organisation,
    ]
    for section in letter.sections:
        lines += ["", f"# {section.title}", section.intro, ""]
        for item in section.items:
            if section.compact:
                lines.append(item.heading)
                continue
            if item.check:
                lines.append(f"[{MARK}]")
            lines.append(f"# {item.heading}")
            for entry in item.entries:
                if entry.check:
                    lines.append(f"[{MARK}]")
                text = entry.text.splitlines() or [""]
                lines.append(f"{entry.label}: {text[0]}")
                lines += [f"    {more}" for more in text[1:]]
            lines.append("")
    return lines


def letter_pdf(letter: Letter) -> bytes:
    """The reviewer's page, then the letter from the top of the next page, markings kept."""
    return pdf_document(
        f"Subject access: {letter.parent_name} (draft to check before release)",
        [
            *blocks_from_lines(reviewer_lines(letter)),
            NewPage(),
            *blocks_from_lines(letter_lines(letter)),
        ],
        author=letter.organisation,
    )
