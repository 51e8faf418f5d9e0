"""Search by postcode district for any district in England: the table from the ONS Postcode
Directory (data/SOURCES.md), mapped to the 152 upper-tier authorities of seed 001."""

import csv

import pytest

from alongside.directory.geography import (
    DATA,
    district_authorities,
    local_authorities,
    postcode_district_parts,
    postcode_districts,
)
from alongside.directory.publishing import areas_from_postcodes
from alongside.directory.selectors import search

NAMES = {la.name for la in local_authorities()}


def rows(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def text(response) -> str:
    return response.content.decode()


def test_every_lower_tier_district_maps_to_one_of_the_152_authorities():
    districts = rows("local_authority_districts.csv")
    assert len({row["code"] for row in districts}) == len(districts)
    assert {row["upper_tier"] for row in districts} == NAMES
    by_name = {row["name"]: row["upper_tier"] for row in districts}
    assert by_name["Harrogate"] == "North Yorkshire"
    assert by_name["Cumberland"] == "Cumbria"  # 2023 unitaries: the 2021 authority
    assert by_name["Westmorland and Furness"] == "Cumbria"
    assert by_name["Mendip"] == "Somerset"
    assert by_name["Kingston upon Hull, City of"] == "Kingston upon Hull"


def test_every_row_of_the_postcode_table_names_a_known_place():
    table = rows("postcode_districts.csv")
    assert {row["local_authority"] for row in table} <= NAMES | {"Wales", "Scotland"}
    assert all(int(row["postcodes"]) > 0 for row in table)
    # Every authority has at least one district that is mostly in it: none is unreachable.
    assert set(la.name for la in postcode_districts().values()) == NAMES


def test_the_table_covers_every_district_in_england():
    english = postcode_districts()
    assert len(english) > 2000
    assert len(postcode_district_parts()) > len(english)  # and those of Wales and Scotland


@pytest.mark.parametrize(
    ("district", "authority"),
    [
        ("LS6", "Leeds"),
        ("M6", "Salford"),
        ("SW1A", "Westminster"),
        ("B15", "Birmingham"),
        ("HG1", "North Yorkshire"),  # Harrogate: a district of the county in 2021
        ("TR1", "Cornwall"),
        ("NE1", "Newcastle upon Tyne"),
        ("CB1", "Cambridgeshire"),
        ("CA1", "Cumbria"),  # Cumberland since 2023
        ("TA1", "Somerset"),  # the Somerset unitary since 2023
        ("NN1", "West Northamptonshire"),
        ("BH1", "Bournemouth, Christchurch and Poole"),
        ("BS15", "South Gloucestershire"),
    ],
)
def test_real_districts_map_to_their_authority(district, authority):
    assert postcode_districts()[district].name == authority


def test_a_district_split_between_authorities_keeps_every_one():
    parts = postcode_district_parts()["SE1"]
    assert [part.name for part in parts][:2] == ["Southwark", "Lambeth"]
    assert sum(part.share for part in parts) == pytest.approx(1)
    assert [la.name for la in district_authorities("SE1")][:2] == ["Southwark", "Lambeth"]
    # One that is nearly all in one authority is taken to be in it.
    assert [la.name for la in district_authorities("M7")] == ["Salford"]
    # On the border: part England, part Wales.
    assert [part.name for part in postcode_district_parts()["CH4"]] == [
        "Cheshire West and Chester",
        "Wales",
    ]
    assert [la.name for la in district_authorities("NP16")] == ["Gloucestershire"]


def test_search_answers_districts_outside_england_and_unknown_ones():
    assert search("ls6 2ab").la.name == "Leeds"
    assert "in Wales" in search("CF10 1AA").message
    assert "see Wales under ‘Browse by region’" in search("CF10").message
    assert search("ZE1").message.endswith("England’s local authorities only.")
    assert "in Northern Ireland" in search("BT1 1AA").message
    assert "not a postcode district that the directory knows" in search("ZZ9").message
    assert search("SE1 7PB").parts


def test_a_full_postcode_finds_the_local_authority_page(client, directory):
    response = client.get("/directory/", {"q": "ls6 2ab"})
    assert response["Location"] == "/directory/areas/leeds/"
    page = text(client.get(response["Location"]))
    assert "<h1" in page and "Leeds</h1>" in page
    assert "Futures" in page


def test_a_split_district_lists_every_authority_it_reaches(client, directory):
    response = client.get("/directory/", {"q": "SE1 7PB"})
    assert response.status_code == 200
    page = text(response)
    assert "Postcode district SE1 is in more than one place" in page
    assert 'href="/directory/areas/southwark/"' in page
    assert 'href="/directory/areas/lambeth/"' in page
    assert "about 88% of its postcodes" in page
    page = text(client.get("/directory/", {"q": "CH4"}))
    assert 'href="/directory/areas/cheshire-west-and-chester/"' in page
    assert 'href="/directory/regions/wales/"' in page


def test_a_welsh_district_says_the_directory_covers_england(client, directory):
    page = text(client.get("/directory/", {"q": "CF10"}))
    assert "CF10 is a postcode district in Wales" in page


def test_publishing_takes_authorities_from_postcode_areas():
    assert areas_from_postcodes(("SK1",)) == ["stockport"]
    assert {"manchester", "salford"} <= set(areas_from_postcodes(("M",)))
    assert set(areas_from_postcodes(("SE1",))) >= {"southwark", "lambeth"}
