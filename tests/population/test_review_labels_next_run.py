"""The clerical decisions of one run check (or train) the next: chosen on the new-run form by
someone who may see them, written to a labels file for the linkage by the job, and the check
stated on the run's page in totals."""

import csv
import random
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.dateformat import format as format_date

from alongside.accounts.models import Role
from alongside.audit.models import AuditEntry
from alongside.jobs.models import Job
from alongside.jobs.services import job_claim_next, job_run
from alongside.population.models import LinkageRun, ReviewDecision, ReviewPair
from alongside.population.services import review_decision_record

from ..factories import OrganisationFactory, UserFactory
from .test_extract_upload_checks import LOCAL_HEADING, LOCAL_ROWS, csv_upload, mapping_answers
from .test_linkage_runs import upload

CHOICE = "Check this run against the decisions made on an earlier run"
TRAIN = "Also use those decisions to train the model (needs at least 30 pairs decided as the same"


def decided_run(
    organisation,
    user,
    pairs: list[tuple[str, str, str | None]],
    status: str = Job.Status.SUCCEEDED,
    audited: bool = False,
) -> LinkageRun:
    """A run with a review sample of these pairs (record key, record key, decision or None).
    `audited`: each decision recorded through the service (slower; as the review page does)."""
    job = Job.objects.create(kind="linkage_run", params={"folder": uuid.uuid4().hex}, status=status)
    run = LinkageRun.objects.create(
        organisation=organisation,
        created_by=user,
        job=job,
        summary={"records": 10, "persons": 8, "links": 0, "loads": []},
    )
    stored = ReviewPair.objects.bulk_create(
        ReviewPair(
            run=run,
            position=i,
            stratum="link_above",
            side="link",
            record_key_l=left,
            record_key_r=right,
            match_probability=0.9,
            match_weight=5.0,
        )
        for i, (left, right, _) in enumerate(pairs)
    )
    decided = [(pair, d) for pair, (_, _, d) in zip(stored, pairs, strict=True) if d]
    if audited:
        for pair, decision in decided:
            review_decision_record(user=user, pair=pair, decision=decision)
    else:
        ReviewDecision.objects.bulk_create(
            ReviewDecision(pair=p, decision=d, decided_by=user, decided_at=timezone.now())
            for p, d in decided
        )
    return run


def some_pairs(same: int = 2, different: int = 1, cannot_tell: int = 1, undecided: int = 1):
    decisions = (["same"] * same + ["different"] * different + ["cannot_tell"] * cannot_tell) + [
        None
    ] * undecided
    return [(f"A{i}:M", f"B{i}:M", d) for i, d in enumerate(decisions)]


def choice_label(run: LinkageRun, decisions: int) -> str:
    started = format_date(timezone.localtime(run.created_at), "j F Y")
    return f"Run {run.pk}, {started}: {decisions} decision{'' if decisions == 1 else 's'}"


def post_run(client, extract_dir: Path, **choice):
    return client.post(
        "/population/",
        {"applications": [upload(extract_dir / "applications.csv")], **choice},
    )


def upload_needing_columns(client, **choice) -> tuple[str, dict]:
    """Upload an extract in a service's own headings (no mapping fits them yet), with `choice`
    from the new-run form. Returns the address of the page matching its columns, and the
    answers that page is posted to save the mapping (and so start the run)."""
    response = client.post(
        "/population/",
        {"applications": [csv_upload("court-may.csv", f"{LOCAL_HEADING}\n{LOCAL_ROWS}")], **choice},
    )
    columns_url = response["Location"]
    answers = mapping_answers(
        client.get(columns_url).content.decode(),
        ["application_id", "issue_date", "local_authority"]
        + ["mother_forename", "mother_surname", "mother_dob"],
    )
    return columns_url, {**answers, "name": "Court extract"}


def truth_pairs(extract_dir: Path, same: int, different: int, seed: int = 1):
    """Pairs of the extract's parent records: `same` of one person, `different` of two."""
    with (extract_dir / "truth.csv").open(newline="") as handle:
        keys = [r for r in csv.DictReader(handle) if r["record_key"].endswith((":M", ":F"))]
    by_person: dict[str, list[str]] = {}
    for row in keys:
        by_person.setdefault(row["person_id"], []).append(row["record_key"])
    repeated = [records for records in by_person.values() if len(records) > 1]
    assert len(repeated) >= same
    pairs = [(records[0], records[1], "same") for records in repeated[:same]]
    rng = random.Random(seed)
    singles = [records[0] for records in by_person.values()]
    while len(pairs) < same + different:
        left, right = rng.sample(singles, 2)
        pairs.append((left, right, "different"))
    return pairs


# --- The form --------------------------------------------------------------------------------


def test_the_form_offers_only_the_organisations_runs_with_decisions(
    signed_in, service, service_manager, media
):
    offered = decided_run(service, service_manager, some_pairs())
    only_cannot_tell = decided_run(service, service_manager, some_pairs(0, 0, 2))
    undecided = decided_run(service, service_manager, some_pairs(0, 0, 0, 3))
    failed = decided_run(service, service_manager, some_pairs(), status=Job.Status.FAILED)
    other = OrganisationFactory()
    elsewhere = decided_run(other, UserFactory(organisation=other, team=None), some_pairs())

    body = signed_in(service_manager).get("/population/").content.decode()
    assert CHOICE in body and TRAIN in body
    # 'Cannot tell' is left out of a labels file, so it is not counted.
    assert f'<option value="{offered.pk}">{choice_label(offered, 3)}</option>' in body
    assert "Do not check against earlier decisions" in body
    for run in (only_cannot_tell, undecided, failed, elsewhere):
        assert f'<option value="{run.pk}"' not in body


def test_no_choice_without_runs_with_decisions(signed_in, service_manager, media):
    body = signed_in(service_manager).get("/population/").content.decode()
    assert CHOICE not in body and TRAIN not in body


def test_an_analyst_is_not_offered_the_decisions_and_a_choice_posted_is_ignored(
    signed_in,
    service,
    service_manager,
    analyst,
    extracts,
    media,
):
    source = decided_run(service, service_manager, some_pairs(same=40))
    client = signed_in(analyst)
    body = client.get("/population/").content.decode()
    assert CHOICE not in body and TRAIN not in body and f"Run {source.pk}," not in body

    response = post_run(client, extracts, labels_from=source.pk, train_from_labels="on")
    run = LinkageRun.objects.exclude(pk=source.pk).get()
    assert response["Location"] == f"/population/runs/{run.pk}/"
    assert run.labels_from is None and run.train_from_labels is False


@pytest.mark.parametrize("role", [Role.TEAM_MANAGER, Role.PRACTITIONER, Role.PARTNER])
def test_others_do_not_see_the_form_at_all(signed_in, service, service_manager, team, role, media):
    decided_run(service, service_manager, some_pairs())
    user = UserFactory(organisation=service, team=team, role=role)
    response = signed_in(user).get("/population/")
    assert response.status_code in {403, 404}
    assert CHOICE not in response.content.decode()


def test_another_organisations_run_is_refused(
    signed_in,
    service,
    service_manager,
    extracts,
    media,
):
    decided_run(service, service_manager, some_pairs())
    other = OrganisationFactory()
    elsewhere = decided_run(other, UserFactory(organisation=other, team=None), some_pairs())
    response = post_run(signed_in(service_manager), extracts, labels_from=elsewhere.pk)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Choose one of the runs listed" in body and "<title>Error:" in body
    assert '<a href="#id_labels_from">Choose one of the runs listed</a>' in body
    assert LinkageRun.objects.count() == 2  # nothing started


def test_training_without_a_run_is_an_error(
    signed_in,
    service,
    service_manager,
    extracts,
    media,
):
    decided_run(service, service_manager, some_pairs())
    client = signed_in(service_manager)
    response = post_run(client, extracts, labels_from="", train_from_labels="on")
    body = response.content.decode()
    assert response.status_code == 200
    assert (
        "Choose the earlier run whose decisions train the model, or untick ‘Also use those "
        "decisions to train the model’"
    ) in body
    assert LinkageRun.objects.count() == 1
    # The file that passed is kept, so the person only puts the choice right.
    assert "<strong>Chosen:</strong> applications.csv" in body


def test_training_needs_30_pairs_decided_as_the_same_person(
    signed_in,
    service,
    service_manager,
    extracts,
    media,
):
    source = decided_run(service, service_manager, some_pairs(same=29, different=20))
    response = post_run(
        signed_in(service_manager), extracts, labels_from=source.pk, train_from_labels="on"
    )
    body = response.content.decode()
    assert (
        f"Run {source.pk} has 29 pairs decided as the same person: training needs at least 30"
    ) in body
    assert LinkageRun.objects.count() == 1


def test_the_choice_is_stored_with_the_run_and_audited(
    signed_in,
    service,
    service_manager,
    extracts,
    media,
):
    source = decided_run(service, service_manager, some_pairs(same=30))
    response = post_run(
        signed_in(service_manager), extracts, labels_from=source.pk, train_from_labels="on"
    )
    run = LinkageRun.objects.exclude(pk=source.pk).get()
    assert response["Location"] == f"/population/runs/{run.pk}/"
    assert run.labels_from == source and run.train_from_labels is True
    entry = AuditEntry.objects.get(description="Linkage run started", object_id=str(run.pk))
    assert entry.detail["labels_from"] == source.pk and entry.detail["train_from_labels"] is True
    page = signed_in(service_manager).get(f"/population/runs/{run.pk}/").content.decode()
    assert f'decisions made on <a class="govuk-link" href="/population/runs/{source.pk}/">' in page
    assert "which also train the model" in page


def test_checking_only_is_stored_without_training(
    signed_in,
    service,
    service_manager,
    extracts,
    media,
):
    source = decided_run(service, service_manager, some_pairs())
    post_run(signed_in(service_manager), extracts, labels_from=source.pk)
    run = LinkageRun.objects.exclude(pk=source.pk).get()
    assert run.labels_from == source and run.train_from_labels is False


def test_the_choice_is_kept_while_the_columns_are_matched(
    signed_in, service, service_manager, media
):
    source = decided_run(service, service_manager, some_pairs())
    client = signed_in(service_manager)
    columns_url, mapping = upload_needing_columns(client, labels_from=source.pk)
    assert "/columns/" in columns_url
    # Back on the form, the choice is still made.
    assert f'<option value="{source.pk}" selected>' in client.get("/population/").content.decode()
    client.post(columns_url, mapping)
    run = LinkageRun.objects.exclude(pk=source.pk).get()
    assert run.labels_from == source and run.train_from_labels is False


def test_a_choice_kept_from_before_is_refused_once_the_user_may_not_see_the_decisions(
    signed_in, service, service_manager, media
):
    """Deny by default: the choice is checked again when the run starts."""
    source = decided_run(service, service_manager, some_pairs())
    client = signed_in(service_manager)
    columns_url, mapping = upload_needing_columns(client, labels_from=source.pk)
    service_manager.role = Role.ANALYST
    service_manager.save()
    body = client.post(columns_url, mapping).content.decode()
    assert "The decisions you chose to check this run against cannot be used" in body
    assert not LinkageRun.objects.exclude(pk=source.pk).exists()


def test_the_form_page_queries_stay_flat_with_many_runs(signed_in, service, service_manager, media):
    client = signed_in(service_manager)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/population/").status_code == 200
        return len(captured)

    decided_run(service, service_manager, some_pairs())
    decided_run(service, service_manager, some_pairs(0, 0, 0, 2))
    queries()  # the first request of a session does more
    few = queries()
    for _ in range(20):
        decided_run(service, service_manager, some_pairs())
        decided_run(service, service_manager, some_pairs(0, 0, 0, 2))
    body = client.get("/population/").content.decode()
    assert body.count(": 3 decisions</option>") == 21
    assert queries() == few


# --- The job ---------------------------------------------------------------------------------


def test_a_finished_job_is_checked_against_the_decisions_and_trained_on_them(
    signed_in,
    service,
    service_manager,
    analyst,
    extracts,
    media,
):
    pairs = truth_pairs(extracts, same=40, different=20)
    outside = [(f"Z{i}:M", f"Z{i}:F", "same") for i in range(5)]  # records not in this run
    source = decided_run(
        service,
        service_manager,
        pairs + outside + [(pairs[0][0], "Y1:M", "cannot_tell")],
        audited=True,
    )
    client = signed_in(service_manager)
    post_run(client, extracts, labels_from=source.pk, train_from_labels="on")
    job = job_run(job_claim_next())
    assert job.status == "succeeded", job.message
    run = LinkageRun.objects.exclude(pk=source.pk).get()

    # The labels file the linkage read: the decisions, as the labels download writes them.
    results = Path(media) / run.results_dir
    with (results / f"run{source.pk}-review-labels.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["unique_id_l", "unique_id_r", "clerical_match_score"]
    assert len(rows) == 65  # 'cannot tell' left out
    assert {(r["unique_id_l"], r["unique_id_r"], r["clerical_match_score"]) for r in rows} == {
        (left, right, "1" if decision == "same" else "0")
        for left, right, decision in pairs + outside
    }
    download = client.get(f"/population/runs/{source.pk}/review/labels.csv").content.decode()
    assert (results / f"run{source.pk}-review-labels.csv").read_text() == download

    labels = run.summary["labels"]
    assert labels["run"] == source.pk and "file" not in labels
    assert (labels["pairs_read"], labels["pairs_used"], labels["left_out"]) == (65, 60, 5)
    assert labels["used_for_training"] is True
    check = labels["check"]
    assert check["pairs"] == 60 and check["labelled_same_person"] == 40
    assert 0 < check["joined_and_labelled_same"] <= check["joined_by_this_run"]
    entry = AuditEntry.objects.get(description="Clerical review labels used to check a linkage run")
    assert entry.actor_id == service_manager.pk and entry.action == "export"
    assert entry.object_id == str(source.pk)
    assert entry.detail == {"run": run.pk, "decisions": 65, "train_from_labels": True}

    # Totals only, for anyone who sees the run.
    page = signed_in(analyst).get(f"/population/runs/{run.pk}/").content.decode()
    assert (
        f"Checked against 65 decisions made on run {source.pk}: 60 of those pairs were in this run."
    ) in page
    assert (
        f"Of the 40 pairs decided as the same person, this run joined "
        f"{check['joined_and_labelled_same']} (recall "
    ) in page
    assert "so this check is not independent of the model" in page
    assert pairs[0][0] not in page


def test_too_few_pairs_of_this_run_to_train_fails_the_job_with_the_reason(
    signed_in,
    service,
    service_manager,
    extracts,
    media,
):
    """30 decided the same person, but only 5 of them are records of this run."""
    pairs = truth_pairs(extracts, same=5, different=5)
    outside = [(f"Z{i}:M", f"Z{i}:F", "same") for i in range(25)]
    source = decided_run(service, service_manager, pairs + outside)
    client = signed_in(service_manager)
    post_run(client, extracts, labels_from=source.pk, train_from_labels="on")
    job = job_run(job_claim_next())
    assert job.status == "failed"
    page = client.get(f"/population/runs/{job.linkage_run.pk}/").content.decode()
    assert "The run did not finish" in page
    assert (
        "The labels have 5 pairs labelled the same person in this run; training from labels "
        "needs at least 30"
    ) in page
    assert "without ‘Also use those decisions to train the model’" in page
    assert "--train-from-labels" not in page


def test_decisions_on_other_extracts_fail_the_job_naming_the_run(
    signed_in,
    service,
    service_manager,
    extracts,
    media,
):
    source = decided_run(service, service_manager, some_pairs())
    client = signed_in(service_manager)
    post_run(client, extracts, labels_from=source.pk)
    job = job_run(job_claim_next())
    assert job.status == "failed"
    assert job.message == (
        f"None of the 3 pairs decided on run {source.pk} are records of this run: were the "
        "labels made on other extracts?"
    )


# --- The run page ----------------------------------------------------------------------------


def checked_run(organisation, user, source: int, trained: bool, **check) -> LinkageRun:
    job = Job.objects.create(kind="linkage_run", params={}, status=Job.Status.SUCCEEDED)
    counts = {
        "pairs": 118,
        "labelled_same_person": 60,
        "joined_by_this_run": 59,
        "joined_and_labelled_same": 58,
        **check,
    }
    return LinkageRun.objects.create(
        organisation=organisation,
        created_by=user,
        job=job,
        summary={
            "records": 1500,
            "persons": 1200,
            "links": 300,
            "loads": [],
            "labels": {
                "run": source,
                "pairs_read": 140,
                "pairs_used": 118,
                "left_out": 22,
                "check": {**counts, "precision": 0.9831, "recall": 0.9667},
                "used_for_training": trained,
            },
        },
    )


def test_the_run_page_states_the_check_in_plain_words(
    signed_in, service, service_manager, analyst, media
):
    run = checked_run(service, service_manager, source=12, trained=False)
    page = signed_in(analyst).get(f"/population/runs/{run.pk}/").content.decode()
    assert "Checked against earlier decisions" in page
    assert (
        "Checked against 140 decisions made on run 12: 118 of those pairs were in this run."
    ) in page
    # Rounded down, as the run's other estimates are: never shown higher than it is.
    assert ("Of the 60 pairs decided as the same person, this run joined 58 (recall 96%).") in page
    assert (
        "Of the 59 pairs this run joined, 58 were decided as the same person (precision 98%)."
    ) in page
    assert "not independent of the model" not in page

    trained = checked_run(service, service_manager, source=12, trained=True)
    page = signed_in(analyst).get(f"/population/runs/{trained.pk}/").content.decode()
    assert (
        "These decisions were also used to train the model, so this check is not independent "
        "of the model."
    ) in page


def test_the_run_page_says_when_a_share_cannot_be_measured(signed_in, service, service_manager):
    run = checked_run(
        service,
        service_manager,
        source=12,
        trained=False,
        pairs=1,
        labelled_same_person=0,
        joined_by_this_run=0,
        joined_and_labelled_same=0,
    )
    run.summary["labels"]["pairs_used"] = 1
    run.save()
    page = signed_in(service_manager).get(f"/population/runs/{run.pk}/").content.decode()
    assert "Checked against 140 decisions made on run 12: 1 of those pairs was in this run." in page
    assert "None of those pairs was decided as the same person" in page
    assert "This run joined none of those pairs" in page
    assert "recall" not in page and "precision" not in page


def test_a_run_not_checked_says_nothing_of_it(signed_in, service, service_manager):
    job = Job.objects.create(kind="linkage_run", params={}, status=Job.Status.SUCCEEDED)
    run = LinkageRun.objects.create(
        organisation=service, created_by=service_manager, job=job, summary={"records": 2}
    )
    page = signed_in(service_manager).get(f"/population/runs/{run.pk}/").content.decode()
    assert "Checked against" not in page and "Earlier decisions" not in page
