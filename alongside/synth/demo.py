"""A synthetic demo service: one service, three teams, ten workers, about 60 parents at
different stages (referred, declined, waiting, active with contacts, closed). The work with
each allocated parent (path, contacts, plan and reviews, proceedings, tapered ending) is shaped
in `alongside.synth.work` to look like a real service on the day the demo is loaded."""

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import Organisation, Role, Team, User
from alongside.accounts.services import (
    authenticator_create_confirmed,
    backup_codes_issue,
    user_create,
)
from alongside.casework.couples import joint_contact_record
from alongside.casework.groups import (
    group_attendance_set,
    group_create,
    group_session_record,
    peer_mentor_start,
)
from alongside.casework.models import ContactType, Episode
from alongside.casework.onward import onward_referral_record, onward_referral_update
from alongside.casework.services import (
    contact_record,
    episode_add_co_worker,
    episode_allocate,
)
from alongside.people.choices import ChildLegalStatus
from alongside.people.services import (
    child_add,
    child_status_change,
    parent_update,
    pregnancy_end,
    pregnancy_record,
    relationship_record,
)
from alongside.portal.selectors import invitation_by_token
from alongside.portal.services import (
    email_device_start,
    invitation_accept,
    invitation_issue,
    parent_second_factor_confirm,
)
from alongside.programmes.services import programme_adopt
from alongside.referrals.models import ReferralSource
from alongside.referrals.services import referral_accept, referral_create, referral_decline
from alongside.sharing.services import consent_record

from . import work as demo_work
from .people import PeopleFaker
from .work import Work, pathway_for

SERVICE_NAME = "Northbrook Breaking the Cycle (demo)"
PARTNER_NAME = "Northbrook Children's Services (demo)"
TEAM_NAMES = ["Adult pathway", "Parenting pathway", "Pregnancy pathway"]
DEMO_PASSWORD = "demo-password-not-secret"  # noqa: S105  # nosec B105


@dataclass
class DemoLogin:
    username: str
    role: str
    name: str
    backup_codes: list[str] = field(default_factory=list)


def demo_exists() -> bool:
    return Organisation.objects.filter(name=SERVICE_NAME).exists()


def real_users() -> int:
    """How many users are not synthetic: anyone outside the demo's two organisations (a
    superuser made with createsuperuser included)."""
    return User.objects.exclude(organisation__name__in=[SERVICE_NAME, PARTNER_NAME]).count()


@transaction.atomic
def build_demo_service(*, seed: int = 2026, parents: int = 60, today: date | None = None) -> None:
    today = today or timezone.localdate()
    people = PeopleFaker(seed, today)
    rng = people.rng
    service = Organisation.objects.create(name=SERVICE_NAME, kind=Organisation.Kind.SERVICE)
    partner = Organisation.objects.create(name=PARTNER_NAME, kind=Organisation.Kind.PARTNER)
    teams = [Team.objects.create(organisation=service, name=name) for name in TEAM_NAMES]

    def staff(username: str, role: Role, team=None, org=service) -> User:
        first, last = people.fake.first_name(), people.fake.last_name()
        user = user_create(
            username=username,
            password=DEMO_PASSWORD,
            organisation=org,
            role=role,
            team=team,
            first_name=first,
            last_name=last,
            email=f"{username}@example.org",
        )
        authenticator_create_confirmed(user=user)
        backup_codes_issue(user=user)
        return user

    manager = staff("demo-service-manager", Role.SERVICE_MANAGER)
    manager.is_data_protection_lead = True
    manager.save(update_fields=["is_data_protection_lead"])
    team_managers = [staff("demo-team-manager", Role.TEAM_MANAGER, teams[0])] + [
        staff(f"team-manager-{i}", Role.TEAM_MANAGER, teams[i - 1]) for i in (2, 3)
    ]
    practitioners = [staff("demo-practitioner", Role.PRACTITIONER, teams[0])] + [
        staff(f"practitioner-{i}", Role.PRACTITIONER, teams[(i - 1) % 3]) for i in range(2, 7)
    ]
    partner_user = staff("demo-partner", Role.PARTNER, org=partner)
    partner_user.job_title = "Social worker"
    partner_user.save(update_fields=["job_title"])
    staff("demo-analyst", Role.ANALYST)
    programme = programme_adopt(
        organisation=service, template_key="breaking-the-cycle", adopted_by=manager
    )
    spec = programme.current_version().spec
    staff("demo-administrator", Role.ADMINISTRATOR)

    load = {p.pk: 0 for p in practitioners}
    stages = ["awaiting"] * 8 + ["declined"] * 3 + ["waiting"] * 6 + ["closed"] * 7
    stages += ["active"] * max(parents - len(stages), 0)
    stages = stages[:parents]
    places = {"active": 0, "closed": 0}
    tally = Counter()
    for index, stage in enumerate(stages):
        details = people.parent_details()
        received = today - timedelta(
            days=rng.randint(5, 40)
            if stage in {"awaiting", "declined", "waiting"}
            else rng.randint(60, 500)
        )
        referral = referral_create(
            organisation=service,
            recorded_by=rng.choice(team_managers),
            parent_details=details,
            referral_details={
                "received_on": received,
                "source": rng.choice([s for s, _ in ReferralSource.choices]),
                "referrer_name": people.fake.name(),
                "referrer_organisation": PARTNER_NAME,
                "referrer_contact": people.fake.numerify("0161 ### ####"),
                "parent_agrees": stage != "awaiting" or rng.random() < 0.7,
                "reason": "Two children previously placed for adoption. Wants support to rebuild after proceedings.",
            },
        )
        parent = referral.parent
        statuses = []
        for _ in range(rng.randint(1, 3)):
            born = today - timedelta(days=rng.randint(200, 4000))
            status = rng.choice(
                [
                    ChildLegalStatus.ADOPTED,
                    ChildLegalStatus.SGO,
                    ChildLegalStatus.LONG_TERM_FOSTER,
                    ChildLegalStatus.AT_HOME_CIN,
                    ChildLegalStatus.IN_PROCEEDINGS,
                ]
            )
            statuses.append(status)
            child_add(
                parent=parent,
                added_by=manager,
                details={
                    "given_name": people.child_name(),
                    "date_of_birth": born,
                    "legal_status": status,
                },
            )
        pregnant, baby_born, baby_status = _demo_pregnancies(parent, manager, index, today)
        if baby_status:
            statuses.append(baby_status)
        if stage == "awaiting":
            continue
        decided = received + timedelta(days=rng.randint(1, 4))
        if stage == "declined":
            referral_decline(
                referral=referral,
                decided_by=manager,
                decided_on=decided,
                note="Lives outside the area. Consultation offered to the referring social worker.",
            )
            continue
        team = teams[index % len(teams)]
        episode = referral_accept(
            referral=referral, team=team, decided_by=manager, decided_on=decided
        )
        if stage == "waiting":
            continue
        # Each case goes to the team's least-loaded practitioner, so caseloads stay realistic.
        workers = [p for p in practitioners if p.team_id == team.pk]
        worker = min(workers, key=lambda p: (load[p.pk], p.pk))
        load[worker.pk] += 1
        allocated = decided + timedelta(days=rng.randint(3, 20))
        episode = episode_allocate(
            episode=episode,
            worker=worker,
            allocated_by=manager,
            allocated_on=allocated,
            # The demo fills caseloads past the cap on purpose, so the warning can be seen.
            over_cap_reason="Demo service: more parents than the team has room for",
        )
        # The parent's own random stream from here on: the work with one parent does not
        # shift the people generated after them.
        work = Work(
            episode=episode,
            worker=worker,
            manager=manager,
            allocated=allocated,
            today=today,
            rng=random.Random(seed * 100_003 + index),  # nosec B311
            place=places[stage],
            tally=tally,
        )
        places[stage] += 1
        pathway = pathway_for(statuses, pregnant, baby_born, allocated)
        if stage == "closed":
            ended = demo_work.closing_day(work)
            demo_work.path(work, spec, pathway, baby_born, until=ended)
            demo_work.closed_work(work, ended)
            continue
        demo_work.path(work, spec, pathway, baby_born, until=today)
        if ChildLegalStatus.IN_PROCEEDINGS in statuses:
            demo_work.proceedings(work)
        taper = demo_work.taper(work)
        demo_work.open_work_contacts(work, taper)
        demo_work.plan_and_reviews(work, timedelta(weeks=spec.review_every_weeks), taper)
        if index % 4 == 0:
            # Some parents agree to share their contacts with the children's social worker.
            consent_record(
                parent=episode.parent,
                recorded_by=worker,
                organisation=partner,
                categories=["engagement", "contacts"],
                purpose="Planning family time with the child's social worker",
                starts_on=allocated,
                how_given="signed",
            )
    _demo_onward_and_groups(service, manager, today)
    _demo_couple(manager, today)
    _demo_parent_space(practitioners[0])


def _demo_pregnancies(
    parent, recorded_by, index: int, today: date
) -> tuple[bool, date | None, str]:
    """Some births (a baby on a child protection plan moving to child in need; a baby in
    proceedings then in foster care; a baby born in the last fortnight), one miscarriage, and
    some current pregnancies (one or two near term), with pre-birth assessments. Chosen by the
    parent's place in the list, not the random stream, so the rest of the demo stays as it was.
    Returns whether the parent is pregnant, the baby's birthday and where the baby lives now."""
    kind = index % 10
    if kind not in (1, 3, 5, 7, 9) or (kind == 5 and index != 5):
        return False, None, ""
    if kind == 1:  # a current pregnancy, the pre-birth assessment under way
        pregnancy_record(
            parent=parent,
            recorded_by=recorded_by,
            details={
                "confirmed_on": today - timedelta(days=90 + index),
                "due_date": today + timedelta(days=(40 if index // 10 % 2 else 120) + index),
                "booked_with_midwifery_on": today - timedelta(days=70 + index),
                "pre_birth_assessment": "under_way",
            },
        )
        return True, None, ""
    born = today - timedelta(days=4 + index % 9 if kind == 9 else 120 + 3 * index)
    pregnancy = pregnancy_record(
        parent=parent,
        recorded_by=recorded_by,
        details={
            "confirmed_on": born - timedelta(days=230),
            "due_date": born + timedelta(days=4),
            "booked_with_midwifery_on": born - timedelta(days=215),
            "pre_birth_assessment": "proceedings" if kind == 7 else "child_protection",
            "pre_birth_assessment_on": born - timedelta(days=40),
        },
    )
    if kind == 5:  # one miscarriage, recorded gently
        pregnancy_end(
            pregnancy=pregnancy,
            recorded_by=recorded_by,
            outcome="miscarriage",
            outcome_on=born - timedelta(days=180),
        )
        return False, None, ""
    at_birth = ChildLegalStatus.IN_PROCEEDINGS if kind == 7 else ChildLegalStatus.AT_HOME_CP
    baby = pregnancy_end(
        pregnancy=pregnancy,
        recorded_by=recorded_by,
        outcome="birth",
        outcome_on=born,
        baby={
            "given_name": ["Ivy", "Noah", "Maya", "Leo", "Ava", "Alfie"][index % 6],
            "legal_status": at_birth,
            "order_sought": "care_order",
            "source": "social_care",
        },
    ).child
    if kind == 9:  # born in the last fortnight, at home on a child protection plan
        return False, born, at_birth
    now = ChildLegalStatus.AT_HOME_CIN if kind == 3 else ChildLegalStatus.FOSTER_CARE
    child_status_change(
        child=baby,
        recorded_by=recorded_by,
        status=now,
        on=born + timedelta(days=90 if kind == 3 else 14),
        source="social_care" if kind == 3 else "court",
    )
    return False, born, now


PARENT_USERNAME = "demo-parent"


def _demo_parent_space(worker: User) -> None:
    """One parent of the demo practitioner has their own space, with a consent to look at and
    stop. They sign in as demo-parent; their security code comes by email, which the demo
    prints in its terminal."""
    episode = (
        Episode.objects.filter(
            key_worker=worker,
            closed_on__isnull=True,
            plan__isnull=False,
            parent__consents__isnull=False,
        )
        .order_by("pk")
        .first()
    )
    if episode is None:
        return
    parent = episode.parent
    parent.email = f"{PARENT_USERNAME}@example.org"
    parent.save(update_fields=["email"])
    invitation = invitation_by_token(invitation_issue(parent=parent, issued_by=worker))
    user = invitation_accept(
        invitation=invitation, username=PARENT_USERNAME, password=DEMO_PASSWORD
    )
    parent_second_factor_confirm(device=email_device_start(user=user), parent=parent)


def demo_logins() -> list[DemoLogin]:
    users = User.objects.filter(username__startswith="demo-").order_by("username")
    return [
        # Backup codes are stored only as digests, so fresh ones are issued each time.
        DemoLogin(
            u.username,
            u.get_role_display(),
            u.display_name,
            [] if u.role == Role.PARENT else backup_codes_issue(user=u),
        )
        for u in users
    ]


DEMO_ONWARD = [
    ("housing", "Housing options team", "attended"),
    ("mental_health", "Talking therapies", "waiting"),
    ("benefits_debt", "Citizens Advice debt clinic", "attended"),
    ("domestic_abuse", "Independent domestic violence adviser service", "did_not_attend"),
    ("education_work", "Adult learning service", "declined"),
    ("substance_misuse", "Community drug and alcohol team", "closed"),
]


def _demo_onward_and_groups(service, manager, today: date) -> None:
    """Onward referrals with first appointments and outcomes, a group with sessions and who
    came, and a peer mentor. Chosen by position, not the random stream, so the rest of the
    demo stays as it was."""
    active = list(
        Episode.objects.filter(organisation=service, status=Episode.Status.ACTIVE)
        .select_related("parent", "key_worker")
        .order_by("pk")
    )
    for n, episode in enumerate(active[::3]):
        kind, name, outcome = DEMO_ONWARD[n % len(DEMO_ONWARD)]
        referred_on = max(episode.opened_on, today - timedelta(days=40))
        referral = onward_referral_record(
            episode=episode,
            kind=kind,
            service_name=name,
            referred_on=referred_on,
            notes="Referred with the parent's agreement; we went through the form together.",
            recorded_by=episode.key_worker,
        )
        if outcome != "waiting":
            onward_referral_update(
                referral=referral,
                first_appointment_on=min(referred_on + timedelta(days=14), today),
                outcome=outcome,
                updated_by=episode.key_worker,
            )
    group = group_create(
        organisation=service,
        name="Tuesday women's group",
        description="A weekly group for mothers the service works with: peer support, "
        "cooking together and time to talk.",
        created_by=manager,
    )
    attendees = [e for e in active if e.opened_on <= today - timedelta(days=21)][:8]
    for weeks_ago in (3, 2, 1):
        session = group_session_record(
            group=group,
            held_on=today - timedelta(days=7 * weeks_ago),
            facilitators=[attendees[0].key_worker] if attendees else [manager],
            external_facilitators="A peer mentor",
            recorded_by=manager,
        )
        came = attendees[weeks_ago - 1 :: 2]
        group_attendance_set(session=session, attended=came, among=attendees, recorded_by=manager)
    ended = (
        Episode.objects.filter(organisation=service, status=Episode.Status.CLOSED)
        .order_by("pk")
        .first()
    )
    if ended is not None:
        peer_mentor_start(
            parent=ended.parent,
            started_on=max(ended.closed_on, today - timedelta(days=30)),
            description="Co-facilitates the Tuesday women's group",
            recorded_by=manager,
        )


def _demo_couple(manager, today: date) -> None:
    """Two of the parents, a father and a mother, worked with as a couple: a relationship, one
    joint contact on both timelines, and an individual contact on each parent's own record.
    The father's key worker co-works with the mother, so one worker sees both."""
    episodes = list(
        Episode.objects.filter(
            organisation_id=manager.organisation_id,
            status=Episode.Status.ACTIVE,
            opened_on__lte=today - timedelta(days=30),
        )
        .select_related("parent", "key_worker")
        .order_by("pk")[:2]
    )
    if len(episodes) < 2:
        return
    father, mother = episodes
    worker = father.key_worker
    for episode, details in (
        (father, {"given_name": "Daniel", "family_name": "Okafor-Reid", "sex": "male"}),
        (mother, {"given_name": "Leah", "family_name": "Marsh", "sex": "female"}),
    ):
        parent_update(
            parent=episode.parent,
            updated_by=manager,
            details={**details, "gender_same_as_sex": "yes"},
            reason="Demo: a couple worked with together",
        )
        episode.parent.refresh_from_db()
    if mother.key_worker_id != worker.pk:
        episode_add_co_worker(
            episode=mother,
            worker=worker,
            added_by=manager,
            started_on=today - timedelta(days=25),
        )
    relationship_record(
        parent=father.parent,
        partner=mother.parent,
        kind="partners",
        started_on=today - timedelta(days=1500),
        recorded_by=worker,
    )
    joint_contact_record(
        episode=father,
        partner_episode=mother,
        recorded_by=worker,
        happened_on=today - timedelta(days=3),
        contact_type=ContactType.HOME_VISIT,
        who_was_there="Daniel and Leah",
        duration_minutes=90,
        notes="Met Daniel and Leah together at home. Planned how they will prepare for family "
        "time with their son.",
    )
    for episode, notes in (
        (father, "Phone call: Daniel talked about the anger management course he has started."),
        (mother, "Phone call: Leah talked about her own health and her GP appointment."),
    ):
        contact_record(
            episode=episode,
            recorded_by=worker,
            happened_on=today - timedelta(days=2),
            contact_type=ContactType.PHONE,
            who_was_there=episode.parent.given_name,
            duration_minutes=30,
            notes=notes,
        )
