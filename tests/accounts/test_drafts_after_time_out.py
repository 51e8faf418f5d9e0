"""A form sent after the idle time-out is kept as a draft only for a fully signed-in session
whose request passes the CSRF check."""

import json

import pytest
from django.test import Client

from alongside.core.models import FormDraft

from .helpers import post_password


@pytest.fixture
def short_timeout(settings):
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 1
    return settings


def _contact_url(episode) -> str:
    return f"/plans/episodes/{episode.pk}/contacts/new/"


def test_no_draft_from_a_session_without_the_second_factor(
    clock, short_timeout, practitioner, episode
):
    client = Client()
    post_password(client, practitioner)
    clock.advance(2.1)
    url = _contact_url(episode)
    response = client.post(url, {"notes": "Planted by someone with only the password"})
    assert response["Location"].startswith("/sign-in/?timed_out=1")
    assert not FormDraft.objects.filter(user=practitioner).exists()
    client = Client()
    post_password(client, practitioner)
    clock.advance(2.1)
    client.post(
        "/drafts/save/",
        data=json.dumps({"form_key": url, "fields": {"notes": ["planted"]}}),
        content_type="application/json",
        HTTP_ACCEPT="application/json",
    )
    assert not FormDraft.objects.filter(user=practitioner).exists()


def test_no_draft_from_a_request_that_fails_the_csrf_check(
    clock, short_timeout, signed_in, practitioner, episode
):
    client = signed_in(practitioner, Client(enforce_csrf_checks=True))
    url = _contact_url(episode)
    client.get(url)
    clock.advance(2.1)
    # A page on another site posting into the timed-out session: no CSRF token.
    response = client.post(url, {"notes": "Cross-site text"})
    assert response["Location"].startswith("/sign-in/?timed_out=1")
    assert not FormDraft.objects.filter(user=practitioner).exists()


def test_no_autosave_draft_that_fails_the_csrf_check(
    clock, short_timeout, signed_in, practitioner, episode
):
    client = signed_in(practitioner, Client(enforce_csrf_checks=True))
    client.get(_contact_url(episode))
    clock.advance(2.1)
    client.post(
        "/drafts/save/",
        data=json.dumps({"form_key": _contact_url(episode), "fields": {"notes": ["x"]}}),
        content_type="application/json",
        HTTP_ACCEPT="application/json",
    )
    assert not FormDraft.objects.filter(user=practitioner).exists()


def test_a_real_form_with_its_token_is_still_kept(
    clock, short_timeout, signed_in, practitioner, episode
):
    client = signed_in(practitioner, Client(enforce_csrf_checks=True))
    url = _contact_url(episode)
    client.get(url)
    token = client.cookies["csrftoken"].value
    clock.advance(2.1)
    client.post(url, {"notes": "Typed slowly", "csrfmiddlewaretoken": token})
    assert "Typed slowly" in FormDraft.objects.get(user=practitioner, form_key=url).data


def test_a_real_autosave_with_its_token_is_still_kept(
    clock, short_timeout, signed_in, practitioner, episode
):
    client = signed_in(practitioner, Client(enforce_csrf_checks=True))
    url = _contact_url(episode)
    client.get(url)
    token = client.cookies["csrftoken"].value
    clock.advance(2.1)
    response = client.post(
        "/drafts/save/",
        data=json.dumps({"form_key": url, "fields": {"notes": ["Autosaved"]}}),
        content_type="application/json",
        HTTP_ACCEPT="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 401
    assert "Autosaved" in FormDraft.objects.get(user=practitioner, form_key=url).data


def test_autosaves_do_not_keep_pages_open_but_keep_autosaving(
    clock, settings, signed_in, practitioner
):
    """The page's warning counts from when it loaded; the server ends the session then too,
    so the sign-in page the browser opens next never has to end it."""
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 2
    client = signed_in(practitioner)
    client.get("/")

    def autosave():
        return client.post(
            "/drafts/save/",
            data=json.dumps({"form_key": "/x/", "fields": {"notes": ["typing"]}}),
            content_type="application/json",
            HTTP_ACCEPT="application/json",
        )

    clock.advance(1.2)
    assert autosave().status_code == 200
    clock.advance(1.2)
    assert autosave().status_code == 200  # the last autosave was recent
    response = client.get("/sign-in/?timed_out=1&next=/plans/")
    assert response["Location"] == "/sign-in/?timed_out=1&next=%2Fplans%2F"
    assert client.get("/")["Location"].startswith("/sign-in/")
