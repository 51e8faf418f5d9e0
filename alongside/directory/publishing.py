"""What a service's own directory entry says, read from its programme definition. Pure: the
service manager checks and completes it before it is published."""

import re
from datetime import date

from alongside.programmes.schema import ProgrammeSpec

from .geography import district_authorities, postcode_district_parts
from .models import Scope, When, WorksWith


def areas_from_postcodes(codes: tuple[str, ...]) -> list[str]:
    """Local authorities for the postcode areas ('M') or districts ('SK1') a programme's rules
    name: for each district, the authority that holds nearly all of it, or every English one a
    split district reaches (as search offers them). The manager checks them before publishing."""
    slugs = []
    for code in (c.strip().upper() for c in codes):
        for district in postcode_district_parts():
            area = re.match(r"^[A-Z]+", district).group(0)
            if district != code and area != code:
                continue
            for la in district_authorities(district):
                if la.slug not in slugs:
                    slugs.append(la.slug)
    return slugs


def entry_from_programme(*, organisation, spec: ProgrammeSpec, version: int, on: date) -> dict:
    """The entry's facts that the organisation and its programme give."""
    stages = []
    for pathway in spec.pathways or ():
        rules = spec.pathway_eligibility(pathway.key)
        if rules.pregnancy == "required" and When.PRE_BIRTH not in stages:
            stages.append(When.PRE_BIRTH)
        elif rules.pregnancy != "required" and When.AFTER_PROCEEDINGS not in stages:
            stages.append(When.AFTER_PROCEEDINGS)
    rules = spec.eligibility
    description = " ".join((spec.description or "").split())
    return {
        "name": organisation.name,
        "provider_name": organisation.name,
        "description": f"{description} Runs the programme ‘{spec.name}’.".strip(),
        "min_age": rules.min_age,
        "max_age": rules.max_age,
        "works_with": [WorksWith.CARE_LEAVERS] if rules.care_experienced == "required" else [],
        "when": [str(s) for s in stages],
        "scope": Scope.LOCAL,
        "regions": [],
        "area_note": "",
        "courts": "",
        "status_as_of": on.strftime("%Y-%m"),
        "source": (
            f"Published by {organisation.name} from its programme ‘{spec.name}’ "
            f"(version {version}) on {on.day} {on:%B %Y}"
        )[:500],
    }
