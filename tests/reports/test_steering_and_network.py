"""The monthly steering-group report made by the worker and kept for download; the network
view counts only services that agreed to take part, with the same suppression."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from alongside.accounts.models import Role
from alongside.audit.models import AuditEntry
from alongside.jobs.services import job_claim, job_run
from alongside.reports.models import Network
from alongside.reports.selectors import Scope, network_organisations, report_for
from alongside.reports.services import (
    month_before,
    network_create,
    network_invite,
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
    admin = UserFactory(organisation=host, team=None, role=Role.ADMINISTRATOR)
    network = network_create(user=admin, name="National network")
    (a, a_manager), (b, b_manager), (c, c_manager) = (_service_with_contacts(n) for n in (6, 7, 50))
    for service in (a, b):
        network_invite(user=admin, network=network, organisation=service)
    network_join(user=a_manager, network=network, on=date(2025, 1, 1))
    network_join(user=b_manager, network=network, on=date(2025, 1, 1))
    network_withdraw(user=b_manager, network=network, on=date(2025, 1, 2))
    network_join(user=b_manager, network=network, on=date(2025, 1, 3))
    with pytest.raises(ValidationError):  # c was never invited
        network_join(user=c_manager, network=network, on=date(2025, 1, 1))
    members = network_organisations(network, date(2025, 6, 1))
    assert {m.pk for m in members} == {a.pk, b.pk}
    scope = Scope(date(2025, 1, 1), date(2025, 12, 31), tuple(m.pk for m in members), network=True)
    assert report_for(scope).figure("contacts_by_type", "total", "contacts") == "13"
    analyst = UserFactory(organisation=host, team=None, role=Role.ANALYST)
    page = signed_in(analyst).get(f"/reports/networks/{network.pk}/")
    assert page.status_code == 200 and "National network" in page.content.decode()
    outsider = UserFactory(organisation=a, team=None, role=Role.ANALYST)
    assert signed_in(outsider).get(f"/reports/networks/{network.pk}/").status_code == 404


PERIOD = "start_0=1&start_1=1&start_2=2025&end_0=31&end_1=12&end_2=2025"


def test_networks_are_run_from_pages_and_a_service_that_withdraws_is_not_counted(signed_in, db):
    """The host's administrator creates a network and invites services; each service's
    manager agrees or withdraws; the host's analyst reads the aggregates (the nav links to
    them). Every step is audited."""
    host = OrganisationFactory(name="Regional partnership")
    admin = signed_in(UserFactory(organisation=host, team=None, role=Role.ADMINISTRATOR))
    assert "Networks" in admin.get("/").content.decode()
    response = admin.post("/reports/networks/manage/", {"name": "North partnership"})
    network = Network.objects.get(name="North partnership")
    assert response.status_code == 302 and network.organisation_id == host.pk
    assert admin.post("/reports/networks/manage/", {"name": "north partnership"}).status_code == 200
    (a, a_manager), (b, b_manager), (c, c_manager) = (_service_with_contacts(n) for n in (6, 7, 50))
    for service in (a, b):
        answer = admin.post(f"/reports/networks/{network.pk}/manage/", {"organisation": service.pk})
        assert answer.status_code == 302
    page = admin.get(f"/reports/networks/{network.pk}/manage/").content.decode()
    assert page.count("Invited: not yet agreed") == 2

    a_client, b_client = signed_in(a_manager), signed_in(b_manager)
    assert network.name in a_client.get("/reports/taking-part/").content.decode()
    for client in (a_client, b_client):
        client.post("/reports/taking-part/", {"network": network.pk, "take_part": "yes"})
    # c was never invited: it cannot agree, and does not see the network.
    c_client = signed_in(c_manager)
    assert network.name not in c_client.get("/reports/taking-part/").content.decode()
    refused = c_client.post("/reports/taking-part/", {"network": network.pk, "take_part": "yes"})
    assert refused.status_code == 404
    assert c_client.post("/reports/taking-part/", {"network": "x"}).status_code == 404

    analyst = signed_in(UserFactory(organisation=host, team=None, role=Role.ANALYST))
    nav_link = 'govuk-service-navigation__link" href="/reports/networks/"'
    assert nav_link in analyst.get("/reports/").content.decode()
    elsewhere = signed_in(UserFactory(organisation=a, team=None, role=Role.ANALYST))
    assert nav_link not in elsewhere.get("/reports/").content.decode()  # a hosts no network
    view = analyst.get(f"/reports/networks/{network.pk}/?{PERIOD}").content.decode()
    assert a.name in view and b.name in view and c.name not in view

    def total_contacts() -> str:
        members = network_organisations(network, timezone.localdate())
        scope = Scope(date(2025, 1, 1), date(2025, 12, 31), tuple(m.pk for m in members))
        return report_for(scope).figure("contacts_by_type", "total", "contacts")

    assert total_contacts() == "13"
    b_client.post("/reports/taking-part/", {"network": network.pk, "take_part": "no"})
    # Withdrawn today: b is not counted in the next view.
    assert total_contacts() == "6"
    view = analyst.get(f"/reports/networks/{network.pk}/?{PERIOD}").content.decode()
    assert b.name not in view
    assert "Withdrew on" in admin.get(f"/reports/networks/{network.pk}/manage/").content.decode()

    described = set(AuditEntry.objects.values_list("description", flat=True))
    assert {
        "Network North partnership created",
        f"{a.name} invited to take part in North partnership",
        "Agreed to take part in North partnership",
        "Withdrew from North partnership",
        "Network report",
    } <= described
    # Another organisation's administrator cannot manage it.
    other_admin = signed_in(
        UserFactory(organisation=OrganisationFactory(), team=None, role=Role.ADMINISTRATOR)
    )
    assert other_admin.get(f"/reports/networks/{network.pk}/manage/").status_code == 404
    assert (
        other_admin.post(
            f"/reports/networks/{network.pk}/manage/", {"organisation": c.pk}
        ).status_code
        == 404
    )


def test_the_host_withdraws_an_invitation_and_the_service_stops_being_counted(signed_in, db):
    """From the network's page: the service taking part is not counted from that day, cannot
    agree again, and can be invited again. Only the host's administrator can, by POST."""
    host = OrganisationFactory(name="National programme")
    admin_user = UserFactory(organisation=host, team=None, role=Role.ADMINISTRATOR)
    admin = signed_in(admin_user)
    network = network_create(user=admin_user, name="Practice network")
    (a, a_manager), (b, b_manager) = (_service_with_contacts(n) for n in (6, 7))
    for service, manager in ((a, a_manager), (b, b_manager)):
        network_invite(user=admin_user, network=network, organisation=service)
        network_join(user=manager, network=network, on=timezone.localdate())
    invitation = network.invitations.get(organisation=a)
    url = f"/reports/networks/{network.pk}/manage/invitations/{invitation.pk}/withdraw/"
    page = admin.get(f"/reports/networks/{network.pk}/manage/").content.decode()
    assert f'action="{url}"' in page and "Withdraw the invitation" in page

    # Not by GET, not by another organisation's administrator, not through another network.
    assert admin.get(url).status_code == 405
    stranger = UserFactory(organisation=OrganisationFactory(), team=None, role=Role.ADMINISTRATOR)
    assert signed_in(stranger).post(url).status_code == 404
    other = network_create(user=admin_user, name="Another network")
    wrong = f"/reports/networks/{other.pk}/manage/invitations/{invitation.pk}/withdraw/"
    assert admin.post(wrong).status_code == 404
    assert network.invitations.filter(pk=invitation.pk).exists()

    response = admin.post(url)
    assert response.status_code == 302
    after = admin.get(response["Location"]).content.decode()
    assert f"The invitation to {a.name} is withdrawn" in after
    assert [m.name for m in network_organisations(network, timezone.localdate())] == [b.name]
    a_client = signed_in(a_manager)
    assert network.name not in a_client.get("/reports/taking-part/").content.decode()
    again = a_client.post("/reports/taking-part/", {"network": network.pk, "take_part": "yes"})
    assert again.status_code == 404
    described = set(AuditEntry.objects.values_list("description", flat=True))
    assert f"Invitation to {a.name} to take part in Practice network withdrawn" in described
    assert f"{a.name} no longer counted in Practice network: the invitation was withdrawn" in (
        described
    )
    # Invited again, it can agree again.
    network_invite(user=admin_user, network=network, organisation=a)
    network_join(user=a_manager, network=network, on=timezone.localdate())
    assert {m.name for m in network_organisations(network, timezone.localdate())} == {
        a.name,
        b.name,
    }
