import csv
import json

from alongside.linkage.synthetic import generate_applications


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
