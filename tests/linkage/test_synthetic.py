import ast
import csv
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from alongside.linkage import names as linker_names
from alongside.linkage import synthetic
from alongside.linkage.synthetic import PROFILES, ErrorProfile, generate_applications


def test_same_seed_gives_the_same_extract(tmp_path):
    generate_applications(tmp_path / "a", 500, seed=3)
    generate_applications(tmp_path / "b", 500, seed=3)
    assert (tmp_path / "a/applications.csv").read_text() == (
        tmp_path / "b/applications.csv"
    ).read_text()


def test_truth_covers_every_parent_record_and_recurrence_is_national_shaped(small_dataset):
    with (small_dataset / "applications.csv").open() as handle:
        apps = list(csv.DictReader(handle))
    with (small_dataset / "truth.csv").open() as handle:
        truth = {row["record_key"]: row["person_id"] for row in csv.DictReader(handle)}
    for app in apps:
        assert f"{app['application_id']}:M" in truth
        assert (f"{app['application_id']}:F" in truth) == bool(
            app["father_forename"] or app["father_dob"]
        )
    facts = json.loads((small_dataset / "truth_summary.json").read_text())
    assert 0.11 < facts["recurrent_mother_rate"] < 0.20
    assert 0.22 < facts["recurrent_application_share"] < 0.36


def test_the_generator_imports_none_of_the_linkers_tables():
    tree = ast.parse(Path(synthetic.__file__).read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            # Only the CSV writer from its own package: no names, model or records tables.
            assert node.module is None and [a.name for a in node.names] == ["csv_safe"]
        elif isinstance(node, ast.ImportFrom):
            assert not (node.module or "").startswith("alongside")
        elif isinstance(node, ast.Import):
            assert not any(alias.name.startswith("alongside") for alias in node.names)


def test_default_short_forms_are_partly_in_the_linkers_table_and_partly_not():
    in_table, not_in_table = 0, 0
    for full, forms in synthetic._listed_short_forms().items():
        for form in forms:
            if linker_names.NICKNAMES.get(form.lower()) == full:
                in_table += 1
            elif form.lower() not in linker_names.NICKNAMES:
                not_in_table += 1
    assert in_table >= 10 and not_in_table >= 2 * in_table


@pytest.mark.parametrize("name", list(PROFILES))
def test_every_profile_writes_an_extract_with_truth_and_no_person_ids(tmp_path, name):
    summary = generate_applications(tmp_path, 800, seed=5, profile=name)
    assert summary.records >= 800
    text = (tmp_path / "applications.csv").read_text()
    assert not re.search(r"\bP\d{8}\b", text)  # the true person never enters the extract
    with (tmp_path / "truth.csv").open() as handle:
        assert sum(1 for row in csv.DictReader(handle) if row["record_key"][-2:] in (":M", ":F"))


def test_profiles_are_chosen_by_name():
    assert {"default", "independent", "low-diversity", "messy"} <= set(PROFILES)
    assert PROFILES["default"] == ErrorProfile()
    with pytest.raises(ValueError, match="Unknown error profile"):
        generate_applications("unused", 10, profile="no-such-profile")


def _records(folder: Path) -> dict[str, list[dict[str, str]]]:
    """Each true person's records, read back from the extract and truth.csv."""
    with (folder / "truth.csv").open() as handle:
        truth = {row["record_key"]: row["person_id"] for row in csv.DictReader(handle)}
    people: dict[str, list[dict[str, str]]] = defaultdict(list)
    with (folder / "applications.csv").open() as handle:
        for app in csv.DictReader(handle):
            for role, prefix in (("M", "mother_"), ("F", "father_")):
                key = f"{app['application_id']}:{role}"
                if key in truth:
                    record = {
                        k.removeprefix(prefix): v for k, v in app.items() if k.startswith(prefix)
                    }
                    record["local_authority"] = app["local_authority"]
                    people[truth[key]].append(record)
    return people


@pytest.fixture(scope="module")
def independent(tmp_path_factory):
    folder = tmp_path_factory.mktemp("independent")
    generate_applications(folder, 8000, seed=7, profile="independent")
    return folder, _records(folder)


def _pairs(people):
    for records in people.values():
        for a in records:
            for b in records:
                if a is not b:
                    yield a, b


def test_independent_profile_writes_middle_and_known_as_names_on_some_records(independent):
    _, people = independent
    records = [r for rs in people.values() for r in rs]
    middle = sum(bool(r["middle_names"]) for r in records) / len(records)
    known_as = sum(bool(r["known_as"]) for r in records) / len(records)
    assert 0.05 < middle < 0.5 and 0.005 < known_as < 0.2


def test_independent_profile_has_double_barrelled_surnames_recorded_in_part(independent):
    _, people = independent
    hyphenated = [r["surname"] for rs in people.values() for r in rs if "-" in r["surname"]]
    assert len(hyphenated) > 20
    partial = [
        (a["surname"], b["surname"])
        for a, b in _pairs(people)
        if "-" in a["surname"]
        and "-" not in b["surname"]
        and b["surname"].lower() in a["surname"].lower().split("-")
    ]
    assert partial


def test_independent_profile_swaps_forename_and_surname(independent):
    _, people = independent
    swapped = [
        a
        for a, b in _pairs(people)
        if a["forename"].lower() == b["surname"].lower()
        and a["surname"].lower() == b["forename"].lower()
        and a["forename"].lower() != a["surname"].lower()
    ]
    assert swapped


def test_independent_profile_has_people_known_by_a_middle_name(independent):
    _, people = independent
    by_middle = [
        a
        for a, b in _pairs(people)
        if a["forename"].lower() != b["forename"].lower()
        and a["forename"].lower() in b["middle_names"].lower().split()
    ]
    assert by_middle


def test_independent_profile_uses_nicknames_outside_the_linkers_table(independent):
    _, people = independent
    outside = {
        a["forename"]
        for a, b in _pairs(people)
        if len(a["forename"]) <= len(b["forename"]) - 2
        and b["forename"].lower().startswith(a["forename"].lower())
        and a["forename"].lower() not in linker_names.NICKNAMES
    }
    assert len(outside) >= 3


def test_independent_profile_has_transliterations_and_dates_keyed_wrongly(independent):
    _, people = independent
    spellings = {
        spelling.lower(): set(map(str.lower, group))
        for group in synthetic._TRANSLITERATIONS
        for spelling in group
    }
    transliterated = [
        a
        for a, b in _pairs(people)
        for column in ("forename", "surname")
        if a[column].lower() != b[column].lower()
        and b[column].lower() in spellings.get(a[column].lower(), ())
    ]
    assert transliterated
    assert all(
        re.fullmatch(r"\d\d/\d\d/\d{4}", r["dob"]) for rs in people.values() for r in rs if r["dob"]
    )
    keyed_wrongly = [a for a, b in _pairs(people) if a["dob"] and b["dob"] and a["dob"] != b["dob"]]
    assert keyed_wrongly


def test_independent_profile_changes_surnames_without_recording_the_old_one(independent):
    _, people = independent
    spellings = {s.lower(): group for group in synthetic._TRANSLITERATIONS for s in group}
    silent = [
        b
        for a, b in _pairs(people)
        if a["forename"].lower() == b["forename"].lower()
        and a["surname"][:1].lower() != b["surname"][:1].lower()
        and not ({"-", " "} & set(a["surname"] + b["surname"]))
        and spellings.get(a["surname"].lower()) is not spellings.get(b["surname"].lower(), ())
        and not b["previous_names"]
    ]
    assert silent


def test_independent_profile_moves_people_between_authorities(independent):
    _, people = independent
    assert any(len({r["local_authority"] for r in rs}) > 1 for rs in people.values())


def test_low_diversity_profile_shares_a_few_names_widely(tmp_path):
    generate_applications(tmp_path, 3000, seed=9, profile="low-diversity")
    people = _records(tmp_path)
    surnames = [r["surname"].lower() for rs in people.values() for r in rs]
    top = sorted((surnames.count(name) for name in set(surnames)), reverse=True)
    assert top[0] / len(surnames) > 0.08
    assert sum(top[:10]) / len(surnames) > 0.5
