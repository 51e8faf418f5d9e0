"""A large synthetic service for the web benchmark, written with bulk inserts.

2,000 parents, 100 workers and 200,000 contacts by default. Every episode runs under the
service's programme (the largest shipped template), on its first pathway, as in a service in
use: a page pays for reading and parsing the programme's definition as it would there. Rows go
straight in (no audit entries for the seeding itself): the benchmark measures reading pages,
not writing seed data.
"""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import AuthenticatorDevice, Organisation, Role, Team, User
from alongside.casework.models import Contact, ContactType, Episode
from alongside.people.models import Parent
from alongside.programmes.loader import load_programme, shipped_templates
from alongside.programmes.models import Programme, ProgrammeVersion
from alongside.referrals.models import Referral
from alongside.synth.people import PeopleFaker

NOTES = [
    "Home visit. Talked about the week and the plan for the housing appointment.",
    "Phone call before family time. Feeling nervous but going.",
    "Went to the GP together. Booked a follow-up for next month.",
    "Outreach: no answer, left a card.",
]


@dataclass
class BenchService:
    organisation: Organisation
    practitioners: list[User]
    managers: list[User]
    analyst: User


def seed_bench_service(
    *,
    parents: int = 2000,
    workers: int = 100,
    contacts: int = 200_000,
    seed: int = 1,
    progress=None,
) -> BenchService:
    rng = random.Random(seed)  # noqa: S311  # nosec B311
    people = PeopleFaker(seed, timezone.localdate())
    today = timezone.localdate()
    password = make_password(None)  # unusable: bench users sign in by prepared sessions
    with transaction.atomic():
        org = Organisation.objects.create(name="Bench service", kind=Organisation.Kind.SERVICE)
        teams = Team.objects.bulk_create(
            Team(organisation=org, name=f"Bench team {i + 1}") for i in range(max(workers // 10, 1))
        )
        users = []
        for i in range(workers):
            role = Role.TEAM_MANAGER if i < len(teams) else Role.PRACTITIONER
            users.append(
                User(
                    username=f"bench-{i + 1}",
                    password=password,
                    organisation=org,
                    team=teams[i % len(teams)],
                    role=role,
                    first_name=people.fake.first_name(),
                    last_name=people.fake.last_name(),
                )
            )
        users.append(
            User(username="bench-analyst", password=password, organisation=org, role=Role.ANALYST)
        )
        users = User.objects.bulk_create(users)
        AuthenticatorDevice.objects.bulk_create(
            AuthenticatorDevice(user=u, name="bench", confirmed=True) for u in users
        )
        managers = [u for u in users if u.role == Role.TEAM_MANAGER]
        practitioners = [u for u in users if u.role == Role.PRACTITIONER]
        analyst = users[-1]

        version = _programme_in_use(org, managers[0])
        pathway = version.spec.pathways[0]
        phase = pathway.phases[len(pathway.phases) // 2]

        parent_rows = []
        for _ in range(parents):
            details = people.parent_details()
            details.pop("previous_names")
            parent_rows.append(Parent(organisation=org, **details))
        parent_rows = Parent.objects.bulk_create(parent_rows, batch_size=500)
        referrals = Referral.objects.bulk_create(
            (
                Referral(
                    organisation=org,
                    parent=p,
                    received_on=today - timedelta(days=400),
                    source="childrens_social_care",
                    parent_agrees=True,
                    reason="Bench referral",
                    status=Referral.Status.ACCEPTED,
                    recorded_by=managers[0],
                )
                for p in parent_rows
            ),
            batch_size=500,
        )
        episodes = []
        for i, (parent, referral) in enumerate(zip(parent_rows, referrals, strict=True)):
            worker = practitioners[i % len(practitioners)]
            episodes.append(
                Episode(
                    organisation=org,
                    team_id=worker.team_id,
                    parent=parent,
                    referral=referral,
                    status=Episode.Status.ACTIVE,
                    key_worker=worker,
                    opened_on=today - timedelta(days=390),
                    allocated_on=today - timedelta(days=385),
                    programme_version=version,
                    pathway=pathway.key,
                    phase=phase.key,
                    phase_since=today - timedelta(days=200),
                )
            )
        episodes = Episode.objects.bulk_create(episodes, batch_size=500)
        kinds = [c for c, _ in ContactType.choices]
        batch: list[Contact] = []
        made = 0
        for n in range(contacts):
            episode = episodes[n % len(episodes)]
            batch.append(
                Contact(
                    episode=episode,
                    happened_on=today - timedelta(days=rng.randint(0, 380)),
                    contact_type=rng.choice(kinds),
                    who_was_there="Parent",
                    duration_minutes=60,
                    notes=rng.choice(NOTES),
                    recorded_by_id=episode.key_worker_id,
                )
            )
            if len(batch) == 5000:
                Contact.objects.bulk_create(batch)
                made += len(batch)
                batch = []
                if progress:
                    progress(made, contacts)
        Contact.objects.bulk_create(batch)
    return BenchService(org, practitioners, managers, analyst)


def _programme_in_use(org: Organisation, adopted_by: User) -> ProgrammeVersion:
    """The largest shipped template, adopted as the service's programme."""
    source = max(
        (path.read_text(encoding="utf-8") for path in shipped_templates().values()), key=len
    )
    spec = load_programme(source)
    programme = Programme.objects.create(
        organisation=org, key=spec.key, name=spec.name, template_key=spec.key, in_use=True
    )
    return ProgrammeVersion.objects.create(
        programme=programme, number=1, source=source, created_by=adopted_by
    )
