"""Every URL pattern, for every role: the access policy holds.

The list of URLs comes from the URL configuration itself, so a new page cannot escape this test.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from alongside.accounts.models import Role
from alongside.jobs.models import Job
from alongside.population.models import LinkageRun
from alongside.portal.models import PortalAccount

from .factories import (
    EpisodeFactory,
    OrganisationFactory,
    ParentFactory,
    TeamFactory,
    UserFactory,
)

PUBLIC_NAMES = {
    "accounts:sign-in",
    "accounts:signed-out",
    "accounts:enrol",
    "health",
    "portal:leave",
    "portal:sign-in",
    "portal:invitation",
    # The national directory of services: public, no personal data.
    "directory:index",
    "directory:area",
    "directory:region",
    "directory:service",
    "directory:coverage",
    "directory:export-csv",
    "directory:export-json",
    # Referrals without an account: a partner organisation's link, a parent referring
    # themselves, the referrer's status page (each a secret or signed address); the API's schema
    # and its documentation.
    "referrals:partner-link",
    "referrals:self",
    "referrals:status",
    "api:openapi-json",
    "api:api-root",
    "api-docs",
}
# The partner API: its own bearer tokens, never a session; without one, 401.
API_NAMES = {
    "api:submit_referral",
    "api:read_referral",
    "api:criteria",
    "api:read_service_report",
    "api:list_networks",
    "api:read_network_report",
}
# Pages for someone who has given a password but not yet the second factor.
TWO_FACTOR_NAMES = {
    "accounts:two-factor",
    "accounts:set-up-two-factor",
    "portal:two-factor",
    "portal:set-up",
    "portal:set-up-app",
    "portal:set-up-email",
}


def all_url_patterns(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from all_url_patterns(pattern, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}", prefix + str(pattern.pattern), pattern.callback


def fill(route: str, pk: int) -> str:
    return "/" + re.sub(r"<str:\w+>", "persons.csv", re.sub(r"<int:\w+>", str(pk), route))


ROUTES = list(all_url_patterns())
RECORD_ROUTES = [r for r in ROUTES if "<int:" in r[1]]


def test_every_view_declares_an_access_rule():
    undeclared = [name for name, _, view in ROUTES if not hasattr(view, "access")]
    assert undeclared == []


def test_the_url_list_is_not_empty_and_covers_the_journey():
    names = {name for name, _, _ in ROUTES}
    for expected in ["home", "people:overview", "referrals:new", "plans:contact-new"]:
        assert expected in names


@pytest.fixture
def other_org_episode(db):
    """A parent in a different service: nobody in the test service may reach it."""
    other = OrganisationFactory()
    worker = UserFactory(organisation=other, role=Role.PRACTITIONER)
    parent = ParentFactory(organisation=other, given_name="Ottoline", family_name="Farthingale")
    episode = EpisodeFactory(organisation=other, team=worker.team, key_worker=worker, parent=parent)
    job = Job.objects.create(kind="linkage_run", params={})
    episode.linkage_run = LinkageRun.objects.create(
        organisation=other, created_by=worker, job=job, results_dir="linkage/x/results"
    )
    return episode


@pytest.mark.parametrize("name,route,view", ROUTES, ids=[r[0] for r in ROUTES])
def test_anonymous_is_sent_to_sign_in(client, db, name, route, view, other_org_episode):
    url = fill(route, other_org_episode.pk)
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        if name in PUBLIC_NAMES:
            assert response.status_code in (200, 302, 404, 405)
        elif name in API_NAMES:
            assert response.status_code in (401, 405), f"{method} {url}"
        else:
            assert response.status_code == 302, f"{method} {url}"
            assert response["Location"].startswith("/sign-in/")


@pytest.mark.parametrize("role", [r.value for r in Role])
@pytest.mark.parametrize("name,route,view", RECORD_ROUTES, ids=[r[0] for r in RECORD_ROUTES])
def test_no_role_reaches_another_organisations_records(
    signed_in, db, role, name, route, view, other_org_episode
):
    service = OrganisationFactory()
    team = TeamFactory(organisation=service)
    user = UserFactory(organisation=service, team=team, role=role)
    client = signed_in(user)
    # Parent ids and episode/referral ids of the other service.
    records = other_org_episode
    for pk in {records.pk, records.parent_id, records.referral_id, records.linkage_run.pk}:
        url = fill(route, pk)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code in (403, 404, 405), f"{role} {method} {url}"
            assert "Farthingale" not in response.content.decode()


# What each role may open, among the pages without a record in the URL.
EXPECTED_OPEN = {
    "practitioner": {"home", "accounts:change-password", "referrals:new", "sharing:find"},
    "team_manager": {
        "home",
        "accounts:change-password",
        "referrals:new",
        "referrals:list",
        "sharing:find",
    },
    "service_manager": {
        "home",
        "accounts:change-password",
        "referrals:new",
        "referrals:list",
        "referrals:partners",
        "partner_api:tokens",
        "population:runs",
        "programmes:settings",
        "programmes:guide",
        "sharing:find",
        "directory:publish",
        "reports:index",
        "reports:pdf",
        "reports:xlsx",
        "reports:settings",
        "reports:steering",
        "reports:participation",
    },
    "partner": {
        "home",
        "accounts:change-password",
        "sharing:shared-list",
        "referrals:partner-new",
        "referrals:partner-sent",
    },
    "analyst": {
        "home",
        "accounts:change-password",
        "population:runs",
        "reports:index",
        "reports:pdf",
        "reports:xlsx",
        "reports:settings",
        "reports:steering",
        "reports:networks",
    },
    "administrator": {
        "home",
        "accounts:change-password",
        "accounts:users",
        "accounts:user-new",
        "accounts:team-new",
        "referrals:partners",
        "partner_api:tokens",
        "directory:manage",
        "directory:manage-new",
        "reports:network-manage",
    },
    # A parent opens their own space and nothing of the staff pages ('home' and the staff
    # password page send them there).
    "parent": {
        "portal:plan",
        "portal:achievements",
        "portal:achievement-new",
        "portal:wellbeing",
        "portal:wellbeing-new",
        "portal:shared",
        "portal:information",
        "portal:information-download",
        "portal:messages",
        "portal:account",
        "portal:change-password",
    },
}


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_each_role_opens_only_its_pages(signed_in, db, role):
    service = OrganisationFactory()
    user = UserFactory(organisation=service, team=TeamFactory(organisation=service), role=role)
    if role == Role.PARENT:
        PortalAccount.objects.create(user=user, parent=ParentFactory(organisation=service))
    client = signed_in(user)
    opened = set()
    for name, route, _view in ROUTES:
        if "<" in route or name in PUBLIC_NAMES | TWO_FACTOR_NAMES | API_NAMES:
            continue
        response = client.get(fill(route, 0))
        if response.status_code == 200:
            opened.add(name)
        else:
            assert response.status_code in (302, 403, 405), f"{name}: {response.status_code}"
    assert opened == EXPECTED_OPEN[role]


def test_signed_in_without_second_factor_is_sent_to_two_factor(client, practitioner):
    client.force_login(practitioner)
    for name, route, _view in ROUTES:
        if (
            "<" in route
            or name in PUBLIC_NAMES | TWO_FACTOR_NAMES | API_NAMES
            or name == "accounts:sign-out"
        ):
            continue
        response = client.get(fill(route, 0))
        if response.status_code == 405:
            continue
        assert response.status_code == 302, name
        assert response["Location"] == "/sign-in/two-factor/", name
