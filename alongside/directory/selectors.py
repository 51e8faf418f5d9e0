"""Reads of the directory: what exists for a place, search, coverage against seed 001's
tables, and the open-data rows."""

import csv
import re
from dataclasses import dataclass, field

from django.db.models import Q

from .geography import (
    ALL_REGIONS,
    AREAS_OUTSIDE_ENGLAND,
    DATA,
    OTHER_NATIONS,
    REGIONS,
    LocalAuthority,
    close_matches,
    district_places,
    find_local_authority,
    find_region,
    in_region,
    outward_code,
)
from .models import DirectoryService, ServiceModel, Status

RECURRENT_CARE = (ServiceModel.PAUSE, ServiceModel.LOCALLY_DEVELOPED)
OPEN = (Status.ACTIVE, Status.IN_DEVELOPMENT, Status.NOT_KNOWN)


def all_services():
    return DirectoryService.objects.prefetch_related("areas").order_by("name")


def service_by_slug(slug: str) -> DirectoryService | None:
    return all_services().filter(slug=slug).first()


@dataclass
class Place:
    """What the directory lists for one local authority."""

    la: LocalAuthority
    services: list = field(default_factory=list)  # recurrent care services named for it
    regional: list = field(default_factory=list)  # services for its region, areas not named
    fdac: list = field(default_factory=list)
    fdac_regional: list = field(default_factory=list)
    other: list = field(default_factory=list)  # wider programmes, Family Safeguarding
    closed: list = field(default_factory=list)
    national: list = field(default_factory=list)
    elsewhere_in_region: list = field(default_factory=list)

    @property
    def has_service(self) -> bool:
        return bool(self.services)


def place(la: LocalAuthority) -> Place:
    found = Place(la=la)
    named = all_services().filter(areas__local_authority=la.slug).distinct()
    for service in named:
        if service.status == Status.CLOSED:
            found.closed.append(service)
        elif service.model in RECURRENT_CARE:
            found.services.append(service)
        elif service.model == ServiceModel.FDAC:
            found.fdac.append(service)
        else:
            found.other.append(service)
    named_pks = {s.pk for s in named}
    regional = [
        s
        for s in all_services().exclude(status=Status.CLOSED)
        if la.region in s.regions and s.pk not in named_pks
    ]
    for service in regional:
        (found.fdac_regional if service.model == ServiceModel.FDAC else found.regional).append(
            service
        )
    found.national = list(
        all_services()
        .filter(scope="national", model__in=(*RECURRENT_CARE, ServiceModel.FDAC))
        .exclude(status=Status.CLOSED)
    )
    others = {s.pk for s in found.services}
    neighbours = [other.slug for other in in_region(la.region) if other.slug != la.slug]
    found.elsewhere_in_region = [
        s
        for s in all_services()
        .filter(areas__local_authority__in=neighbours, model__in=RECURRENT_CARE, status__in=OPEN)
        .distinct()
        if s.pk not in others
    ]
    return found


@dataclass
class SearchResult:
    query: str
    la: LocalAuthority | None = None
    region: str | None = None
    district: str | None = None
    parts: list = field(default_factory=list)  # a district's places, where it has several
    suggestions: list = field(default_factory=list)
    services: list = field(default_factory=list)
    message: str = ""


def search(query: str) -> SearchResult:
    """A local authority (or its short name), a postcode district or a region. An unknown name
    gets close matches, never an empty answer."""
    query = " ".join(query.split())[:100]
    result = SearchResult(query=query)
    if not query:
        return result
    la = find_local_authority(query)
    if la is not None:
        result.la = la
        return result
    region = find_region(query)
    if region is not None:
        result.region = region
        return result
    district = outward_code(query)
    if district is not None:
        result.district = district
        _search_district(result, district)
        return result
    result.services = list(
        all_services().filter(Q(name__icontains=query) | Q(provider_name__icontains=query))[:20]
    )
    result.suggestions = close_matches(query)
    if not result.services:
        result.message = (
            f"There is no English local authority called ‘{query}’."
            if result.suggestions
            else f"We could not find ‘{query}’. Check the spelling, or search by a postcode "
            "district (for example LS6) or a region (for example North West)."
        )
    return result


def _outside_england(district: str, place: str) -> str:
    """What to say for a district outside England: the directory covers England's local
    authorities, and lists the services it knows of in Wales and Northern Ireland by region."""
    said = (
        f"{district} is a postcode district in {place}. The directory lists services in "
        "England’s local authorities"
    )
    if place in OTHER_NATIONS.values():
        return (
            f"{said}; for the services it knows of that work in {place}, see {place} under "
            "‘Browse by region’."
        )
    return f"{said} only."


def _search_district(result: SearchResult, district: str) -> None:
    """A district mostly in one authority finds it; a district split between places lists
    them all; a district outside England, or not known, says so."""
    places = district_places(district)
    area = re.match(r"^[A-Z]+", district).group(0)
    if not places:
        if area in AREAS_OUTSIDE_ENGLAND:
            result.message = _outside_england(district, AREAS_OUTSIDE_ENGLAND[area])
        else:
            result.message = (
                f"{district} is not a postcode district that the directory knows. Check the "
                "postcode, or search by the name of the local authority instead."
            )
    elif len(places) == 1 and places[0].la is not None:
        result.la = places[0].la
    elif len(places) == 1:
        result.message = _outside_england(district, places[0].nation)
    else:
        result.parts = list(places)
        names = [part.name for part in places]
        result.message = (
            f"Postcode district {district} is split between {', '.join(names[:-1])} and "
            f"{names[-1]}. Choose the one your address is in."
        )


# --- Coverage -------------------------------------------------------------------------------


@dataclass
class RegionCoverage:
    region: str
    name: str
    total: int
    pause: int
    locally_developed: int
    none_listed: int
    fdac: int


def _seed_table() -> list[dict]:
    with (DATA / "seed001_table2.csv").open(encoding="utf-8", newline="") as f:
        return [
            {k: (v if k == "region" else int(v)) for k, v in row.items()}
            for row in csv.DictReader(f)
        ]


def seed_table2() -> tuple[list[dict], dict]:
    """Seed 001's Table 2 (and Table 3's FDAC counts), by region, with its totals row."""
    rows = [{**row, "name": REGIONS[row["region"]]} for row in _seed_table()]
    keys = ("total_las", "locally_developed", "pause", "no_service", "unknown", "fdac")
    return rows, {key: sum(row[key] for row in rows) for key in keys}


def directory_coverage() -> tuple[list[RegionCoverage], RegionCoverage]:
    """The directory's own counts now: each local authority counted once, as Pause if a Pause
    practice covers it, else as locally developed if such a service does, else 'none listed'.
    Closed services do not count. FDAC: sites not closed, by the region of the places they serve."""
    by_la: dict[str, set] = {}
    fdac_regions: dict[str, set] = {}
    for service in all_services().exclude(status=Status.CLOSED):
        slugs = service.area_slugs
        if service.model in RECURRENT_CARE:
            for slug in slugs:
                by_la.setdefault(slug, set()).add(service.model)
        if service.model == ServiceModel.FDAC and service.scope != "national":
            regions = {la.region for la in service.local_authorities} | set(service.regions)
            for region in regions:
                fdac_regions.setdefault(region, set()).add(service.pk)
    rows = []
    for key, name in REGIONS.items():
        las = in_region(key)
        pause = sum(1 for la in las if ServiceModel.PAUSE in by_la.get(la.slug, ()))
        local = sum(
            1
            for la in las
            if ServiceModel.PAUSE not in by_la.get(la.slug, ())
            and ServiceModel.LOCALLY_DEVELOPED in by_la.get(la.slug, ())
        )
        rows.append(
            RegionCoverage(
                region=key,
                name=name,
                total=len(las),
                pause=pause,
                locally_developed=local,
                none_listed=len(las) - pause - local,
                fdac=len(fdac_regions.get(key, ())),
            )
        )
    total = RegionCoverage(
        region="total",
        name="Total",
        total=sum(r.total for r in rows),
        pause=sum(r.pause for r in rows),
        locally_developed=sum(r.locally_developed for r in rows),
        none_listed=sum(r.none_listed for r in rows),
        fdac=sum(r.fdac for r in rows),
    )
    return rows, total


def region_places(region: str) -> list[tuple[LocalAuthority, int]]:
    """Each local authority in a region with how many recurrent care services it has listed."""
    counts: dict[str, int] = {}
    for service in all_services().filter(model__in=RECURRENT_CARE, status__in=OPEN):
        for slug in service.area_slugs:
            counts[slug] = counts.get(slug, 0) + 1
    return [(la, counts.get(la.slug, 0)) for la in in_region(region)]


# --- Open data ------------------------------------------------------------------------------

EXPORT_FIELDS = (
    "slug",
    "name",
    "provider_name",
    "provider_kind",
    "model",
    "status",
    "status_as_of",
    "started",
    "ended",
    "scope",
    "local_authorities",
    "regions",
    "area_note",
    "courts",
    "works_with",
    "min_age",
    "max_age",
    "when",
    "how_to_refer",
    "description",
    "source",
    "updated_at",
)


def export_rows() -> list[dict]:
    rows = []
    for s in all_services():
        rows.append(
            {
                "slug": s.slug,
                "name": s.name,
                "provider_name": s.provider_name,
                "provider_kind": s.provider_kind,
                "model": s.model,
                "status": s.status,
                "status_as_of": s.status_as_of,
                "started": s.started,
                "ended": s.ended,
                "scope": s.scope,
                "local_authorities": [la.name for la in s.local_authorities],
                "regions": list(s.regions),
                "area_note": s.area_note,
                "courts": s.courts,
                "works_with": list(s.works_with),
                "min_age": s.min_age,
                "max_age": s.max_age,
                "when": list(s.when),
                "how_to_refer": s.how_to_refer,
                "description": s.description,
                "source": s.source,
                "updated_at": s.updated_at.isoformat(timespec="seconds"),
            }
        )
    return rows


def region_name(key: str) -> str:
    return ALL_REGIONS.get(key, key)
