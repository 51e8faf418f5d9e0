"""`alongside bench-matching`: how long matching one new referral against the service's
existing parents takes (blocking queries plus scoring), at 50,000 parents by default.

Prints the median and slowest of the runs, and the target (under 1 second)."""

import random
import statistics
import time
from datetime import date, timedelta

from django.core.management.base import BaseCommand
from django.db import transaction

from alongside.accounts.models import Organisation
from alongside.people.models import Parent, PreviousName
from alongside.referrals.selectors import likely_matches_for_parent

GIVEN = [
    "Amy",
    "Beth",
    "Chloe",
    "Dana",
    "Ellie",
    "Faye",
    "Gemma",
    "Holly",
    "Jade",
    "Kayla",
    "Laura",
    "Megan",
    "Nicola",
    "Paige",
    "Rachel",
    "Sophie",
    "Tasha",
    "Vicky",
    "Zoe",
    "Leah",
]
FAMILY = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Patel",
    "Wright",
    "Walker",
    "Evans",
    "Thomas",
    "Roberts",
    "Khan",
    "Hughes",
    "Green",
    "Lewis",
    "Wood",
    "Harris",
    "Clarke",
    "Martin",
    "Jackson",
    "Hall",
    "Ahmed",
    "Ward",
]


def _postcode(rng: random.Random) -> str:
    return f"NB{rng.randint(1, 30)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"


class Command(BaseCommand):
    help = "Benchmark matching a new referral against existing parents (see `make bench`)."

    def add_arguments(self, parser):
        parser.add_argument("--parents", type=int, default=50_000)
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("--seed", type=int, default=15)

    def handle(self, *args, parents: int, runs: int, seed: int, **options):
        # Synthetic data, not secrets.
        rng = random.Random(seed)  # noqa: S311  # nosec B311
        service = Organisation.objects.create(name=f"Bench matching {seed}", kind="service")
        started = time.perf_counter()
        with transaction.atomic():
            batch = []
            for i in range(parents):
                batch.append(
                    Parent(
                        organisation=service,
                        given_name=rng.choice(GIVEN),
                        family_name=rng.choice(FAMILY) + ("" if i % 3 else f"-{i % 97}"),
                        date_of_birth=date(1980, 1, 1) + timedelta(days=rng.randint(0, 9000)),
                        postcode=_postcode(rng) if rng.random() < 0.8 else "",
                        nhs_number="",
                    )
                )
                if len(batch) == 5000:
                    Parent.objects.bulk_create(batch)
                    batch = []
            Parent.objects.bulk_create(batch)
            ids = list(Parent.objects.filter(organisation=service).values_list("pk", flat=True))
            PreviousName.objects.bulk_create(
                PreviousName(parent_id=pk, name=f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}")
                for pk in rng.sample(ids, len(ids) // 10)
            )
        self.stdout.write(f"Seeded {parents:,} parents in {time.perf_counter() - started:.1f} s")
        timings, found = [], []
        for _ in range(runs):
            # A new referral: an existing parent referred again with a new surname and a typo'd
            # postcode, as the referral form would make it.
            known = Parent.objects.get(pk=rng.choice(ids))
            new = Parent.objects.create(
                organisation=service,
                given_name=known.given_name,
                family_name=rng.choice(FAMILY),
                date_of_birth=known.date_of_birth,
                postcode=known.postcode,
            )
            PreviousName.objects.create(parent=new, name=f"{known.given_name} {known.family_name}")
            t0 = time.perf_counter()
            matches = likely_matches_for_parent(new)
            timings.append(time.perf_counter() - t0)
            found.append(any(p.pk == known.pk for p, _ in matches))
            new.previous_names.all().delete()
            new.delete()
        median, worst = statistics.median(timings), max(timings)
        self.stdout.write(
            f"Matching one new referral against {parents:,} parents ({runs} runs): "
            f"median {median * 1000:.0f} ms, slowest {worst * 1000:.0f} ms "
            f"(target: under 1000 ms) {'PASS' if worst < 1 else 'FAIL'}"
        )
        self.stdout.write(
            f"The earlier record was among the likely matches in {sum(found)}/{runs} runs"
        )
