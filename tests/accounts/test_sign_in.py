"""Signing in: password, second factor, lockout, session handling and idle time-out."""

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from alongside.accounts.models import AuthenticatorDevice
from alongside.accounts.services import backup_codes_issue
from alongside.audit.models import AuditEntry
from alongside.core.models import FormDraft

from ..factories import PASSWORD, UserFactory


def code_for(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def current_code(user) -> str:
    device = AuthenticatorDevice.objects.filter(
        user=user, confirmed=True
    ).first() or TOTPDevice.objects.get(user=user, confirmed=True)
    return code_for(device)


def post_password(client, user, password=PASSWORD):
    return client.post("/sign-in/", {"username": user.username, "password": password})


def test_password_then_code_signs_in(client, practitioner):
    response = post_password(client, practitioner)
    assert response["Location"] == "/sign-in/two-factor/"
    # Before the second factor, nothing else opens.
    assert client.get("/")["Location"] == "/sign-in/two-factor/"
    response = client.post("/sign-in/two-factor/", {"code": current_code(practitioner)})
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert AuditEntry.objects.filter(actor_id=practitioner.pk, action="two_factor").exists()


def test_wrong_code_is_refused_with_a_message(client, practitioner):
    post_password(client, practitioner)
    response = client.post("/sign-in/two-factor/", {"code": "000000"})
    assert response.status_code == 200
    assert "The security code is not right" in response.content.decode()
    assert client.get("/")["Location"] == "/sign-in/two-factor/"


def test_backup_code_works_once(practitioner):
    code = backup_codes_issue(user=practitioner)[0]
    first = Client()
    post_password(first, practitioner)
    assert first.post("/sign-in/two-factor/", {"code": code})["Location"] == "/"
    second = Client()
    post_password(second, practitioner)
    assert second.post("/sign-in/two-factor/", {"code": code}).status_code == 200


def test_a_password_alone_does_not_reach_two_factor_set_up(client, service, team):
    """Without an administrator's enrolment link, a new user is told to ask for one: no
    secret is made or shown."""
    user = UserFactory(organisation=service, team=team, totp=False)
    response = post_password(client, user)
    assert response["Location"] == "/sign-in/set-up-two-factor/"
    page = client.get("/sign-in/set-up-two-factor/").content.decode()
    assert "Ask your administrator for an enrolment link" in page
    assert "Key:" not in page
    assert not AuthenticatorDevice.objects.filter(user=user).exists()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert client.post("/sign-in/set-up-two-factor/", {"code": "123456"}).status_code == 200
    assert client.get("/")["Location"] == "/sign-in/two-factor/"


def test_wrong_password_gives_a_message_and_is_audited(client, practitioner):
    response = post_password(client, practitioner, "not-the-password")
    assert response.status_code == 200
    assert "The username or password is not right" in response.content.decode()
    assert AuditEntry.objects.filter(
        action="sign_in_failed", actor_label=practitioner.username
    ).exists()


def test_empty_form_names_each_missing_field(client, db):
    body = client.post("/sign-in/", {}).content.decode()
    assert "Enter your username" in body
    assert "Enter your password" in body


def test_account_locks_after_five_failures(client, practitioner):
    for _ in range(5):
        post_password(client, practitioner, "wrong-password-attempt")
    response = post_password(client, practitioner)
    assert response.status_code == 429
    assert "Your account is locked" in response.content.decode()
    # Another person's account is not affected.
    other = UserFactory(organisation=practitioner.organisation, team=practitioner.team)
    assert post_password(Client(), other)["Location"] == "/sign-in/two-factor/"


def test_session_key_changes_at_sign_in(client, practitioner):
    client.get("/sign-in/")
    client.cookies["sessionid"] = "attacker-chosen-session-key"
    post_password(client, practitioner)
    assert client.cookies["sessionid"].value != "attacker-chosen-session-key"
    before_second_factor = client.cookies["sessionid"].value
    client.post("/sign-in/two-factor/", {"code": current_code(practitioner)})
    assert client.cookies["sessionid"].value != before_second_factor


def test_open_redirect_after_sign_in_is_refused(client, practitioner):
    client.post(
        "/sign-in/?next=https://evil.example.com/",
        {"username": practitioner.username, "password": PASSWORD},
    )
    response = client.post("/sign-in/two-factor/", {"code": current_code(practitioner)})
    assert response["Location"] == "/"


def test_next_page_is_kept_through_sign_in(client, practitioner, episode):
    client.post(
        f"/sign-in/?next=/parents/{episode.parent_id}/",
        {"username": practitioner.username, "password": PASSWORD},
    )
    response = client.post("/sign-in/two-factor/", {"code": current_code(practitioner)})
    assert response["Location"] == f"/parents/{episode.parent_id}/"


def test_sign_out_needs_post_and_ends_the_session(signed_in, practitioner):
    client = signed_in(practitioner)
    assert client.get("/sign-out/").status_code == 405
    assert client.post("/sign-out/")["Location"] == "/signed-out/"
    assert client.get("/")["Location"].startswith("/sign-in/")


@pytest.fixture
def short_timeout(settings):
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 1
    return settings


def test_idle_session_is_signed_out(clock, short_timeout, signed_in, practitioner):
    client = signed_in(practitioner)
    assert client.get("/").status_code == 200
    clock.advance(2.1)
    response = client.get("/")
    assert response["Location"].startswith("/sign-in/?timed_out=1")
    assert client.get("/sign-in/?timed_out=1").content.decode().count("signed out because") == 1


def test_form_sent_after_time_out_is_kept_as_a_draft(
    clock, short_timeout, signed_in, practitioner, episode
):
    client = signed_in(practitioner)
    url = f"/plans/episodes/{episode.pk}/contacts/new/"
    client.get(url)
    clock.advance(2.1)
    response = client.post(url, {"contact_type": "home_visit", "notes": "Long note typed slowly"})
    assert response["Location"].startswith("/sign-in/?timed_out=1")
    draft = FormDraft.objects.get(user=practitioner, form_key=url)
    assert "Long note typed slowly" in draft.data
    # Signed in again, the form offers the draft and restores it.
    short_timeout.SESSION_IDLE_TIMEOUT_SECONDS = 1800
    client = signed_in(practitioner)
    assert "You started this form" in client.get(url).content.decode()
    restored = client.get(url + "?draft=restore").content.decode()
    assert "Long note typed slowly" in restored
    assert "There is a problem" not in restored  # restored, not yet checked


def test_keep_alive_needs_a_signed_in_user(client, signed_in, practitioner):
    assert client.post("/session/keep-alive/")["Location"].startswith("/sign-in/")
    assert signed_in(practitioner).post("/session/keep-alive/").json() == {"ok": True}


def test_a_get_to_the_sign_in_page_does_not_end_an_active_session(signed_in, practitioner):
    """A link to /sign-in/?timed_out=1 from anywhere must not sign a busy person out."""
    client = signed_in(practitioner)
    client.get("/sign-in/?timed_out=1&next=/")
    assert client.get("/").status_code == 200


def test_arriving_at_sign_in_after_the_browser_timed_out_shows_the_session_ended(
    clock, short_timeout, signed_in, practitioner
):
    client = signed_in(practitioner)
    client.get("/")
    clock.advance(2.1)
    page = client.get("/sign-in/?timed_out=1&next=/")
    assert page.status_code == 302  # the middleware ends the idle session first
    assert "signed out because" in client.get(page["Location"]).content.decode()
    assert client.get("/")["Location"].startswith("/sign-in/")
