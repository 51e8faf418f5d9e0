"""Reproducible fake people (Faker, en_GB, seeded). Never real people's details."""

import random
from datetime import date, timedelta

from faker import Faker

from alongside.people.choices import ETHNICITY_CHOICES


def nhs_number(rng: random.Random) -> str:
    """A random NHS number that passes the modulus 11 check."""
    while True:
        digits = [rng.randint(0, 9) for _ in range(9)]
        total = sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=False))
        check = 11 - total % 11
        check = 0 if check == 11 else check
        if check != 10:
            return "".join(map(str, digits)) + str(check)


class PeopleFaker:
    def __init__(self, seed: int, today: date):
        self.rng = random.Random(seed)  # nosec B311
        self.fake = Faker("en_GB")
        self.fake.seed_instance(seed)
        self.today = today

    def parent_details(self) -> dict:
        rng, fake = self.rng, self.fake
        born = self.today - timedelta(days=rng.randint(17 * 365, 38 * 365))
        family_name = fake.last_name()
        previous = [f"{fake.first_name_female()} {fake.last_name()}"] if rng.random() < 0.3 else []
        return {
            "given_name": fake.first_name_female()
            if rng.random() < 0.8
            else fake.first_name_male(),
            "family_name": family_name,
            "preferred_name": "",
            "previous_names": previous,
            "date_of_birth": born if rng.random() < 0.97 else None,
            "nhs_number": nhs_number(rng) if rng.random() < 0.7 else "",
            "phone": fake.numerify("07### ######"),
            "email": "",
            "address": fake.street_address(),
            "postcode": fake.postcode(),
            "ethnicity": rng.choices(
                [c for c, _ in ETHNICITY_CHOICES],
                weights=[2, 1, 2, 4, 1, 3, 3, 1, 1, 1, 3, 1, 70, 2, 2, 1, 4, 1, 1, 5, 1],
            )[0],
            "care_experienced": rng.choice(["yes", "yes", "no", "not_known"]),
        }

    def child_name(self) -> str:
        return self.fake.first_name()

    def sentence(self, choices: list[str]) -> str:
        return self.rng.choice(choices)
