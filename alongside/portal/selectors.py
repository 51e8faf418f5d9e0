"""Reads for the parent's own space. Every lookup is within the signed-in parent's own
records: an id from a URL or a form that is not theirs finds nothing (the page answers 'not
found'), exactly as if it did not exist."""

from dataclasses import dataclass, field, replace
from datetime import date

from django.db.models import Q
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from alongside.accounts.codes import link_token_digest
from alongside.casework.models import Episode
from alongside.core.pdf import text_pdf
from alongside.core.prefetch import is_prefetched, read_once
from alongside.measures.charts import Series, line_chart
from alongside.measures.definitions import Instrument, all_instruments, get_instrument
from alongside.measures.models import MeasureResponse
from alongside.people.models import Parent
from alongside.plans.models import Achievement, Goal, GoalStatus
from alongside.policy import portal_parent_id
from alongside.programmes.selectors import spec_for
from alongside.sharing.choices import ParentTold
from alongside.sharing.letter import Letter, Section, letter_lines, subject_access_letter
from alongside.sharing.models import Consent, Disclosure
from alongside.sharing.rules import consent_in_force

from .models import (
    GoalView,
    MeasureRequest,
    PortalAccount,
    PortalInvitation,
    PortalMessage,
    PortalNotice,
)

WELLBEING_WHEEL = "wellbeing_wheel"


def portal_parent(user) -> Parent | None:
    """The signed-in parent's own record: the only parent the portal ever shows them."""
    parent_id = portal_parent_id(user)
    return Parent.objects.filter(pk=parent_id).first() if parent_id else None


def invitation_by_token(token: str) -> PortalInvitation | None:
    if not token or len(token) > 200:
        return None
    return (
        PortalInvitation.objects.select_related("parent")
        .filter(token_digest=link_token_digest(token))
        .first()
    )


def account_of(parent: Parent) -> PortalAccount | None:
    return PortalAccount.objects.filter(parent=parent).select_related("user").first()


def current_episode(parent: Parent) -> Episode | None:
    if is_prefetched(parent, "episodes"):  # the page's own read (parent_for), in this order
        return next(iter(parent.episodes.all()), None)
    return (
        parent.episodes.select_related("key_worker")
        .order_by(
            "-opened_on",
            "-pk",
        )
        .first()
    )


# --- My plan ---------------------------------------------------------------------------------


@dataclass
class GoalRow:
    goal: Goal
    steps: list[str]
    progress: str
    progress_on: date | None
    views: list[GoalView]


def goals_of(parent: Parent):
    return Goal.objects.filter(plan__episode__parent=parent).exclude(family_member="partner")


def goal_of(parent: Parent, pk) -> Goal | None:
    """One of this parent's own goals (never a partner's, never another parent's)."""
    return goals_of(parent).select_related("plan__episode").filter(pk=pk).first()


def my_plan(parent: Parent) -> dict:
    episode = current_episode(parent)
    plan = getattr(episode, "plan", None) if episode else None
    rows = []
    if plan is not None:
        goals = (
            goals_of(parent)
            .filter(plan=plan)
            .prefetch_related("milestones", "progress", "parent_views")
            .order_by("status", "pk")
        )
        for goal in goals:
            latest = max(goal.progress.all(), key=lambda p: (p.recorded_on, p.pk), default=None)
            rows.append(
                GoalRow(
                    goal=goal,
                    steps=[m.text for m in goal.milestones.all()],
                    progress=latest.get_outcome_display() if latest else "",
                    progress_on=latest.recorded_on if latest else None,
                    views=list(goal.parent_views.all())[:3],
                )
            )
    return {
        "episode": episode,
        "plan": plan,
        "working_on": [r for r in rows if r.goal.status == GoalStatus.ACTIVE],
        "done": [r for r in rows if r.goal.status != GoalStatus.ACTIVE],
        "next_appointment": episode.next_contact_on if episode and episode.is_open else None,
        "key_worker": episode.key_worker if episode else None,
    }


# --- My achievements -------------------------------------------------------------------------


def achievements_of(parent: Parent):
    return Achievement.objects.filter(parent=parent).order_by("-happened_on", "-pk")


def achievement_of(parent: Parent, pk) -> Achievement | None:
    return achievements_of(parent).filter(pk=pk).first()


# --- My wellbeing ----------------------------------------------------------------------------


@dataclass
class WheelAnswer:
    on: date
    total: int | float | None
    ratings: list[tuple[str, int | None]] = field(default_factory=list)


@dataclass
class OwnHistory:
    """The parent's own answers to one measure over time: a picture of their totals and the
    numbers beside it. Only their own ratings (a worker's are theirs to share in person), and
    no score labels (bands are for the worker)."""

    instrument: Instrument
    answers: list[WheelAnswer]  # newest first
    latest: WheelAnswer | None
    chart: SafeString | None

    @property
    def direction(self) -> str:
        if self.instrument.lower_is_better:
            return "For this one, a lower number means things have been better for you."
        return "For this one, a higher number means things have been better for you."


def own_history(
    parent: Parent, instrument: Instrument, *, title: str, chart_id: str = ""
) -> OwnHistory:
    answers = []
    for response in MeasureResponse.objects.filter(
        parent=parent, instrument=instrument.code
    ).order_by("completed_on", "pk"):
        mine = response.answers.get("parent", {})
        if not mine:
            continue
        own = response.scores.get("parent", {})
        answers.append(
            WheelAnswer(
                on=response.completed_on,
                total=own.get("total") if own.get("complete") else None,
                ratings=[(item.text, mine.get(item.id)) for item in instrument.items],
            )
        )
    scored = [a for a in answers if a.total is not None]
    chart = None
    if scored:
        # The SVG is built by charts.py from numbers and html-escaped text only.
        chart = mark_safe(  # noqa: S308  # nosec B308 B703
            line_chart(
                chart_id=chart_id or f"chart-{instrument.code}",
                title=title,
                description=(
                    f"{len(scored)} times, from {scored[0].on:%-d %B %Y} to "
                    f"{scored[-1].on:%-d %B %Y}. The numbers are in the table."
                ),
                series=[
                    Series(
                        name="Your total", points=[(a.on, a.total) for a in scored], marker="circle"
                    )
                ],
                y_min=instrument.min_total,
                y_max=instrument.max_total,
            )
        )
    return OwnHistory(
        instrument=instrument,
        answers=list(reversed(answers)),
        latest=answers[-1] if answers else None,
        chart=chart,
    )


def wellbeing_of(parent: Parent) -> dict:
    """The parent's own ratings on the wheel over time, a chart of the totals and the numbers
    beside it; the measures their worker asked them to fill in; and their own answers to each
    other measure over time, the same way."""
    wheel = own_history(
        parent,
        get_instrument(WELLBEING_WHEEL),
        title="Your wellbeing wheel totals over time",
        chart_id="chart-wheel",
    )
    codes = (
        MeasureResponse.objects.filter(parent=parent)
        .exclude(instrument=WELLBEING_WHEEL)
        .values_list("instrument", flat=True)
        .distinct()
    )
    others = []
    for code in sorted(set(codes)):
        instrument = get_instrument(code)
        if instrument is None or "parent" not in instrument.raters:
            continue
        history = own_history(parent, instrument, title=f"Your {instrument.name} totals over time")
        if history.answers:
            others.append(history)
    return {
        "instrument": wheel.instrument,
        "answers": wheel.answers,
        "latest": wheel.latest,
        "chart": wheel.chart,
        "asked": list(measure_requests_open(parent)),
        "histories": sorted(others, key=lambda h: h.instrument.name),
    }


# --- Measures the worker sent ----------------------------------------------------------------


def measure_requests_of(parent: Parent):
    return MeasureRequest.objects.filter(parent=parent).select_related("episode", "sent_by")


def measure_requests_open(parent: Parent):
    """What the parent's worker asked them to fill in and they have not yet: not withdrawn,
    and the work still open."""
    return (
        measure_requests_of(parent)
        .filter(completed_at__isnull=True, withdrawn_at__isnull=True)
        .exclude(episode__status=Episode.Status.CLOSED)
        .order_by("due_on", "sent_at", "pk")
    )


def measure_request_of(parent: Parent, pk) -> MeasureRequest | None:
    """One of this parent's own requests (whatever its state), or None."""
    return measure_requests_of(parent).select_related("response").filter(pk=pk).first()


def instruments_to_send(episode: Episode) -> list[Instrument]:
    """The measures a worker may send to the parent for this work: those the programme the
    work runs under uses (`programmes.selectors.spec_for`), for its pathway, that the parent
    answers themselves. A service without a programme may send any installed measure the
    parent answers."""
    spec = spec_for(episode)
    if spec is None:
        codes = sorted(all_instruments(), key=lambda c: all_instruments()[c].name)
    else:
        codes = list(dict.fromkeys(m.instrument for m in spec.measures_for(episode.pathway)))
    found = [get_instrument(code) for code in codes]
    return [i for i in found if i is not None and "parent" in i.raters]


# --- What is shared about me -----------------------------------------------------------------


@dataclass
class ConsentRow:
    consent: Consent
    what: list[str]
    with_whom: str
    why: str
    until: str
    condition: str


def consent_rows(parent: Parent) -> list[ConsentRow]:
    """Each consent in force now, in plain words."""
    now, today = timezone.now(), timezone.localdate()
    pregnant = parent.current_pregnancy(today) is not None
    rows = []
    for consent in Consent.objects.filter(parent=parent).select_related("organisation"):
        if not consent_in_force(consent, today=today, now=now, pregnant=pregnant):
            continue
        who = consent.organisation.name
        if consent.job_role:
            who += f" (only people who work as: {consent.job_role})"
        rows.append(
            ConsentRow(
                consent=consent,
                what=consent.category_labels,
                with_whom=who,
                why=consent.purpose,
                until=(
                    f"Until {consent.ends_on.day} {consent.ends_on:%B %Y}, or until you say stop"
                    if consent.ends_on
                    else "Until you say stop"
                ),
                condition=(
                    "Only while you are pregnant" if consent.condition == "only_if_pregnant" else ""
                ),
            )
        )
    return rows


def consent_of(parent: Parent, pk) -> Consent | None:
    """One of this parent's consents still in force (the only ones they can withdraw)."""
    for row in consent_rows(parent):
        if str(row.consent.pk) == str(pk):
            return row.consent
    return None


def ended_consents(parent: Parent):
    return Consent.objects.filter(parent=parent, withdrawn_at__isnull=False).select_related(
        "organisation"
    )


def disclosures_for_parent(parent: Parent):
    """Information shared without consent, shown to the parent once their worker has recorded
    that they were told. One the record says they are not told about (the law allows this,
    for example while a child protection enquiry goes on) is not shown, nor one still
    waiting for a decision or not approved: nothing was shared."""
    return Disclosure.objects.filter(
        parent=parent, status=Disclosure.Status.APPROVED, parent_told=ParentTold.YES
    ).order_by("-disclosed_on", "-pk")


# --- My information --------------------------------------------------------------------------

HELD_BACK = (
    "Parts of your records that may be about other people are not in this copy. Your worker "
    "and the data protection lead check those before anyone sees them. To get a full copy, "
    "ask for one on the 'My information' page or ask your worker."
)


def _for_the_parent(section: Section, parent: Parent) -> Section:
    items = []
    for item in section.items:
        if item.check:
            continue
        entries = tuple(e for e in item.entries if not e.check)
        items.append(replace(item, entries=entries))
    if section.model == "sharing.Disclosure":
        told = set(disclosures_for_parent(parent).values_list("pk", flat=True))
        rows = Disclosure.objects.filter(parent=parent).order_by("requested_at", "pk")
        items = [i for i, d in zip(items, rows, strict=False) if d.pk in told]
    return replace(section, items=tuple(items))


def letter_for_parent(parent: Parent) -> Letter:
    """The subject access letter as the parent may have it at once: everything that is about
    them alone. Anything marked to check before release (it may be about someone else) and
    any disclosure the parent is not told about are left out until a person has checked."""
    letter = subject_access_letter(parent)
    sections = tuple(s for s in (_for_the_parent(s, parent) for s in letter.sections) if s.items)
    covering = (*letter.covering, ("What is not in this copy", HELD_BACK))
    return replace(letter, sections=sections, covering=covering)


def letter_pdf_for_parent(parent: Parent) -> bytes:
    letter = letter_for_parent(parent)
    return text_pdf(letter.title, letter_lines(letter))


def corrections_of(parent: Parent):
    return PortalNotice.objects.filter(parent=parent, kind=PortalNotice.Kind.CORRECTION)


# --- Messages and notices --------------------------------------------------------------------


def messages_of(parent: Parent):
    return PortalMessage.objects.filter(parent=parent).select_related("author")


def open_notices(parent: Parent):
    return PortalNotice.objects.filter(parent=parent, dealt_with_at__isnull=True).select_related(
        "consent__organisation", "measure_request__response"
    )


def overview_notices_of(parent: Parent) -> list[PortalNotice]:
    """The notices the parent's overview shows, newest first: the open ones (the parent's space
    panel) and every consent the parent withdrew, dealt with or not (the timeline). Read once
    for the parent's record however many panels show them."""

    def read() -> list[PortalNotice]:
        wanted = Q(dealt_with_at__isnull=True) | Q(kind=PortalNotice.Kind.CONSENT_WITHDRAWN)
        notices = PortalNotice.objects.filter(wanted, parent=parent).select_related(
            "consent__organisation", "measure_request__response"
        )
        # Newest first, sorted here: ordering in the query would cost more, as Django compares
        # every one of its 55 selected columns with the ordering.
        return sorted(notices.order_by(), key=lambda n: (n.made_at, n.pk), reverse=True)

    return read_once(parent, "overview_notices", read)


def notice_of(parent: Parent, pk) -> PortalNotice | None:
    return open_notices(parent).filter(pk=pk).first()


def space_for_worker(parent: Parent) -> dict:
    """For the worker's overview: the parent's account, invitations, messages and notices."""
    # Oldest first, sorted here rather than by the query (as `overview_notices_of`).
    messages = sorted(messages_of(parent).order_by(), key=lambda m: (m.sent_at, m.pk))
    latest = PortalInvitation.objects.filter(parent=parent).first()
    notices = [n for n in overview_notices_of(parent) if n.dealt_with_at is None]
    for notice in notices:
        # A measure the parent filled in: any alert its scoring raised (PHQ-9 question 9, say),
        # read from the encrypted scores, so the worker sees it beside the notice.
        response = notice.measure_request.response if notice.measure_request_id else None
        notice.alerts = (
            [a for s in response.scores.values() for a in s.get("alerts", [])] if response else []
        )
    return {
        "account": account_of(parent),
        "invitation": latest,
        "messages": messages[-3:],
        "unread": sum(1 for m in messages if m.from_parent and m.read_at is None),
        "notices": notices,
        "requests": list(measure_requests_of(parent)[:5]),
    }


def invitations_open(parent: Parent):
    return PortalInvitation.objects.filter(
        parent=parent,
        used_at__isnull=True,
        withdrawn_at__isnull=True,
        expires_at__gt=timezone.now(),
    )
