"""Attacks a hostile user or site might try, each refused."""

import pytest
from django.test import Client

from alongside.accounts.models import Role

from .conftest import sign_in
from .factories import EpisodeFactory, TeamFactory, UserFactory
from .test_access_policy_urls import API_NAMES, ROUTES, fill


@pytest.mark.parametrize("name,route,view", ROUTES, ids=[r[0] for r in ROUTES])
def test_every_url_refuses_a_post_without_a_csrf_token(service_manager, episode, name, route, view):
    client = sign_in(Client(enforce_csrf_checks=True), service_manager)
    response = client.post(fill(route, episode.pk), {"anything": "x"})
    if name in API_NAMES:
        # The partner API takes bearer tokens only and never reads the session cookie, so a
        # hostile page cannot act through a signed-in browser: a session alone gets 401 (or
        # 405 for an operation without POST), never an answer.
        assert response.status_code in (401, 405), name
        return
    assert response.status_code == 403, name


def test_csrf_failure_page_explains_what_to_do(service_manager):
    client = sign_in(Client(enforce_csrf_checks=True), service_manager)
    body = client.post("/referrals/new/").content.decode()
    assert "Your form could not be sent" in body


@pytest.mark.parametrize(
    "url",
    [
        "/parents/{parent}/",
        "/parents/{parent}/details/",
        "/parents/{parent}/children/new/",
        "/plans/episodes/{episode}/contacts/new/",
        "/episodes/{episode}/close/",
        "/episodes/{episode}/allocate/",
    ],
)
def test_changing_ids_in_the_url_reaches_no_other_teams_parent(signed_in, service, url):
    """Same service, another team: a practitioner guessing ids gets 'not found' for every page."""
    mine = UserFactory(organisation=service, role=Role.PRACTITIONER)
    other_team = TeamFactory(organisation=service)
    theirs = EpisodeFactory(
        organisation=service,
        team=other_team,
        key_worker=UserFactory(organisation=service, team=other_team),
    )
    client = signed_in(mine)
    target = url.format(parent=theirs.parent_id, episode=theirs.pk)
    assert client.get(target).status_code in (403, 404)
    assert client.post(target, {"notes": "x"}).status_code in (403, 404)


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example.com/",
        "//evil.example.com/",
        "/\\evil.example.com/",
        "http:/evil.example.com",
        "javascript:alert(1)",
        "\\\\evil.example.com",
    ],
)
def test_no_open_redirect_after_sign_in(practitioner, next_url):
    from .accounts.test_sign_in import current_code
    from .factories import PASSWORD

    client = Client()
    client.post(
        "/sign-in/", {"username": practitioner.username, "password": PASSWORD, "next": next_url}
    )
    response = client.post("/sign-in/two-factor/", {"code": current_code(practitioner)})
    assert response["Location"] == "/"


def test_request_bodies_are_limited(settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 2_621_440
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS <= 1000


def test_an_oversized_post_is_refused_not_crashed(signed_in, practitioner, episode, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = signed_in(practitioner).post(
        f"/plans/episodes/{episode.pk}/contacts/new/", {"notes": "x" * 20_000}
    )
    assert response.status_code == 400
    assert "problem with that request" in response.content.decode()
