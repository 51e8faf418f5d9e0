"""The monthly steering-group report made by the worker and kept for download; the network
view counts only services that agreed to take part, with the same suppression."""

from datetime import date

from alongside.accounts.models import Role
from alongside.jobs.services import job_claim, job_run
from alongside.reports.models import Network
from alongside.reports.selectors import Scope, network_organisations, report_for
from alongside.reports.services import (
    month_before,
    network_join,
    network_withdraw,
    steering_report_enqueue,
)
from tests.factories import (
    ContactFactory,
    EpisodeFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
)


def test_the_worker_makes_the_months_report_and_it_is_kept(signed_in, db):
    org = OrganisationFactory()
    analyst = UserFactory(organisation=org, team=None, role=Role.ANALYST)
    kept = steering_report_enqueue(organisation_id=org.pk, month=date(2025, 3, 1), user=analyst)
    job = job_run(job_claim(kept.job_id))
    assert job.status == "succeeded", job.message
    kept.refresh_from_db()
    assert bytes(kept.pdf).startswith(b"%PDF") and bytes(kept.xlsx)[:2] == b"PK"
    client = signed_in(analyst)
    assert "March 2025" in client.get("/reports/steering/").content.decode()
    response = client.get(f"/reports/steering/{kept.pk}/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    other = UserFactory(organisation=OrganisationFactory(), team=None, role=Role.ANALYST)
    assert signed_in(other).get(f"/reports/steering/{kept.pk}/report.pdf").status_code == 404


def test_the_worker_queues_and_builds_last_months_report_for_each_service_once(db):
    from django.core.management import call_command
    from django.utils import timezone

    from alongside.reports.models import SteeringReport

    first, second = OrganisationFactory(), OrganisationFactory()
    call_command("worker", once=True)
    month = month_before(timezone.localdate())
    reports = SteeringReport.objects.filter(month=month)
    assert sorted(reports.values_list("organisation_id", flat=True)) == [first.pk, second.pk]
    assert all(bytes(r.pdf).startswith(b"%PDF") for r in reports)
    call_command("worker", once=True)  # a second look queues nothing more
    assert SteeringReport.objects.filter(month=month).count() == 2


def test_month_before():
    assert month_before(date(2026, 1, 15)) == date(2025, 12, 1)


def _service_with_contacts(n: int):
    org = OrganisationFactory()
    team = TeamFactory(organisation=org)
    worker = UserFactory(organisation=org, team=team)
    manager = UserFactory(organisation=org, team=None, role=Role.SERVICE_MANAGER)
    episode = EpisodeFactory(
        organisation=org, team=team, key_worker=worker, opened_on=date(2025, 1, 1)
    )
    for _ in range(n):
        ContactFactory(episode=episode, happened_on=date(2025, 2, 1), contact_type="phone")
    return org, manager


def test_the_network_counts_only_services_taking_part(signed_in, db):
    host = OrganisationFactory(name="National programme")
    network = Network.objects.create(organisation=host, name="National network")
    (a, a_manager), (b, b_manager), (c, _) = (_service_with_contacts(n) for n in (6, 7, 50))
    network_join(user=a_manager, network=network, on=date(2025, 1, 1))
    network_join(user=b_manager, network=network, on=date(2025, 1, 1))
    network_withdraw(user=b_manager, network=network, on=date(2025, 1, 2))
    network_join(user=b_manager, network=network, on=date(2025, 1, 3))
    members = network_organisations(network, date(2025, 6, 1))
    assert {m.pk for m in members} == {a.pk, b.pk}  # c never agreed
    scope = Scope(date(2025, 1, 1), date(2025, 12, 31), tuple(m.pk for m in members), network=True)
    assert report_for(scope).figure("contacts_by_type", "total", "contacts") == "13"
    analyst = UserFactory(organisation=host, team=None, role=Role.ANALYST)
    page = signed_in(analyst).get(f"/reports/networks/{network.pk}/")
    assert page.status_code == 200 and "National network" in page.content.decode()
    outsider = UserFactory(organisation=a, team=None, role=Role.ANALYST)
    assert signed_in(outsider).get(f"/reports/networks/{network.pk}/").status_code == 404
