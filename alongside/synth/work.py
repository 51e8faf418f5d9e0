"""The work with each demo parent, shaped like a real service on the day the demo is loaded:
a path through the programme, contacts weekly-ish at first and tapering at the end, notes that
fit the kind of contact, a plan reviewed every few months (mostly on time), the next contact
planned, and, for some parents, proceedings and a tapered ending.

Everything is written through the services, dated relative to `today`, and drawn from a random
stream of the parent's own (`random.Random`), so the demo is the same for the same seed and day.
Rare states (a review gone late, a parent gone quiet) are chosen by the parent's place among
the open cases, so every demo has a few of them, never many."""

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from alongside.casework.endings import taper_plan_set
from alongside.casework.models import ContactType, TaperFrequency
from alongside.casework.pathway import episode_change_phase, episode_set_pathway, proceedings_record
from alongside.casework.services import contact_record, episode_close
from alongside.measures.services import measure_record
from alongside.people.choices import ChildLegalStatus
from alongside.plans.models import Outcome
from alongside.plans.services import achievement_add, goal_add, plan_agree, review_hold
from alongside.programmes.vocabulary import ClosureReason

# What each kind of contact sounds like. In-person and call notes are an opening that says
# what kind of contact it was, then what it was about; the others are whole notes. No names,
# no labels: 'the parent', 'family time'.
OPENINGS = {
    ContactType.HOME_VISIT: [
        "Home visit.",
        "Visited at home.",
        "Home visit, as planned.",
        "Visited at home; the kettle was on.",
    ],
    ContactType.OFFICE: [
        "Met at the family centre.",
        "Met at the cafe in the community centre.",
        "Met at the office.",
        "Met at the library, a venue the parent chose.",
    ],
    ContactType.PHONE: [
        "Phone call.",
        "Video call, as the parent preferred.",
        "Called as agreed.",
        "Short phone call.",
    ],
}
IN_PERSON_TOPICS = [
    "Talked about the week and what felt hardest.",
    "Went through the letters from the council together and made a list of calls to make.",
    "Talked through the next family time session: what to bring and how to say goodbye.",
    "Worked on the life story book together and chose photos for the first pages.",
    "Looked at the budget until payday and how to use the food bank voucher.",
    "Talked about sleep and a bedtime routine that might help.",
    "Planned the benefits appointment and what to take to it.",
    "Talked about friendships and who to call on a bad day.",
    "Went through the plan: the tenancy is signed and the bills are set up.",
    "Talked about college courses starting in the new year.",
]
CALL_TOPICS = [
    "Checked in before family time: anxious but keen to go.",
    "Talked about how family time went: what felt good and what was hard.",
    "The GP appointment has moved to Thursday; agreed to meet outside the surgery.",
    "Talked through a letter from the council that had caused worry.",
    "Checked in after a difficult weekend; agreed to visit sooner than planned.",
    "Confirmed the review meeting and who the parent wants there.",
]
ENDING_TOPICS = [
    "Talked about the ending: what has changed, and who to turn to afterwards.",
    "Looked back over the plan together and at what the parent is proud of.",
    "Talked about the door staying open after the work ends.",
]
NEXT_STEPS = [
    "Agreed to meet again next week.",
    "Next visit booked.",
    "Will call on Friday to see how it went.",
    "",
    "",
]
WHOLE_NOTES = {
    ContactType.MESSAGE: [
        "Text to confirm tomorrow's visit. Replied with a thumbs up.",
        "Sent a message reminding about the dentist appointment; a reply came back to say thanks.",
        "Message from the parent asking for help with a council letter. Arranged to look at it "
        "together on Monday.",
        "Texted the link to the college open day we talked about.",
        "Text check-in after family time: it went well.",
    ],
    ContactType.GROUP: [
        "Came to the group session on budgeting. Joined in and stayed for lunch afterwards.",
        "Group session: cooking together. Quiet at first, then talked with two other parents "
        "about family time.",
        "Came to the group with a worker alongside. Left early but wants to come back.",
        "Group session on keeping well in winter. Shared a tip about the warm space at the library.",
    ],
    ContactType.WITH_PARTNER: [
        "Joint visit with the housing officer. The parent spoke up for what they need; a viewing "
        "is booked.",
        "Joint meeting with the child's social worker to plan family time. The parent's views "
        "are written into the plan.",
        "Joint appointment with the talking therapies worker. Agreed how we will each help "
        "between sessions.",
        "Joint visit with the drug and alcohol worker. Agreed next steps together.",
        "Joint meeting with the debt adviser. A payment plan is agreed.",
    ],
    ContactType.PARTNER_INFORMATION: [
        "Update from the child's social worker: family time moves to Saturdays from next month.",
        "Information from the housing team: the bidding number has come through.",
        "Update from the GP surgery, shared with the parent's agreement: the talking therapies "
        "referral is accepted.",
        "Update from the college: the place on the course is confirmed.",
        "Update from the debt advice service: a payment plan is agreed.",
    ],
    ContactType.OUTREACH_ATTEMPT: [
        "Knocked for the planned visit: no answer. Left a card and sent a text to rearrange.",
        "Called twice and sent a text: no answer. Will try again tomorrow.",
        "Went to the cafe we agreed on; the parent was not there. Texted to check all is well.",
        "Planned visit: not in. Will call tomorrow and try again later in the week.",
        "No reply to calls or texts since the last visit. Dropped a card round with a date for "
        "next week.",
    ],
}
# How often each kind comes up among the contacts made (missed visits are added separately).
CONTACT_MIX = {
    ContactType.HOME_VISIT: 32,
    ContactType.PHONE: 20,
    ContactType.MESSAGE: 12,
    ContactType.OFFICE: 14,
    ContactType.WITH_PARTNER: 8,
    ContactType.GROUP: 6,
    ContactType.PARTNER_INFORMATION: 5,
}
MISSED_VISIT_CHANCE = 0.07
WHO_WAS_THERE = {
    ContactType.OUTREACH_ATTEMPT: "",
    ContactType.PARTNER_INFORMATION: "",
    ContactType.GROUP: "Parent, other group members",
    ContactType.WITH_PARTNER: "Parent, partner agency worker",
}
MINUTES = {
    ContactType.HOME_VISIT: [45, 60, 60, 90],
    ContactType.OFFICE: [45, 60, 90],
    ContactType.PHONE: [10, 15, 20, 30],
    ContactType.MESSAGE: [5],
    ContactType.GROUP: [120],
    ContactType.WITH_PARTNER: [60, 90],
    ContactType.PARTNER_INFORMATION: [10, 15],
    ContactType.OUTREACH_ATTEMPT: [15, 30],
}

GOALS = [
    ("housing", "Get my own place and keep it", "Secure a tenancy and keep up the rent"),
    ("money", "Sort out my debts", "Budget plan and debt advice referral"),
    (
        "family_time",
        "Make family time with my children go well",
        "Prepare for and reflect on each contact",
    ),
    ("mental_health", "Feel less anxious", "Referral to talking therapies; weekly check-ins"),
    ("education_work", "Start a course at college", "Find a course and help with the forms"),
    ("relationships", "Have people I can count on", "Build a circle of support outside services"),
    ("identity", "Understand my own story", "Life story work at the parent's pace"),
]
ACHIEVEMENTS = {
    "housing": "Signed my tenancy",
    "money": "Paid off the rent arrears",
    "family_time": "A lovely family time visit",
    "mental_health": "Went to my first talking therapies session",
    "education_work": "Enrolled on a college course",
    "relationships": "Met up with a friend from the group",
    "identity": "Finished the first chapter of my life story book",
}
ENDING_GOAL = (
    "relationships",
    "Know who I can turn to when the work ends",
    "Plan the ending together; the door stays open",
)
WHEEL_ITEMS = [
    "home",
    "money",
    "physical_health",
    "emotional_wellbeing",
    "relationships",
    "family_time",
    "keeping_safe",
    "alcohol_drugs",
    "learning_work",
    "support",
]
# Weeks since proceedings were issued, in turn: early on, near the 26-week timescale, past it.
COURT_WEEKS_AGO = [7, 22, 14, 29, 3, 18, 25, 10]
TAPER_FROM_DAYS = 425  # about 14 months in, the ending is tapered
TAPER_PLANNED_DAYS = 395  # from about 13 months in, the taper is planned to start soon


@dataclass
class Work:
    """One parent's work with the service, for the generator."""

    episode: object
    worker: object
    manager: object
    allocated: date
    today: date
    rng: random.Random
    place: int  # its place among the open cases (0, 1, ...) or among the closed ones
    # Shared by all parents of the demo: how many have proceedings, a taper under way.
    tally: Counter = field(default_factory=Counter)

    def days(self, low: int, high: int) -> timedelta:
        return timedelta(days=self.rng.randint(low, high))


def pathway_for(statuses: list[str], pregnant: bool, born: date | None, allocated: date) -> str:
    """The pathway a parent's situation points to: PREGNANCY when pregnant at the start (or
    now), PARENTING with a child at home or in proceedings, otherwise ADULT."""
    if pregnant or (born is not None and born >= allocated):
        return "pregnancy"
    at_home = {
        ChildLegalStatus.AT_HOME_CIN,
        ChildLegalStatus.AT_HOME_CP,
        ChildLegalStatus.IN_PROCEEDINGS,
    }
    return "parenting" if at_home & set(statuses) else "adult"


def path(work: Work, spec, pathway_key: str, born: date | None, until: date) -> None:
    """The pathway from allocation, and the phases moved through up to `until`."""
    episode, on = work.episode, work.allocated
    episode_set_pathway(episode=episode, pathway=pathway_key, decided_by=work.worker, on=on)
    pathway = spec.pathway(pathway_key)
    moves: list[tuple[str, date]] = []
    if pathway_key == "pregnancy":
        # Stabilisation ends at the birth, and the parent moves on a few days after; a birth
        # in the last week is not moved on yet, so its phase clock shows.
        if born is not None and born >= on and (work.today - born).days >= 8:
            moves.append((pathway.phases[1].key, born + work.days(3, 7)))
    else:
        second = on + timedelta(weeks=work.rng.randint(20, 30))
        third = second + timedelta(weeks=work.rng.randint(20, 28))
        moves += [(pathway.phases[1].key, second), (pathway.phases[2].key, third)]
    for phase, when in moves:
        if when <= until:
            episode_change_phase(episode=episode, phase=phase, decided_by=work.manager, on=when)


def proceedings(work: Work) -> None:
    """Care proceedings about a child, at a different point of the 26-week timescale each."""
    weeks = COURT_WEEKS_AGO[work.tally["court"] % len(COURT_WEEKS_AGO)]
    work.tally["court"] += 1
    issued = work.today - timedelta(weeks=weeks) - work.days(0, 6)
    if weeks >= 26:
        hearing = work.today + work.days(10, 40)  # the timescale extended
    elif weeks >= 16:
        hearing = issued + timedelta(weeks=26) - work.days(0, 14)
    else:
        hearing = None
    proceedings_record(
        episode=work.episode, issued_on=issued, final_hearing_on=hearing, recorded_by=work.worker
    )


@dataclass
class Taper:
    fortnightly: date
    monthly: date
    less_than_planned: bool = False


def taper(work: Work) -> Taper | None:
    """Parents about 14 months in have a tapered ending under way (fortnightly, then monthly);
    those about 13 months in have one planned to start soon. Every third taper under way has
    had less contact than planned."""
    span = (work.today - work.allocated).days
    if span >= TAPER_FROM_DAYS:
        start = work.allocated + work.days(TAPER_FROM_DAYS - 40, TAPER_FROM_DAYS)
        plan = Taper(start, start + timedelta(weeks=8), work.tally["taper"] % 3 == 1)
        work.tally["taper"] += 1
    elif span >= TAPER_PLANNED_DAYS:
        start = work.today + work.days(7, 35)
        plan = Taper(start, start + timedelta(weeks=8))
    else:
        return None
    taper_plan_set(
        episode=work.episode,
        steps=[
            (TaperFrequency.FORTNIGHTLY, plan.fortnightly),
            (TaperFrequency.MONTHLY, plan.monthly),
        ],
        recorded_by=work.worker,
    )
    return plan


def _gap_before(work: Work, day: date, plan: Taper | None) -> int:
    """Days back to the contact before one on `day`: weekly-ish for the first three months,
    a little less often after, then as the taper plans."""
    rng = work.rng
    if plan and day >= plan.monthly:
        return rng.randint(24, 32)
    if plan and day >= plan.fortnightly:
        return rng.randint(24, 30) if plan.less_than_planned else rng.randint(11, 16)
    if (day - work.allocated).days < 84:
        return rng.randint(4, 9)
    return rng.randint(6, 13)


def contact_days(work: Work, last: date, plan: Taper | None) -> list[date]:
    """Contact days from allocation to `last`, counted back from the last one."""
    days = [last]
    while True:
        before = days[-1] - timedelta(days=_gap_before(work, days[-1], plan))
        if before < work.allocated:
            break
        days.append(before)
    first = days[-1]
    if (first - work.allocated).days > 3:  # the first meeting soon after allocation
        days.append(work.allocated + work.days(0, 2))
    return sorted(days)


def note_for(kind: str, rng: random.Random, ending: bool = False) -> str:
    if kind in WHOLE_NOTES:
        return rng.choice(WHOLE_NOTES[kind])
    topics = CALL_TOPICS if kind == ContactType.PHONE else IN_PERSON_TOPICS
    if ending and rng.random() < 0.5:
        topics = ENDING_TOPICS
    parts = [rng.choice(OPENINGS[kind]), rng.choice(topics), rng.choice(NEXT_STEPS)]
    return " ".join(p for p in parts if p)


def record_contacts(
    work: Work,
    days: list[date],
    *,
    plan: Taper | None = None,
    next_contact_on: date | None = None,
    quiet: bool = False,
    only: str = "",
) -> None:
    """A contact on each day, of a kind drawn from the mix (or `only` that kind), with a note
    that fits it; now and then a missed visit a day or two before. The last one plans the next
    contact."""
    rng = work.rng
    kinds, weights = zip(*CONTACT_MIX.items(), strict=True)
    planned: list[tuple[date, str]] = []
    for n, day in enumerate(days):
        previous = days[n - 1] if n else work.allocated
        if n and (day - previous).days >= 4 and rng.random() < MISSED_VISIT_CHANCE:
            planned.append((day - work.days(1, 2), ContactType.OUTREACH_ATTEMPT))
        planned.append((day, only or rng.choices(kinds, weights)[0]))
    if quiet:  # gone quiet: the last try made no contact
        planned[-1] = (planned[-1][0], ContactType.OUTREACH_ATTEMPT)
    for n, (day, kind) in enumerate(planned):
        last = n == len(planned) - 1
        contact_record(
            episode=work.episode,
            recorded_by=work.worker,
            happened_on=day,
            contact_type=kind,
            who_was_there=WHO_WAS_THERE.get(kind, "Parent"),
            duration_minutes=rng.choice(MINUTES[kind]),
            notes=note_for(kind, rng, ending=bool(plan and day >= plan.fortnightly)),
            confidentiality="shareable" if rng.random() < 0.3 else "service_only",
            next_contact_on=next_contact_on if last else None,
        )


def open_work_contacts(work: Work, plan: Taper | None) -> None:
    """Contacts up to today for an open case. Most parents were seen in the last fortnight
    with the next contact planned within the next; a few are past their planned contact, and
    a few have gone quiet."""
    today, place = work.today, work.place
    quiet = place % 12 == 9 and (today - work.allocated).days > 60
    missed = place % 12 == 3
    if quiet:
        last = today - work.days(16, 30)
        next_on = last + timedelta(days=7)
    elif missed:
        next_on = today - work.days(1, 5)
        last = next_on - work.days(4, 7)
    elif plan and today >= plan.monthly:
        last = today - work.days(2, 20)
        next_on = max(last + timedelta(days=28), today + timedelta(days=1))
    else:
        last = today - timedelta(days=min(work.rng.randint(0, 9), work.rng.randint(0, 9)))
        next_on = today + work.days(1, 14)
    last = max(last, work.allocated)
    next_on = max(next_on, last + timedelta(days=1))
    days = contact_days(work, last, plan)
    record_contacts(work, days, plan=plan, next_contact_on=next_on, quiet=quiet)


def closing_day(work: Work) -> date:
    """When a closed case ended: two months to over a year after allocation, and a while ago."""
    end = min(work.allocated + work.days(60, 420), work.today - work.days(5, 40))
    return min(max(end, work.allocated + timedelta(days=7)), work.today)


def closed_work(work: Work, end: date) -> None:
    """Contacts over the length of a closed case, and its closure on `end`. When we lost touch,
    the last three months are tries that made no contact."""
    reason, note = CLOSURES[work.place % len(CLOSURES)]
    if reason == ClosureReason.NO_CONTACT and end - timedelta(days=100) > work.allocated:
        record_contacts(work, contact_days(work, end - work.days(95, 100), None))
        tries = [end - timedelta(days=d) for d in (70, 42, 14)]
        record_contacts(work, tries, only=ContactType.OUTREACH_ATTEMPT)
    else:
        record_contacts(work, contact_days(work, end - work.days(0, 7), None))
    episode_close(
        episode=work.episode, closed_by=work.manager, closed_on=end, reason=reason, note=note
    )


CLOSURES = [
    (
        ClosureReason.PLANNED_ENDING,
        "Planned ending over three months. Knows they can get back in touch at any time.",
    ),
    (
        ClosureReason.PARENT_CHOSE_TO_END,
        "The parent chose to end the work for now. The door stays open.",
    ),
    (
        ClosureReason.PLANNED_ENDING,
        "Planned ending: the plan's goals are met. A last visit to celebrate.",
    ),
    (ClosureReason.MOVED_AWAY, "Moved to be nearer family. Introduced to the service there."),
    (
        ClosureReason.NO_CONTACT,
        "No contact for three months despite letters, calls and visits. A card left with our "
        "number.",
    ),
    (
        ClosureReason.TRANSFERRED,
        "Transferred, at the parent's wish, to the community mental health team, with a joint "
        "handover visit.",
    ),
]


def _wheel(work: Work, on: date, better: int) -> None:
    rng = work.rng
    measure_record(
        episode=work.episode,
        recorded_by=work.worker,
        instrument_code="wellbeing_wheel",
        completed_on=on,
        answers={
            "parent": {item: min(10, rng.randint(2, 6) + better) for item in WHEEL_ITEMS},
            "worker": {item: min(10, rng.randint(2, 7) + better) for item in WHEEL_ITEMS},
        },
    )


def _phq9(work: Work, on: date, better: int) -> None:
    answers = [max(0, min(3, work.rng.randint(1, 3) - better // 2)) for _ in range(8)] + [0]
    measure_record(
        episode=work.episode,
        recorded_by=work.worker,
        instrument_code="phq9",
        completed_on=on,
        answers={"parent": {f"q{n}": v for n, v in enumerate(answers, 1)}},
    )


def review_days(work: Work, agreed: date, interval: timedelta) -> list[tuple[date, date | None]]:
    """The reviews held so far: (held on, next review set for, when not the usual interval).

    Each review is held a few days either side of its due date, most of them on time. A few
    parents (by place) have their latest review gone late: the review set for a few weeks ago
    not held yet, or the last one not held."""
    rng = work.rng
    held: list[tuple[date, date | None]] = []
    due = agreed + interval
    while (on := due + timedelta(days=rng.randint(-7, 3))) <= work.today:
        held.append((on, None))
        due = on + interval
    if work.place % 9 == 4 and held:
        target = work.today - work.days(4, 24)
        last = held[-1][0]
        if (target - last).days >= 21:
            held[-1] = (last, target)  # set sooner than usual (before a hearing, say), then slipped
        else:
            held.pop()
    return held


def plan_and_reviews(work: Work, interval: timedelta, plan: Taper | None) -> None:
    """A plan agreed in the first weeks, reviewed about every `interval` with the wellbeing
    wheel each time; goals achieved and new ones added as the work goes on."""
    rng, episode, worker = work.rng, work.episode, work.worker
    agreed = work.allocated + work.days(10, 21)
    if agreed >= work.today:
        return
    the_plan = plan_agree(
        episode=episode, agreed_by=worker, agreed_on=agreed, attended="Parent, key worker"
    )
    goals_left = rng.sample(GOALS, len(GOALS))
    goals = []  # (goal, reviews it has been through)

    def add_goal(details) -> None:
        area, parents_words, workers_words = details
        goal = goal_add(
            plan=the_plan,
            added_by=worker,
            details={
                "family_member": "parent",
                "member_name": "",
                "area": area,
                "in_parents_words": parents_words,
                "in_workers_words": workers_words,
                "who_helps": "Key worker",
                "about_ending": details is ENDING_GOAL,
            },
            milestones=[],
        )
        goals.append([goal, 0])

    for _ in range(2):
        add_goal(goals_left.pop())
    _wheel(work, agreed, 0)
    _phq9(work, agreed, 0)
    for n, (on, next_on) in enumerate(review_days(work, agreed, interval), start=1):
        outcomes = {}
        for entry in goals:
            goal, seen = entry
            if seen >= 1 and rng.random() < 0.6:
                outcome = Outcome.ACHIEVED
            else:
                outcome = Outcome.PROGRESSING if rng.random() < 0.8 else Outcome.STUCK
            outcomes[goal.pk] = outcome
            entry[1] += 1
        the_plan.refresh_from_db()
        review_hold(
            plan=the_plan,
            held_by=worker,
            held_on=on,
            attended=rng.choice(["Parent, key worker", "Parent, key worker, social worker"]),
            notes="Went through each goal together; the parent's words are kept in the plan.",
            outcomes=outcomes,
            next_review_on=next_on,
            expected_version=the_plan.version,
        )
        _wheel(work, on, min(n, 4))
        if n == 2:
            _phq9(work, on, 2)
        for goal, _seen in [g for g in goals if outcomes[g[0].pk] == Outcome.ACHIEVED]:
            if rng.random() < 0.5:
                achievement_add(
                    episode=episode,
                    recorded_by=worker,
                    happened_on=on,
                    text=ACHIEVEMENTS[goal.area],
                    goal=goal,
                )
        goals = [g for g in goals if outcomes[g[0].pk] != Outcome.ACHIEVED]
        while len(goals) < 2 and goals_left:
            add_goal(goals_left.pop())
    if plan is not None:
        add_goal(ENDING_GOAL)
