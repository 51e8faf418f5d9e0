"""A synthetic, national-shaped care-applications extract with the true person kept aside.

Shape (from the national study of birth mothers in care proceedings): about 15.5% of
mothers have more than one application and their applications are about 29% of all
applications. Each parent on each application is one record (`<application id>:M` or
`<application id>:F`). Records carry the errors real extracts have: typos, surname changes
(with or without the previous name recorded), nicknames, day/month swaps, missing values,
and moves between addresses. Names come from Faker's English-language name lists: no real
person is described.
"""

import datetime as dt
import itertools
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from faker import Faker
from faker.providers.person import en_GB, en_IE, en_NZ, en_US

from . import csv_safe
from .names import SHORT_FORMS

APPLICATION_COLUMNS = [
    "application_id",
    "issue_date",
    "court",
    "local_authority",
    "child_id",
    "child_dob",
    *[
        f"{role}_{name}"
        for role in ("mother", "father")
        for name in (
            "forename",
            "surname",
            "previous_names",
            "dob",
            "postcode",
            "nhs_number",
            "ethnicity",
        )
    ],
    "final_order",
    "final_order_date",
]
BOOKING_COLUMNS = [
    "booking_id",
    "booking_date",
    "expected_due_date",
    "forename",
    "surname",
    "previous_names",
    "dob",
    "postcode",
    "nhs_number",
]
CARE_LEAVER_COLUMNS = ["care_leaver_id", "forename", "surname", "dob", "postcode", "nhs_number"]

ETHNICITIES = [
    ("White British", 0.70),
    ("White Other", 0.06),
    ("Mixed", 0.07),
    ("Asian or Asian British", 0.06),
    ("Black or Black British", 0.06),
    ("Other", 0.02),
    ("Not recorded", 0.03),
]
FINAL_ORDERS = [
    ("Placement order", 0.35),
    ("Care order", 0.30),
    ("Special guardianship order", 0.17),
    ("Supervision order", 0.10),
    ("Child arrangements order", 0.05),
    ("No order", 0.03),
]
# Applications per recurrent mother: mean about 2.25, which with 15.5% recurrent mothers
# puts about 29% of applications on recurrent mothers.
REPEAT_COUNTS = [(2, 0.79), (3, 0.16), (4, 0.04), (5, 0.01)]


@dataclass(frozen=True)
class ErrorProfile:
    """Chance of each kind of error in one record. The default is the benchmark's profile."""

    forename_typo: float = 0.04
    nickname: float = 0.25  # of people whose name has a short form
    surname_typo: float = 0.04
    surname_change: float = 0.15  # per later application, mothers
    previous_name_recorded: float = 0.5
    dob_missing: float = 0.03
    dob_day_month_swap: float = 0.03
    dob_typo: float = 0.03
    postcode_missing: float = 0.08
    move: float = 0.5  # per later application
    nhs_present: float = 0.55
    nhs_typo: float = 0.01
    upper_case: float = 0.15
    father_recorded: float = 0.65
    same_father_again: float = 0.5


@dataclass
class Person:
    person_id: str
    role: str
    forename: str
    surname: str
    dob: dt.date
    nhs_number: str
    ethnicity: str
    local_authority: int
    postcode: str
    previous_surnames: list[str] = field(default_factory=list)


@dataclass
class SyntheticSummary:
    applications: int
    records: int
    mothers: int
    recurrent_mothers: int
    applications_with_recurrent_mother: int
    bookings: int
    care_leavers: int

    @property
    def recurrent_mother_rate(self) -> float:
        return self.recurrent_mothers / max(self.mothers, 1)

    @property
    def recurrent_application_share(self) -> float:
        return self.applications_with_recurrent_mother / max(self.applications, 1)


def _weighted(rng: random.Random, pairs: list[tuple[str, float]]):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def _cumulative(weights: list[float]) -> list[float]:
    return list(itertools.accumulate(weights))


def _name_pool(*lists) -> list[str]:
    seen: dict[str, None] = {}
    for names in lists:
        for name in names:
            seen.setdefault(name, None)
    return list(seen)


def _zipf_weights(count: int) -> list[float]:
    return _cumulative([1.0 / (rank + 10) for rank in range(count)])


def _nhs_number(rng: random.Random) -> str:
    while True:
        digits = [int(d) for d in str(rng.randrange(100_000_000, 1_000_000_000))]
        check = 11 - sum(d * (10 - i) for i, d in enumerate(digits)) % 11
        check = 0 if check == 11 else check
        if check != 10:
            return "".join(map(str, digits)) + str(check)


class _Generator:
    def __init__(self, seed: int, profile: ErrorProfile, authorities: int = 152):
        # A seeded generator makes synthetic data reproducible; nothing here is security.
        self.rng = random.Random(seed)  # noqa: S311  # nosec B311
        self.profile = profile
        faker = Faker("en_GB")
        faker.seed_instance(seed)
        self.female = _name_pool(
            en_GB.Provider.first_names_female,
            en_US.Provider.first_names_female,
            en_IE.Provider.first_names_female,
            en_NZ.Provider.first_names_female,
            [full.title() for full in SHORT_FORMS],
        )
        self.male = _name_pool(
            en_GB.Provider.first_names_male,
            en_US.Provider.first_names_male,
            en_IE.Provider.first_names_male,
            en_NZ.Provider.first_names_male,
        )
        gb_surnames = en_GB.Provider.last_names
        self.surnames = _name_pool(
            gb_surnames.keys() if isinstance(gb_surnames, dict) else gb_surnames,
            en_US.Provider.last_names,
            en_IE.Provider.last_names,
            en_NZ.Provider.last_names,
        )
        self.rng.shuffle(self.female)
        self.rng.shuffle(self.male)
        self.rng.shuffle(self.surnames)
        self.female_w = _zipf_weights(len(self.female))
        self.male_w = _zipf_weights(len(self.male))
        self.surname_w = _zipf_weights(len(self.surnames))
        letters = "ABCDEFGHJKLMNOPRSTUWYZ"
        areas: list[str] = []
        while len(areas) < authorities:
            area = self.rng.choice(letters) + self.rng.choice(letters + " ").strip()
            if area not in areas:
                areas.append(area)
        self.areas = areas
        cities: list[str] = []
        while len(cities) < authorities:
            city = faker.city()
            if city not in cities:
                cities.append(city)
        self.authorities = cities
        self.courts = [f"Family Court at {cities[i]}" for i in range(0, authorities, 4)]
        # Bigger authorities have more applications.
        self.authority_w = _cumulative([self.rng.uniform(0.3, 3.0) for _ in range(authorities)])
        self.count = 0

    def postcode(self, authority: int) -> str:
        rng = self.rng
        inward = f"{rng.randint(0, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        return f"{self.areas[authority]}{rng.randint(1, 30)} {inward}"

    def person(self, role: str, age_years: float, when: dt.date, authority: int) -> Person:
        rng = self.rng
        self.count += 1
        forename = rng.choices(
            self.female if role == "M" else self.male,
            cum_weights=self.female_w if role == "M" else self.male_w,
        )[0]
        dob = when - dt.timedelta(days=int(age_years * 365.25) + rng.randint(0, 364))
        return Person(
            person_id=f"P{self.count:08d}",
            role=role,
            forename=forename,
            surname=rng.choices(self.surnames, cum_weights=self.surname_w)[0],
            dob=dob,
            nhs_number=_nhs_number(rng),
            ethnicity=_weighted(rng, ETHNICITIES),
            local_authority=authority,
            postcode=self.postcode(authority),
        )

    def age_at_first_application(self, role: str) -> float:
        base = 16.0 if role == "M" else 17.0
        return min(base + self.rng.gammavariate(2.2, 4.0 if role == "M" else 5.0), 48.0)

    # --- errors -----------------------------------------------------------------------
    def typo(self, text: str) -> str:
        rng = self.rng
        if len(text) < 3:
            return text
        i = rng.randrange(1, len(text))
        kind = rng.random()
        if kind < 0.35:
            return text[:i] + text[i + 1 :]
        if kind < 0.7:
            return text[:i] + rng.choice("aeiounrst") + text[i + 1 :]
        if kind < 0.85 and i < len(text) - 1:
            return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        return text[:i] + rng.choice("aeilnrs") + text[i:]

    def dob_typo(self, dob: dt.date) -> dt.date:
        """A keying error: one part of the date off by one (or one digit of the day)."""
        rng = self.rng
        for _ in range(10):
            part = rng.random()
            try:
                if part < 0.35:
                    return dob.replace(year=dob.year + rng.choice([-1, 1]))
                if part < 0.6:
                    return dob.replace(month=dob.month + rng.choice([-1, 1]))
                if part < 0.8:
                    return dob + dt.timedelta(days=rng.choice([-1, 1]))
                return dob.replace(day=dob.day + rng.choice([-10, 10]))
            except ValueError:
                continue
        return dob + dt.timedelta(days=1)

    def recorded(self, person: Person, later: bool) -> dict[str, str]:
        """One appearance of the person in an extract, with errors."""
        rng, p = self.rng, self.profile
        forename = person.forename
        short = SHORT_FORMS.get(forename.lower())
        if short and rng.random() < p.nickname:
            forename = rng.choice(short).title()
        elif rng.random() < p.forename_typo:
            forename = self.typo(forename)
        surname = person.surname
        if rng.random() < p.surname_typo:
            surname = self.typo(surname)
        previous = ""
        if person.previous_surnames and rng.random() < p.previous_name_recorded:
            previous = "; ".join(person.previous_surnames)
        dob: str = person.dob.isoformat()
        roll = rng.random()
        if roll < p.dob_missing:
            dob = ""
        elif roll < p.dob_missing + p.dob_day_month_swap and person.dob.day <= 12:
            dob = dt.date(person.dob.year, person.dob.day, person.dob.month).isoformat()
        elif roll < p.dob_missing + p.dob_day_month_swap + p.dob_typo:
            dob = self.dob_typo(person.dob).isoformat()
        postcode = "" if rng.random() < p.postcode_missing else person.postcode
        nhs = person.nhs_number if rng.random() < p.nhs_present else ""
        if nhs and rng.random() < p.nhs_typo:
            i = rng.randrange(10)
            nhs = nhs[:i] + str((int(nhs[i]) + 1) % 10) + nhs[i + 1 :]
        if rng.random() < p.upper_case:
            forename, surname = forename.upper(), surname.upper()
        return {
            "forename": forename,
            "surname": surname,
            "previous_names": previous,
            "dob": dob,
            "postcode": postcode,
            "nhs_number": nhs,
            "ethnicity": person.ethnicity,
        }

    def life_events(self, person: Person) -> None:
        """Between applications people move and (mothers) sometimes change surname."""
        rng, p = self.rng, self.profile
        if rng.random() < p.move:
            if rng.random() < 0.15:
                person.local_authority = rng.choices(
                    range(len(self.authorities)), cum_weights=self.authority_w
                )[0]
            person.postcode = self.postcode(person.local_authority)
        if person.role == "M" and rng.random() < p.surname_change:
            person.previous_surnames.append(person.surname)
            person.surname = rng.choices(self.surnames, cum_weights=self.surname_w)[0]


def _random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def generate_applications(
    out_dir: Path | str,
    records: int,
    seed: int = 2026,
    profile: ErrorProfile | None = None,
    start: dt.date = dt.date(2016, 1, 1),
    end: dt.date = dt.date(2024, 12, 31),
    progress: Callable[[str, int, int], None] | None = None,
) -> SyntheticSummary:
    """Write applications.csv, truth.csv, midwifery_bookings.csv and care_leavers.csv.

    `records` is the number of parent records wanted (each parent on each application is
    one record); the extract stops at the first application that reaches it.
    truth.csv (record_key, person_id) holds the true person for every record in every file.
    """
    if records < 1:
        raise ValueError("records must be at least 1")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    gen = _Generator(seed, profile or ErrorProfile())
    rng, p = gen.rng, gen.profile
    span_days = (end - start).days
    apps: list[dict[str, str]] = []
    truth: list[tuple[str, str]] = []  # filled with temporary keys, renamed after shuffling
    mother_apps: dict[str, int] = {}
    record_count = 0
    future_mothers: list[tuple[Person, dt.date]] = []
    care_leaver_people: list[Person] = []
    while record_count < records:
        authority = rng.choices(range(len(gen.authorities)), cum_weights=gen.authority_w)[0]
        wanted = 1 if rng.random() >= 0.17 else _weighted(rng, REPEAT_COUNTS)
        # A parent with several applications started early enough for them to fall inside.
        latest_start = max(span_days - 700 * (wanted - 1), 0)
        first_issue = start + dt.timedelta(days=rng.randint(0, latest_start))
        mother = gen.person("M", gen.age_at_first_application("M"), first_issue, authority)
        if (first_issue - mother.dob).days < 25 * 365 and rng.random() < 0.15:
            care_leaver_people.append(mother)
        issue = first_issue
        father: Person | None = None
        made = 0
        for index in range(wanted):
            if issue > end:
                break
            if index:
                gen.life_events(mother)
            if rng.random() < p.father_recorded:
                if father is None or rng.random() >= p.same_father_again:
                    father = gen.person(
                        "F",
                        max((issue - mother.dob).days / 365.25 + rng.gauss(3, 4), 16.5),
                        issue,
                        mother.local_authority,
                    )
                elif index:
                    gen.life_events(father)
                on_app: Person | None = father
            else:
                on_app = None
            months = rng.randint(6, 16)
            final_date = issue + dt.timedelta(days=int(months * 30.4))
            child_dob = (
                issue - dt.timedelta(days=rng.randint(0, 20))
                if rng.random() < 0.45
                else _random_date(
                    rng,
                    max(
                        mother.dob + dt.timedelta(days=16 * 365),
                        issue - dt.timedelta(days=12 * 365),
                    ),
                    issue,
                )
            )
            key = f"tmp{len(apps)}"
            row = {
                "application_id": key,
                "issue_date": issue.isoformat(),
                "court": gen.courts[mother.local_authority // 4],
                "local_authority": gen.authorities[mother.local_authority],
                "child_id": "",
                "child_dob": child_dob.isoformat(),
                "final_order": _weighted(rng, FINAL_ORDERS) if final_date <= end else "",
                "final_order_date": final_date.isoformat() if final_date <= end else "",
            }
            for prefix, person in (("mother", mother), ("father", on_app)):
                if person is None:
                    for name in (
                        "forename",
                        "surname",
                        "previous_names",
                        "dob",
                        "postcode",
                        "nhs_number",
                        "ethnicity",
                    ):
                        row[f"{prefix}_{name}"] = ""
                    continue
                for name, value in gen.recorded(person, later=index > 0).items():
                    row[f"{prefix}_{name}"] = value
                truth.append((f"{key}:{person.role}", person.person_id))
                record_count += 1
            apps.append(row)
            made += 1
            # Birth spacing: the next application often follows soon after the final order.
            gap_days = int(rng.gammavariate(2.0, 260)) + 60
            issue = final_date + dt.timedelta(days=gap_days)
            if record_count >= records:
                break
        mother_apps[mother.person_id] = made
        if made and rng.random() < 0.04:
            future_mothers.append((mother, issue))
        if progress and len(apps) % 20000 < made:
            progress("generate", min(record_count, records), records)

    # Shuffle so that application ids say nothing about who is who.
    order = list(range(len(apps)))
    rng.shuffle(order)
    new_id = {f"tmp{old}": f"A{new + 1:07d}" for new, old in enumerate(order)}
    apps_sorted = [apps[old] for old in order]
    for number, row in enumerate(apps_sorted, start=1):
        row["application_id"] = new_id[row["application_id"]]
        row["child_id"] = f"C{number:07d}"
    truth = [(new_id[key.split(":")[0]] + key[-2:], person) for key, person in truth]

    bookings, booking_truth = _bookings(gen, future_mothers, end)
    leavers, leaver_truth = _care_leavers(gen, care_leaver_people)

    _write_csv(out / "applications.csv", APPLICATION_COLUMNS, apps_sorted)
    _write_csv(out / "midwifery_bookings.csv", BOOKING_COLUMNS, bookings)
    _write_csv(out / "care_leavers.csv", CARE_LEAVER_COLUMNS, leavers)
    with (out / "truth.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv_safe.writer(handle)
        writer.writerow(["record_key", "person_id"])
        writer.writerows(sorted(truth) + booking_truth + leaver_truth)
    if progress:
        progress("generate", records, records)
    recurrent = [count for count in mother_apps.values() if count > 1]
    summary = SyntheticSummary(
        applications=len(apps),
        records=record_count,
        mothers=len(mother_apps),
        recurrent_mothers=len(recurrent),
        applications_with_recurrent_mother=sum(recurrent),
        bookings=len(bookings),
        care_leavers=len(leavers),
    )
    facts = dict(vars(summary), seed=seed)
    facts["recurrent_mother_rate"] = round(summary.recurrent_mother_rate, 4)
    facts["recurrent_application_share"] = round(summary.recurrent_application_share, 4)
    (out / "truth_summary.json").write_text(json.dumps(facts, indent=1))
    return summary


def _bookings(
    gen: _Generator, future_mothers: list[tuple[Person, dt.date]], end: dt.date
) -> tuple[list[dict[str, str]], list[tuple[str, str]]]:
    """Midwifery bookings for the coming year: some mothers already known, most not."""
    rng = gen.rng
    rows, truth = [], []
    booked_from = end + dt.timedelta(days=1)
    strangers = [
        gen.person("M", rng.uniform(17, 40), booked_from, rng.randrange(len(gen.authorities)))
        for _ in range(len(future_mothers) * 3)
    ]
    people = [m for m, _ in future_mothers] + strangers
    rng.shuffle(people)
    for number, person in enumerate(people, start=1):
        gen.life_events(person)
        booking = _random_date(rng, booked_from, booked_from + dt.timedelta(days=180))
        key = f"B{number:06d}"
        row = {"booking_id": key, "booking_date": booking.isoformat()}
        row["expected_due_date"] = (booking + dt.timedelta(days=rng.randint(150, 200))).isoformat()
        recorded = gen.recorded(person, later=True)
        row.update({k: v for k, v in recorded.items() if k in BOOKING_COLUMNS})
        rows.append(row)
        truth.append((f"{key}:B", person.person_id))
    return rows, truth


def _care_leavers(
    gen: _Generator, known: list[Person]
) -> tuple[list[dict[str, str]], list[tuple[str, str]]]:
    rng = gen.rng
    strangers = [
        gen.person(
            "M", rng.uniform(16, 25), dt.date(2024, 6, 1), rng.randrange(len(gen.authorities))
        )
        for _ in range(len(known))
    ]
    people = known + strangers
    rng.shuffle(people)
    rows, truth = [], []
    for number, person in enumerate(people, start=1):
        key = f"L{number:06d}"
        recorded = gen.recorded(person, later=False)
        row = {"care_leaver_id": key}
        row.update({k: v for k, v in recorded.items() if k in CARE_LEAVER_COLUMNS})
        rows.append(row)
        truth.append((f"{key}:L", person.person_id))
    return rows, truth


def _write_csv(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv_safe.dict_writer(handle, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
