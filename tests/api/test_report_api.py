"""The partner API's impact reports: read-only, the token's own service only (or a network its
organisation oversees), scope 'reports:read', every figure as published (suppressed), every
read audited."""

from datetime import date

import pytest
from django.utils import timezone

from alongside.accounts.models import Role
from alongside.api.services import api_token_issue
from alongside.audit.models import AuditEntry
from alongside.core.suppression import FEWER_THAN_5
from alongside.reports.selectors import Scope, report_for
from alongside.reports.services import (
    network_create,
    network_invite,
    network_join,
    network_withdraw,
)

from ..factories import (
    ContactFactory,
    EpisodeFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
)
from .conftest import PartnerClient

pytestmark = pytest.mark.django_db

PERIOD = "start=2025-01-01&end=2025-12-31"
SECTIONS = {
    "oba": ["how_much", "how_well", "better_off"],
    "fidelity": ["fidelity"],
    "equality": ["equality"],
    "flow": ["flow"],
    "costs": ["costs"],
}


def with_contacts(org, n: int):
    team = TeamFactory(organisation=org)
    worker = UserFactory(organisation=org, team=team)
    episode = EpisodeFactory(
        organisation=org, team=team, key_worker=worker, opened_on=date(2025, 1, 1)
    )
    for _ in range(n):
        ContactFactory(episode=episode, happened_on=date(2025, 2, 1), contact_type="phone")
    return worker


def token_for(organisation, partner, scopes=("reports:read",)) -> PartnerClient:
    manager = UserFactory(organisation=organisation, team=None, role=Role.SERVICE_MANAGER)
    _, secret = api_token_issue(
        organisation=organisation,
        partner=partner,
        name="Reporting",
        scopes=list(scopes),
        days=5,
        created_by=manager,
    )
    return PartnerClient(secret)


def counts(body: dict) -> list:
    return [
        value
        for section in body["sections"]
        for table in section["tables"]
        for row in table["rows"]
        for value in row["cells"].values()
    ]


def test_each_report_of_the_tokens_own_service_as_published(partner_client, service):
    with_contacts(service, 7)
    published = report_for(Scope(date(2025, 1, 1), date(2025, 12, 31), (service.pk,)))
    for kind, sections in SECTIONS.items():
        response = partner_client.get(f"/api/services/{service.pk}/reports/{kind}?{PERIOD}")
        assert response.status_code == 200, response.content
        body = response.json()
        assert [s["key"] for s in body["sections"]] == sections
        assert body["covers"] == service.name and body["services_counted"] == 1
        # Every figure is the one the pages and files show (one suppression pass for all).
        for section in body["sections"]:
            for table in section["tables"]:
                for row in table["rows"]:
                    for column, cell in row["cells"].items():
                        shown = published.figure(table["key"], row["key"], column)
                        if isinstance(cell, dict):
                            assert cell == {"suppressed": True, "shown_as": shown}
                        elif isinstance(cell, int) and not isinstance(cell, bool):
                            assert str(cell) == shown
    oba = partner_client.get(f"/api/services/{service.pk}/reports/oba?{PERIOD}").json()
    table = next(t for s in oba["sections"] for t in s["tables"] if t["key"] == "contacts_by_type")
    cells = {row["key"]: row["cells"]["contacts"] for row in table["rows"]}
    assert cells["phone"] == 7 and cells["total"] == 7
    assert cells["home_visit"] == 0
    # No count from 1 to 4 is ever a number.
    assert not any(type(v) is int and 1 <= v <= 4 for v in counts(oba))
    assert {"suppressed": True, "shown_as": FEWER_THAN_5} in counts(oba)  # parents worked with: 1


def test_another_organisations_token_and_a_token_without_the_scope_are_refused(
    partner_client, partner_org, service
):
    with_contacts(service, 7)
    other_service = OrganisationFactory()
    other = token_for(other_service, partner_org)
    assert other.get(f"/api/services/{service.pk}/reports/oba?{PERIOD}").status_code == 404
    assert other.get(f"/api/services/{other_service.pk}/reports/oba?{PERIOD}").status_code == 200
    no_scope = token_for(service, partner_org, scopes=("criteria:read",))
    assert no_scope.get(f"/api/services/{service.pk}/reports/oba?{PERIOD}").status_code == 403
    assert (
        PartnerClient("alg_nope").get(f"/api/services/{service.pk}/reports/oba").status_code == 401
    )
    refused = AuditEntry.objects.filter(description__startswith="API:", outcome="refused")
    assert refused.count() == 3


def test_the_period_is_checked(partner_client, service):
    url = f"/api/services/{service.pk}/reports/equality"
    wrong = partner_client.get(f"{url}?start=2025-12-31&end=2025-01-01")
    assert wrong.status_code == 422
    assert "end must be the same as or after start" in wrong.content.decode()
    assert partner_client.get(f"{url}?start=1066-10-14&end=2025-01-01").status_code == 422
    assert partner_client.get(url).status_code == 422
    assert (
        partner_client.get(f"/api/services/{service.pk}/reports/gossip?{PERIOD}").status_code == 422
    )


def test_reads_are_audited(partner_client, service, token_pair):
    partner_client.get(f"/api/services/{service.pk}/reports/flow?{PERIOD}")
    entry = AuditEntry.objects.get(description="API: impact report read (flow)")
    assert entry.outcome == "allowed" and token_pair[0].prefix in entry.actor_label
    assert entry.action == "view"


def test_a_network_for_the_organisation_that_oversees_it_only(partner_org):
    host = OrganisationFactory(name="National programme")
    admin = UserFactory(organisation=host, team=None, role=Role.ADMINISTRATOR)
    network = network_create(user=admin, name="National network")
    services = [OrganisationFactory() for _ in range(3)]
    for service, n in zip(services, (6, 7, 50), strict=True):
        with_contacts(service, n)
    managers = [UserFactory(organisation=s, team=None, role=Role.SERVICE_MANAGER) for s in services]
    for service, manager in zip(services[:2], managers[:2], strict=True):
        network_invite(user=admin, network=network, organisation=service)
        network_join(user=manager, network=network, on=date(2025, 1, 1))
    client = token_for(host, partner_org)
    listed = client.get("/api/networks")
    assert listed.status_code == 200
    assert listed.json() == [
        {"id": network.pk, "name": "National network", "services_taking_part": 2}
    ]

    def total_contacts():
        body = client.get(f"/api/networks/{network.pk}/reports/oba?{PERIOD}").json()
        table = next(
            t for s in body["sections"] for t in s["tables"] if t["key"] == "contacts_by_type"
        )
        return body["services_counted"], next(
            r["cells"]["contacts"] for r in table["rows"] if r["key"] == "total"
        )

    assert total_contacts() == (2, 13)  # the third service was never invited
    network_withdraw(user=managers[1], network=network, on=timezone.localdate())
    assert total_contacts() == (1, 6)  # a service that withdraws is not counted
    assert AuditEntry.objects.filter(
        description="API: network report read (oba)", object_id=str(network.pk)
    ).exists()
    # A member service's token, or any other organisation's, does not reach the network.
    member = token_for(services[0], partner_org)
    assert member.get("/api/networks").json() == []
    assert member.get(f"/api/networks/{network.pk}/reports/oba?{PERIOD}").status_code == 404
    assert client.get(f"/api/networks/{network.pk + 1}/reports/oba?{PERIOD}").status_code == 404
