"""Clerical review in the app: check a sample of a run's links, pair by pair, and read the
accuracy the decisions imply on the run's page."""

import csv
import io
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alongside.accounts.models import Role
from alongside.audit.models import AuditEntry
from alongside.jobs.models import Job
from alongside.jobs.services import job_claim_next, job_run
from alongside.linkage.clerical import estimate_accuracy, write_review_sample
from alongside.population.models import LinkageRun, ReviewDecision, ReviewPair
from alongside.population.selectors import Percent
from alongside.population.services import review_decision_record, review_sample_load
from tests.linkage.test_clerical import fake_connection, fake_linker

from ..factories import OrganisationFactory, UserFactory
from .test_linkage_runs import start_run


def finished_review_run(organisation, user, media_root, pairs: int = 2000) -> LinkageRun:
    """A finished run whose results hold a review sample written by the linkage's own
    `write_review_sample` (over made-up scored pairs), loaded as the job loads it."""
    folder = uuid.uuid4().hex
    results = Path(media_root) / "linkage" / folder / "results"
    con = fake_connection(pairs)
    try:
        write_review_sample(con, fake_linker(), results, 0.5)
    finally:
        con.close()
    (results / "report").mkdir()
    (results / "report" / "report.html").write_text(
        "<html><main><h1>Report</h1><p>Recurrence report tables</p></main></html>"
    )
    job = Job.objects.create(
        kind="linkage_run", params={"folder": folder}, status=Job.Status.SUCCEEDED
    )
    run = LinkageRun.objects.create(
        organisation=organisation,
        created_by=user,
        job=job,
        results_dir=f"linkage/{folder}/results",
        summary={"records": pairs * 2, "persons": pairs, "links": 0, "loads": []},
    )
    review_sample_load(run=run, results=results)
    run.refresh_from_db()
    return run


@pytest.fixture
def run(service, service_manager, media):
    return finished_review_run(service, service_manager, media)


def first_pair(run) -> ReviewPair:
    return ReviewPair.objects.filter(run=run).order_by("position").first()


def test_a_finished_run_loads_its_sample_to_check(signed_in, service_manager, media, tmp_path):
    from alongside.linkage import generate_applications

    extracts = tmp_path / "extracts"
    generate_applications(extracts, records=1500, seed=7)
    client = signed_in(service_manager)
    start_run(client, extracts, with_lists=False)
    job = job_run(job_claim_next())
    assert job.status == "succeeded", job.message
    run = LinkageRun.objects.get()
    sampled = sum(band["sampled"] for band in run.review_strata)
    assert sampled > 0 and ReviewPair.objects.filter(run=run).count() == sampled
    page = client.get(f"/population/runs/{run.pk}/").content.decode()
    assert "How accurate the links are" in page
    assert "Nobody has checked this run’s sample of links yet" in page
    assert f'href="/population/runs/{run.pk}/review/"' in page
    review = client.get(f"/population/runs/{run.pk}/review/").content.decode()
    assert f"Pair 1 of {sampled}" in review
    pair = first_pair(run)
    forename = next(f for f in pair.fields if f["name"] == "forename")
    assert forename["left"] and forename["left"] in review


def test_the_page_shows_both_records_side_by_side(signed_in, service_manager, run):
    pair = first_pair(run)
    body = signed_in(service_manager).get(f"/population/runs/{run.pk}/review/").content.decode()
    total = ReviewPair.objects.filter(run=run).count()
    assert "Check a sample of links" in body
    assert f"You have checked 0 of {total} pairs" in body
    assert f"Pair 1 of {total}" in body
    for heading in ("First record", "Second record", "Do they agree?"):
        assert f'<th scope="col" class="govuk-table__header">{heading}</th>' in body
    values = {f["name"]: f for f in pair.fields}
    assert values["forename"]["left"] in body and values["forename"]["right"] in body
    application_l, _, _ = pair.record_key_l.rpartition(":")
    assert application_l in body
    # Dates as UK dates, agreement in plain words.
    assert values["dob"]["left"] not in body  # ISO date not shown
    assert values["forename"]["agreement"] in body
    # The radios, in a fieldset with a legend.
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">' in body
    assert "Are these records the same person?" in body
    for label in ("Same person", "Different people", "Cannot tell"):
        assert f">{label}</label>" in body
    # Blind review: what the linkage decided is not shown.
    assert "match probability" not in body.lower()


def test_a_decision_is_stored_and_the_next_pair_follows(signed_in, service_manager, run):
    client = signed_in(service_manager)
    pair = first_pair(run)
    response = client.post(f"/population/runs/{run.pk}/review/{pair.pk}/", {"decision": "same"})
    assert response.status_code == 302
    assert response["Location"] == f"/population/runs/{run.pk}/review/"
    decision = ReviewDecision.objects.get(pair=pair)
    assert decision.decision == "same" and decision.decided_by == service_manager
    body = client.get(response["Location"]).content.decode()
    total = ReviewPair.objects.filter(run=run).count()
    assert f"Pair 2 of {total}" in body and f"You have checked 1 of {total} pairs" in body
    entry = AuditEntry.objects.get(description="Clerical review decision recorded")
    assert entry.actor_id == service_manager.pk and entry.action == "create"
    assert entry.detail["decision"] == "same" and entry.detail["pair"] == pair.pk


def test_choosing_nothing_shows_the_error(signed_in, service_manager, run):
    pair = first_pair(run)
    response = signed_in(service_manager).post(f"/population/runs/{run.pk}/review/{pair.pk}/", {})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Check a sample of links" in body
    assert "There is a problem" in body
    assert body.count("Select whether these records are the same person") == 2
    assert 'href="#id_decision_0"' in body
    assert not ReviewDecision.objects.exists()
    bogus = signed_in(service_manager).post(
        f"/population/runs/{run.pk}/review/{pair.pk}/", {"decision": "probably"}
    )
    assert "Select whether these records are the same person" in bogus.content.decode()
    assert not ReviewDecision.objects.exists()


def test_a_decision_can_be_changed(signed_in, service_manager, run):
    client = signed_in(service_manager)
    pair = first_pair(run)
    url = f"/population/runs/{run.pk}/review/{pair.pk}/"
    client.post(url, {"decision": "same"})
    decisions = client.get(f"/population/runs/{run.pk}/review/decisions/").content.decode()
    assert "Same person" in decisions and f'href="{url}"' in decisions
    page = client.get(url).content.decode()
    assert 'value="same" checked' in page
    response = client.post(url, {"decision": "different"}, follow=True)
    assert "Your decision on pair 1 was changed" in response.content.decode()
    assert ReviewDecision.objects.get(pair=pair).decision == "different"
    assert ReviewDecision.objects.count() == 1
    change = AuditEntry.objects.get(description="Clerical review decision changed")
    assert change.action == "update"
    assert change.detail["before"] == "same" and change.detail["decision"] == "different"


def test_each_pair_seen_is_audited(signed_in, service_manager, run):
    client = signed_in(service_manager)
    pair = first_pair(run)
    client.get(f"/population/runs/{run.pk}/review/")
    seen = AuditEntry.objects.filter(description="Clerical review pair viewed (identifiable)")
    assert seen.count() == 1
    entry = seen.get()
    assert entry.actor_id == service_manager.pk and entry.action == "view"
    assert entry.object_type == "population.reviewpair" and entry.object_id == str(pair.pk)
    assert entry.detail["record_keys"] == [pair.record_key_l, pair.record_key_r]
    client.get(f"/population/runs/{run.pk}/review/{pair.pk}/")
    assert seen.count() == 2


def test_another_organisation_cannot_see_or_decide(signed_in, run):
    outsider = UserFactory(organisation=OrganisationFactory(), team=None, role=Role.SERVICE_MANAGER)
    client = signed_in(outsider)
    pair = first_pair(run)
    base = f"/population/runs/{run.pk}/review/"
    for url in (base, f"{base}{pair.pk}/", f"{base}decisions/", f"{base}labels.csv"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"{base}{pair.pk}/", {"decision": "same"}).status_code == 404
    assert not ReviewDecision.objects.exists()
    assert not AuditEntry.objects.filter(
        description="Clerical review pair viewed (identifiable)"
    ).exists()


def test_a_pair_of_another_run_is_not_found(signed_in, service, service_manager, run, media):
    other = finished_review_run(service, service_manager, media, pairs=50)
    client = signed_in(service_manager)
    pair = first_pair(other)
    assert client.get(f"/population/runs/{run.pk}/review/{pair.pk}/").status_code == 404


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.TEAM_MANAGER, Role.ANALYST])
def test_only_service_managers_review(signed_in, service, team, run, role):
    user = UserFactory(organisation=service, team=team, role=role)
    client = signed_in(user)
    pair = first_pair(run)
    base = f"/population/runs/{run.pk}/review/"
    for url in (base, f"{base}{pair.pk}/", f"{base}decisions/", f"{base}labels.csv"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"{base}{pair.pk}/", {"decision": "same"}).status_code == 403
    assert not ReviewDecision.objects.exists()


def _decide_all(run, user, same_if) -> list[tuple[str, str]]:
    made = []
    for pair in ReviewPair.objects.filter(run=run).order_by("position"):
        decision = "same" if same_if(pair) else "different"
        review_decision_record(user=user, pair=pair, decision=decision)
        made.append((pair.stratum, decision))
    return made


def test_the_run_page_states_the_estimate(signed_in, service, service_manager, run):
    wrong_links = set(
        ReviewPair.objects.filter(run=run, stratum="link_just_above")
        .order_by("position")
        .values_list("pk", flat=True)[:3]
    )
    matches_missed = set(
        ReviewPair.objects.filter(run=run, stratum="non_link_just_below")
        .order_by("position")
        .values_list("pk", flat=True)[:4]
    )
    made = _decide_all(
        run,
        service_manager,
        lambda pair: (
            (pair.side == "link" and pair.pk not in wrong_links) or pair.pk in matches_missed
        ),
    )
    expected = estimate_accuracy(run.review_strata, made)
    precision, recall = Percent.of(expected.precision), Percent.of(expected.recall)
    links = ReviewPair.objects.filter(run=run, side="link").count()
    non_links = ReviewPair.objects.filter(run=run, side="non_link").count()

    analyst = UserFactory(organisation=service, team=None, role=Role.ANALYST)
    for user in (service_manager, analyst):
        body = signed_in(user).get(f"/population/runs/{run.pk}/").content.decode()
        assert f"Of the links we checked, {links - 3} of {links} were the same person." in body
        assert (
            f"We estimate that {precision.value}% of this run’s links are right "
            f"(95% interval {precision.low}% to {precision.high}%)."
        ) in body
        assert f"4 of {non_links} were the same person." in body
        assert (
            f"We estimate that this run made {recall.value}% of the links it should have made "
            f"among the pairs it scored (95% interval {recall.low}% to {recall.high}%)."
        ) in body
        assert "What the estimate assumes" in body
        # Totals only for the analyst: no way into the pairs or the labels.
        has_links = f"/population/runs/{run.pk}/review/" in body
        assert has_links == (user == service_manager)
    assert precision.low <= precision.value <= precision.high < 100
    assert 0 < recall.low <= recall.value <= recall.high


def test_the_labels_file_is_for_the_next_run(signed_in, service_manager, run):
    client = signed_in(service_manager)
    pairs = list(ReviewPair.objects.filter(run=run).order_by("position")[:3])
    for pair, decision in zip(pairs, ["same", "different", "cannot_tell"], strict=True):
        review_decision_record(user=service_manager, pair=pair, decision=decision)
    response = client.get(f"/population/runs/{run.pk}/review/labels.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="run{run.pk}-review-labels.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert sorted(
        (r["unique_id_l"], r["unique_id_r"], r["clerical_match_score"]) for r in rows
    ) == (
        sorted(
            [
                (pairs[0].record_key_l, pairs[0].record_key_r, "1"),
                (pairs[1].record_key_l, pairs[1].record_key_r, "0"),
            ]
        )
    )
    assert AuditEntry.objects.filter(
        description="Clerical review labels downloaded", action="export"
    ).exists()


def test_the_review_page_queries_do_not_grow_with_the_pairs(
    signed_in, service, service_manager, media
):
    def queries(pairs: int, decided: int) -> int:
        run = finished_review_run(service, service_manager, media, pairs=pairs)
        for pair in ReviewPair.objects.filter(run=run).order_by("position")[:decided]:
            review_decision_record(user=service_manager, pair=pair, decision="same")
        client = signed_in(service_manager)
        client.get(f"/population/runs/{run.pk}/review/")
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/population/runs/{run.pk}/review/").status_code == 200
        return len(captured)

    small, large = queries(60, 2), queries(2000, 40)
    assert small == large
    assert large <= 15


def test_a_run_loads_its_sample_once(service, service_manager, media):
    run = finished_review_run(service, service_manager, media, pairs=100)
    count = ReviewPair.objects.filter(run=run).count()
    review_decision_record(user=service_manager, pair=first_pair(run), decision="same")
    results = Path(media) / run.results_dir
    assert review_sample_load(run=run, results=results) == count
    assert ReviewPair.objects.filter(run=run).count() == count
    assert ReviewDecision.objects.count() == 1
