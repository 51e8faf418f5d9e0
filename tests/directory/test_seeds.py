"""Done when: every service, practice and FDAC site the seeds name is in the directory, with
its source; the coverage table reproduces seed 001's Table 2 totals."""

import re
from pathlib import Path

import pytest

from alongside.directory.geography import REGIONS, local_authorities
from alongside.directory.models import DirectoryService
from alongside.directory.selectors import seed_table2

SEEDS = Path("/work/shared/seeds")

# (name in the directory, the seed that names it, a phrase from that seed)
NAMED = [
    ("Positive Choices", "001", "Positive Choices in Suffolk"),
    ("Mpower", "003", "Positive Choices and Mpower were set up in 2011"),
    ("Strengthening Families", "001", "Strengthening Families in Salford"),
    ("Foundations", "001", "Foundations is a specialist recurrent care service in East Sussex"),
    ("Futures", "001", "Futures is an intensive outreach service"),
    ("Time Programme", "001", "Time Programme"),
    ("Hope project", "001", "Hope project in the London Boroughs of Kingston and Richmond"),
    ("Nest", "001", "Nest team"),
    ("Star", "001", "Star in Tameside"),
    ("DAISY", "001", "DAISY, Walsall"),
    ("Breaking the Cycle", "001", "Breaking the Cycle is a therapeutically informed programme"),
    ("COMMA (with the CAMEO group)", "003", "Stockport: COMMA"),
    ("Mothers Living Apart from Their Children", "001", "Mothers Living Apart from their Children"),
    ("Different Futures", "001", "Different Futures in Warwickshire"),
    ("Reflect", "003", "Barnardo’s Reflect"),
    ("Baby in Mind", "001", "Baby in Mind in Bridgend"),
    ("Baby and Me", "001", "Baby and Me in Newport"),
    ("Looking Forward", "003", "Brighton and Hove: Looking Forward"),
    ("SPACE", "003", "Cambridge: SPACE"),
    ("Action for Change", "003", "Action for Change"),
    ("Securing Change", "003", "South London: Securing Change"),
    ("Early FDAC (Families Do Achieve Change), Coventry", "003", "Coventry: Early FDAC"),
    ("Family Safeguarding", "002", "FAMILY SAFEGUARDING"),
    ("Family Valued", "002", "FAMILY VALUED"),
    ("Stockport Family", "002", "STOCKPORT FAMILY MODEL"),
    ("Brighter Futures", "002", "BRIGHTER FUTURES"),
    ("Creating Stronger Communities", "002", "CREATING STRONGER COMMUNITIES"),
    ("Coram-i", "002", "Coram-i"),
    ("Doing What Counts and Measuring What Matters", "002", "Doing What Counts"),
    ("No Wrong Door", "002", "No Wrong Door"),
    ("Breaking the Cycle (Wirral)", "004", "BREAKING THE CYCLE"),
    ("Pause (national team)", "001", "Pause National Team"),
    (
        "FDAC national partnership (Centre for Justice Innovation)",
        "001",
        "Centre for Justice Innovation",
    ),
]
# seed 003: "There are currently (early 2019) 24 Pause Practices: ..."
PAUSE_PRACTICES = [
    "Barking and Dagenham", "Bristol", "Derby", "Greenwich", "Hackney", "Hull", "Islington",
    "Tyne and Wear", "Newham", "North East Lincolnshire", "Southwark", "West Sussex", "Wiltshire",
    "Slough", "Cumbria", "St Helens", "Blackpool", "Doncaster", "Wigan", "Rotherham", "Plymouth",
    "Bexley", "Nottingham", "Northern Trust",
]  # fmt: skip
# seed 003, 'National: Family Drug and Alcohol Court (FDAC)'
FDAC_SITES = [
    "London", "Gloucestershire", "Milton Keynes and Buckinghamshire", "East Sussex", "Coventry",
    "Leeds", "Southampton", "Kent and Medway", "Northern Ireland (Armagh)",
]  # fmt: skip


def seed_text(number: str) -> str:
    path = next(SEEDS.glob(f"{number}_*.txt"))
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name,seed,phrase", NAMED, ids=[n for n, _, _ in NAMED])
def test_every_service_the_seeds_name_is_listed_with_its_source(directory, name, seed, phrase):
    assert phrase.lower() in seed_text(seed).lower(), "the phrase must come from the seed"
    service = DirectoryService.objects.get(name=name)
    assert f"seed {seed}" in service.source


def test_every_pause_practice_and_fdac_site_is_listed(directory):
    assert "24 Pause Practices" in seed_text("003")
    names = set(DirectoryService.objects.values_list("name", flat=True))
    for place in PAUSE_PRACTICES:
        assert f"Pause {place}" in names or f"Pause {place} (Northern Ireland)" in names, place
        assert place in seed_text("003")
    pause = DirectoryService.objects.filter(model="pause").exclude(scope="national")
    assert pause.count() == 24
    fdac = {n.removeprefix("FDAC ") for n in names if n.startswith("FDAC ")}
    assert "Family Drug and Alcohol Court (FDAC) London" in names
    assert fdac >= set(FDAC_SITES) - {"London", "Northern Ireland (Armagh)"}
    assert "FDAC Northern Ireland (Armagh)" in names


def test_the_local_authority_table_matches_table_2():
    seed_rows, _ = seed_table2()
    assert len(local_authorities()) == 152
    for row in seed_rows:
        assert (
            sum(1 for la in local_authorities() if la.region == row["region"]) == row["total_las"]
        ), row["name"]
    assert [r["name"] for r in seed_rows] == list(REGIONS.values())


def test_the_coverage_data_reproduces_seed_001s_tables_as_printed():
    text = seed_text("001")
    # The seed prints the totals row as "Total 152 38⁴ 35 49 30" (⁴ is a footnote mark).
    assert re.search(r"Total\t152\t38⁴\t35\t49\t30", text)
    _, total = seed_table2()
    assert total == {
        "total_las": 152,
        "locally_developed": 38,
        "pause": 35,
        "no_service": 49,
        "unknown": 30,
        "fdac": 14,
    }
    seed_rows, _ = seed_table2()
    for row in seed_rows:
        # Each region's row, tab-separated as printed in the seed.
        line = "\t".join(
            str(v)
            for v in (
                row["name"], row["total_las"], row["locally_developed"], row["pause"],
                row["no_service"], row["unknown"],
            )
        )  # fmt: skip
        assert line in text, line
        assert f"{row['name']}\t{row['fdac']}" in text
        assert (
            row["locally_developed"] + row["pause"] + row["no_service"] + row["unknown"]
            == (row["total_las"])
        )


def test_the_coverage_page_shows_table_2_totals_beside_the_directory(client, directory):
    response = client.get("/directory/coverage/")
    html = response.content.decode()
    assert response.status_code == 200
    table = html.split('id="table-2"')[1].split("</table>")[0]
    totals = re.findall(r">(\d+)<", table.split("Total</th>")[1])
    assert totals == ["152", "38", "35", "49", "30", "14"]
    now = html.split('id="directory-now"')[1].split("</table>")[0]
    assert re.findall(r">(\d+)<", now.split("Total</th>")[1])[0] == "152"
    assert html.count("<svg") == 3 and "<title" in html
