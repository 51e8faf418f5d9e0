"""Places: England's 152 upper-tier local authorities (as in the 2021 national mapping, seed
001) with their regions, and every postcode district in England (with those of Wales and
Scotland) with the authorities its postcodes are in. Read from the data files shipped in the
repository (no network at run time; data/SOURCES.md says where they come from). Pure functions
over plain values."""

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

# Places outside England that the postcode table names, for districts on the border and to answer
# a Welsh or Scottish postcode; and postcode areas wholly outside England, which it leaves out.
NATIONS_IN_TABLE = ("Wales", "Scotland")
AREAS_OUTSIDE_ENGLAND: dict[str, str] = {
    "BT": "Northern Ireland",
    "GY": "Guernsey",
    "JE": "Jersey",
    "IM": "the Isle of Man",
}
# A district with at least this share of its postcodes in one local authority is taken to be in
# it; any other district is offered as a choice of every place it reaches.
MOSTLY = 0.9


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


@dataclass(frozen=True)
class DistrictPart:
    """The postcodes of one postcode district that are in one local authority (`la`), or in
    Wales or Scotland (`nation`, with no `la`)."""

    postcodes: int
    share: float
    la: LocalAuthority | None = None
    nation: str = ""

    @property
    def name(self) -> str:
        return self.la.name if self.la else self.nation

    @property
    def percent(self) -> str:
        whole = round(self.share * 100)
        if whole < 1:
            return "less than 1%"
        return "more than 99%" if whole == 100 and self.share < 1 else f"about {whole}%"


@cache
def postcode_district_parts() -> dict[str, tuple[DistrictPart, ...]]:
    """Every postcode district with a postcode in England, Wales or Scotland, with each place its
    postcodes are in, the largest share first. A place that is neither one of the 152
    authorities nor Wales or Scotland is an error, not a district quietly left out."""
    counts: dict[str, list[tuple[str, int]]] = {}
    with (DATA / "postcode_districts.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            counts.setdefault(row["district"], []).append(
                (row["local_authority"], int(row["postcodes"]))
            )
    table = {}
    for district, places in counts.items():
        total = sum(n for _, n in places)
        parts = []
        for name, n in sorted(places, key=lambda place: -place[1]):
            la = find_local_authority(name)
            if la is None and name not in NATIONS_IN_TABLE:
                raise ValueError(f"postcode_districts.csv: {district} names unknown place {name!r}")
            parts.append(
                DistrictPart(postcodes=n, share=n / total, la=la, nation=name if not la else "")
            )
        table[district] = tuple(parts)
    return table


@cache
def postcode_districts() -> dict[str, LocalAuthority]:
    """Each postcode district mostly in England, mapped to the upper-tier local authority that
    holds most of its postcodes."""
    return {
        district: parts[0].la
        for district, parts in postcode_district_parts().items()
        if parts[0].la is not None
    }


def district_places(district: str) -> tuple[DistrictPart, ...]:
    """The places to offer for a postcode district: the one place that holds at least MOSTLY of
    its postcodes, or else every place it reaches. Empty for a district not in the table."""
    parts = postcode_district_parts().get(district, ())
    return parts[:1] if parts and parts[0].share >= MOSTLY else parts


def district_authorities(district: str) -> list[LocalAuthority]:
    """The English local authorities among a postcode district's places to offer."""
    return [part.la for part in district_places(district) if part.la is not None]


def outward_code(text: str) -> str | None:
    """'m6 5hx' -> 'M6'; 'SW1A' -> 'SW1A'; anything that is not a postcode -> None."""
    match = POSTCODE.match(re.sub(r"\s+", " ", text.strip().upper()))
    return match.group(1) if match else None
