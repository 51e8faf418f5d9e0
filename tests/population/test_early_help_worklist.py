"""The early-help list is a worklist: one row per person, the likeliest match first, names and
dates as people read them, the identifiable-data notice once, and 'Start a referral' for those
who may refer. The list is written here as a run writes it (no linking needed)."""

import json
import re
from datetime import date
from html import escape
from pathlib import Path

import pytest
from faker import Faker

from alongside import policy
from alongside.accounts.models import Role
from alongside.audit.models import AuditEntry
from alongside.jobs.models import Job
from alongside.linkage import csv_safe
from alongside.linkage.early_help import IDENTIFIABLE_NOTICE
from alongside.population.models import LinkageRun

from ..factories import UserFactory

# The columns of early_help_candidates.csv, as linkage/early_help.py writes them.
COLUMNS = [
    "notice",
    "source",
    "source_id",
    "linked_person_id",
    "given_name",
    "family_name",
    "dob",
    "postcode",
    "previous_proceedings",
    "previous_removals",
    "last_issue_date",
    "local_authority",
    "court",
    "last_final_order",
    "match_probability",
]
NOTICE_ON_PAGE = "This page shows identifiable data"


@pytest.fixture
def fake():
    faker = Faker("en_GB")
    faker.seed_instance(12)
    return faker


def candidate(fake, person: str, probability: float, **values) -> dict:
    row = {
        "notice": IDENTIFIABLE_NOTICE,
        "source": "midwifery booking",
        "source_id": f"B{person}",
        "linked_person_id": person,
        "given_name": fake.first_name_female(),
        "family_name": fake.last_name(),
        "dob": fake.date_of_birth(minimum_age=18, maximum_age=40).isoformat(),
        "postcode": "LS1 4AP",
        "previous_proceedings": "2",
        "previous_removals": "1",
        "last_issue_date": "2021-05-03",
        "local_authority": "Leeds City Council",
        "court": "Leeds Family Court",
        "last_final_order": "2022-01-10",
        "match_probability": str(probability),
    }
    row.update(values)
    return row


def run_with_list(media: Path, organisation, user, rows: list[dict], columns=COLUMNS) -> LinkageRun:
    run = LinkageRun.objects.create(
        organisation=organisation,
        created_by=user,
        job=Job.objects.create(kind="linkage_run", params={}, status=Job.Status.SUCCEEDED),
        results_dir="linkage/test/results",
    )
    path = Path(media) / run.results_dir / "early_help_candidates.csv"
    path.parent.mkdir(parents=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv_safe.dict_writer(handle, columns)
        writer.writeheader()
        writer.writerows({c: row.get(c, "") for c in columns} for row in rows)
    return run


def names_in_order(body: str) -> list[str]:
    return re.findall(r'<th scope="row" class="govuk-table__header"[^>]*>(.*?)</th>', body)


def refer_links(body: str) -> list[str]:
    return re.findall(r'href="([^"]+/refer/)"', body)


def test_the_likeliest_match_comes_first_with_uk_dates_and_the_notice_once(
    signed_in, service, service_manager, media, fake
):
    likely = candidate(fake, "P0000002", 0.9912, dob="1998-03-04", family_name="O'Brien")
    recent = candidate(fake, "P0000003", 0.91, last_issue_date="2023-09-01")
    older = candidate(fake, "P0000001", 0.91, last_issue_date="2019-02-11")
    run = run_with_list(media, service, service_manager, [older, likely, recent])

    response = signed_in(service_manager).get(f"/population/runs/{run.pk}/early-help/")

    body = response.content.decode()
    assert response.status_code == 200
    expected = [escape(f"{r['given_name']} {r['family_name']}") for r in (likely, recent, older)]
    assert names_in_order(body) == expected
    assert "O&#x27;Brien" in body  # the name as stored, apostrophe and capitals kept
    assert "4 March 1998" in body and "1998-03-04" not in body
    assert "99%" in body and "91%" in body
    assert "Leeds City Council, Leeds Family Court" in body and "Issued 3 May 2021" in body
    assert body.count(NOTICE_ON_PAGE) == 1
    assert IDENTIFIABLE_NOTICE not in body
    assert len(refer_links(body)) == 3
    assert AuditEntry.objects.filter(
        actor_id=service_manager.pk,
        object_id=str(run.pk),
        description="Early-help candidates viewed (identifiable)",
    ).exists()


def test_a_person_in_both_lists_is_one_row_with_the_likelier_match(
    signed_in, service, service_manager, media, fake
):
    booking = candidate(fake, "P0000007", 0.82)
    leaver = {**booking, "source": "care leaver", "source_id": "L9", "match_probability": "0.97"}
    run = run_with_list(media, service, service_manager, [booking, leaver])

    body = signed_in(service_manager).get(f"/population/runs/{run.pk}/early-help/").content.decode()

    assert len(names_in_order(body)) == 1
    assert "Midwifery booking, Care leavers list" in body
    assert "97%" in body and "82%" not in body


def test_start_a_referral_opens_the_referral_form_with_the_name_and_date_of_birth(
    signed_in, service, service_manager, media, fake
):
    row = candidate(fake, "P0000004", 0.95, given_name="Siobhán", family_name="D'Arcy-Jones")
    row["dob"] = "1998-03-04"
    run = run_with_list(media, service, service_manager, [row])
    client = signed_in(service_manager)
    body = client.get(f"/population/runs/{run.pk}/early-help/").content.decode()
    (link,) = refer_links(body)
    assert escape("Start a referral") in body

    handed_over = client.get(link)

    # The name goes through the session, encrypted; never in the address.
    assert handed_over.status_code == 302 and handed_over["Location"] == "/referrals/new/"
    assert "Arcy" not in json.dumps(dict(client.session))
    form_page = client.get(handed_over["Location"])
    parent_form = form_page.context["parent_form"]
    referral_form = form_page.context["referral_form"]
    assert parent_form.initial["given_name"] == "Siobhán"
    assert parent_form.initial["family_name"] == "D'Arcy-Jones"
    assert parent_form.initial["date_of_birth"] == date(1998, 3, 4)
    assert referral_form.initial["source"] == "other"
    assert (
        referral_form.initial["referrer_organisation"] == f"Early-help list (linkage run {run.pk})"
    )
    page = form_page.content.decode()
    assert 'value="{}"'.format(escape(row["family_name"])) in page
    assert 'value="1998"' in page
    # Taken once: the next new referral starts empty.
    again = client.get("/referrals/new/").context["parent_form"]
    assert "given_name" not in again.initial
    assert AuditEntry.objects.filter(
        actor_id=service_manager.pk,
        description="Early-help candidate taken to a new referral (identifiable)",
    ).exists()


def test_no_referral_link_for_someone_who_cannot_refer(
    signed_in, service, service_manager, media, fake, monkeypatch
):
    without = {**policy.ROLE_ACTIONS}
    without[Role.SERVICE_MANAGER] = without[Role.SERVICE_MANAGER] - {policy.Action.CREATE_REFERRAL}
    monkeypatch.setattr(policy, "ROLE_ACTIONS", without)
    run = run_with_list(media, service, service_manager, [candidate(fake, "P0000005", 0.9)])
    client = signed_in(service_manager)

    body = client.get(f"/population/runs/{run.pk}/early-help/").content.decode()

    assert len(names_in_order(body)) == 1
    assert "Start a referral" not in body and refer_links(body) == []
    assert client.get(f"/population/runs/{run.pk}/early-help/P0000005/refer/").status_code == 403


def test_an_analyst_sees_neither_the_list_nor_the_referral_step(
    signed_in, service, service_manager, media, fake
):
    run = run_with_list(media, service, service_manager, [candidate(fake, "P0000006", 0.9)])
    analyst = UserFactory(organisation=service, team=None, role=Role.ANALYST)
    client = signed_in(analyst)
    assert client.get(f"/population/runs/{run.pk}/early-help/").status_code == 403
    assert client.get(f"/population/runs/{run.pk}/early-help/P0000006/refer/").status_code == 403


def test_a_list_from_before_names_were_kept_as_stored_still_reads_well(
    signed_in, service, service_manager, media
):
    old_columns = [
        "notice",
        "source",
        "source_id",
        "linked_person_id",
        "forename",
        "surname",
        "dob",
        "postcode",
        "previous_removals",
        "last_final_order",
        "match_probability",
    ]
    row = {
        "notice": IDENTIFIABLE_NOTICE,
        "source": "care leaver",
        "source_id": "L1",
        "linked_person_id": "P0000008",
        "forename": "mary-jane",
        "surname": "o'neill",
        "dob": "1999-12-25",
        "previous_removals": "2",
        "match_probability": "0.88",
    }
    run = run_with_list(media, service, service_manager, [row], columns=old_columns)

    body = signed_in(service_manager).get(f"/population/runs/{run.pk}/early-help/").content.decode()

    assert names_in_order(body) == [escape("Mary-Jane O'Neill")]
    assert "25 December 1999" in body and "2 ended in removal" in body
