"""Places: England's 152 upper-tier local authorities (as in the 2021 national mapping, seed
001) with their regions, and a partial table of postcode districts. Read from the data files
shipped in the repository (no network at run time). Pure functions over plain values."""

import csv
import difflib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

# Table 2's regions in its order, then the places outside England that some services cover.
REGIONS: dict[str, str] = {
    "north_east": "North East",
    "north_west": "North West",
    "yorkshire_and_humber": "Yorkshire and Humber",
    "east_midlands": "East Midlands",
    "west_midlands": "West Midlands",
    "east_of_england": "East of England",
    "london": "London",
    "south_east": "South East",
    "south_west": "South West",
}
OTHER_NATIONS: dict[str, str] = {"wales": "Wales", "northern_ireland": "Northern Ireland"}
ALL_REGIONS: dict[str, str] = {**REGIONS, **OTHER_NATIONS}

# An outward code ('M6', 'SW1A', 'LS6'), alone or at the start of a full postcode.
POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)(?:\s*[0-9][A-Z]{2})?$")


@dataclass(frozen=True)
class LocalAuthority:
    name: str
    slug: str
    region: str
    aliases: tuple[str, ...] = ()

    @property
    def region_name(self) -> str:
        return REGIONS[self.region]


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower().replace("&", " and ")).strip()


@cache
def local_authorities() -> tuple[LocalAuthority, ...]:
    with (DATA / "local_authorities.csv").open(encoding="utf-8", newline="") as f:
        return tuple(
            LocalAuthority(
                name=row["name"],
                slug=row["slug"],
                region=row["region"],
                aliases=tuple(a for a in row["aliases"].split(";") if a),
            )
            for row in csv.DictReader(f)
        )


@cache
def _by_key() -> dict[str, LocalAuthority]:
    found = {}
    for la in local_authorities():
        for name in (la.name, *la.aliases):
            found[_key(name)] = la
    return found


def by_slug(slug: str) -> LocalAuthority | None:
    return next((la for la in local_authorities() if la.slug == slug), None)


def in_region(region: str) -> list[LocalAuthority]:
    return [la for la in local_authorities() if la.region == region]


def find_local_authority(name: str) -> LocalAuthority | None:
    """The local authority called `name` (or a common short name), ignoring case and
    punctuation: 'brighton & hove', 'Hull', 'county durham'."""
    return _by_key().get(_key(name))


def find_region(name: str) -> str | None:
    wanted = _key(name).removeprefix("the ")
    return next((key for key, label in ALL_REGIONS.items() if _key(label) == wanted), None)


def close_matches(name: str, n: int = 3) -> list[LocalAuthority]:
    """Local authorities whose names are close to `name` (a misspelling, a partial name)."""
    key = _key(name)
    if not key:
        return []
    names = _by_key()
    matches = []
    for found in difflib.get_close_matches(key, names.keys(), n=n * 2, cutoff=0.75):
        if names[found] not in matches:
            matches.append(names[found])
    for candidate, la in names.items():
        if len(key) >= 3 and key in candidate and la not in matches:
            matches.append(la)
    return matches[:n]


@cache
def postcode_districts() -> dict[str, LocalAuthority]:
    """A partial table: districts mapped to the local authority covering most of each."""
    with (DATA / "postcode_districts.csv").open(encoding="utf-8", newline="") as f:
        return {
            row["district"]: find_local_authority(row["local_authority"])
            for row in csv.DictReader(f)
        }


def outward_code(text: str) -> str | None:
    """'m6 5hx' -> 'M6'; 'SW1A' -> 'SW1A'; anything that is not a postcode -> None."""
    match = POSTCODE.match(re.sub(r"\s+", " ", text.strip().upper()))
    return match.group(1) if match else None
