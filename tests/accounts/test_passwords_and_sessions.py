"""Changing a password, an administrator's reset, signing out at the two-factor step, and the
absolute session lifetime."""

import pytest
from django.test import Client

from alongside.accounts.models import AuthenticatorDevice, EnrolmentLink, Role
from alongside.accounts.services import has_two_factor
from alongside.audit.models import AuditEntry

from ..factories import PASSWORD, UserFactory
from .helpers import post_password

NEW_PASSWORD = "a-new-and-long-passphrase-42"


def change(client, current=PASSWORD, new=NEW_PASSWORD, again=None):
    return client.post(
        "/account/password/",
        {"current_password": current, "new_password": new, "new_password_again": again or new},
    )


def test_changing_your_password_keeps_this_session_and_ends_the_others(signed_in, practitioner):
    other = signed_in(practitioner)
    client = signed_in(practitioner)
    response = change(client)
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert other.get("/")["Location"].startswith("/sign-in/")
    practitioner.refresh_from_db()
    assert practitioner.check_password(NEW_PASSWORD)
    assert AuditEntry.objects.filter(
        actor_id=practitioner.pk, description="Password changed"
    ).exists()


def test_changing_a_password_needs_the_current_one(signed_in, practitioner):
    page = change(signed_in(practitioner), current="not-my-password").content.decode()
    assert "Your current password is not right" in page
    practitioner.refresh_from_db()
    assert practitioner.check_password(PASSWORD)


def test_a_new_password_is_checked_by_the_validators_and_typed_twice(signed_in, practitioner):
    client = signed_in(practitioner)
    assert "too short" in change(client, new="7#!9%-").content.decode()
    assert "too common" in change(client, new="password1234").content.decode()
    assert "do not match" in change(client, again=NEW_PASSWORD + "x").content.decode()
    practitioner.refresh_from_db()
    assert practitioner.check_password(PASSWORD)


def test_the_change_password_page_is_linked_for_everyone(signed_in, practitioner):
    assert "/account/password/" in signed_in(practitioner).get("/").content.decode()


@pytest.fixture
def administrator(service):
    return UserFactory(organisation=service, team=None, role=Role.ADMINISTRATOR)


def test_an_administrator_resets_a_password_and_forces_two_factor_again(
    signed_in, administrator, practitioner
):
    AuthenticatorDevice.objects.create(user=practitioner, name="Phone")
    victim_session = signed_in(practitioner)
    response = signed_in(administrator).post(f"/users/{practitioner.pk}/reset-password/")
    temporary = response.context["password"]
    assert temporary and "/sign-in/enrol/" in response.context["link"]
    practitioner.refresh_from_db()
    assert practitioner.check_password(temporary)
    assert not has_two_factor(practitioner)
    assert EnrolmentLink.objects.filter(user=practitioner, used_at__isnull=True).exists()
    # Signed out everywhere; the temporary password alone does not open the account.
    assert victim_session.get("/")["Location"].startswith("/sign-in/")
    client = Client()
    post_password(client, practitioner, temporary)
    assert "Ask your administrator" in client.get("/sign-in/set-up-two-factor/").content.decode()
    assert AuditEntry.objects.filter(
        actor_id=administrator.pk, description="Password reset", object_id=str(practitioner.pk)
    ).exists()


def test_sign_out_works_at_the_two_factor_step(client, practitioner):
    post_password(client, practitioner)
    page = client.get("/sign-in/two-factor/").content.decode()
    assert 'action="/sign-out/"' in page
    response = client.post("/sign-out/")
    assert response["Location"] == "/signed-out/"
    assert client.get("/sign-in/two-factor/")["Location"].startswith("/sign-in/")
    assert AuditEntry.objects.filter(actor_id=practitioner.pk, action="sign_out").exists()


def test_sign_out_with_a_get_does_not_end_the_session(client, practitioner, signed_in):
    post_password(client, practitioner)
    assert client.get("/sign-out/").status_code == 405
    assert client.get("/sign-in/two-factor/").status_code == 200
    full = signed_in(practitioner)
    assert full.get("/sign-out/").status_code == 405
    assert full.get("/").status_code == 200


def test_every_sign_out_link_is_a_post_form(signed_in, practitioner):
    page = signed_in(practitioner).get("/").content.decode()
    assert 'href="/sign-out/"' not in page
    assert page.count('method="post" action="/sign-out/"') >= 1


def test_a_session_ends_after_its_absolute_lifetime_however_active(
    clock, settings, signed_in, practitioner
):
    settings.ALONGSIDE_SESSION_MAX_SECONDS = 2
    client = signed_in(practitioner)
    for _ in range(3):
        assert client.get("/").status_code == 200
        clock.advance(0.5)
    clock.advance(1.1)
    response = client.get("/")
    assert response["Location"].startswith("/sign-in/?expired=1")
    assert "signed in a long time ago" in client.get(response["Location"]).content.decode()
    assert client.get("/")["Location"].startswith("/sign-in/")


def test_the_session_lifetime_defaults_to_12_hours():
    from django.conf import settings

    assert settings.ALONGSIDE_SESSION_MAX_SECONDS == 12 * 60 * 60


def test_signing_in_again_starts_the_lifetime_again(clock, settings, client, practitioner):
    settings.ALONGSIDE_SESSION_MAX_SECONDS = 2
    post_password(client, practitioner)
    clock.advance(1.2)
    post_password(Client(), practitioner)  # another browser does not extend this one
    clock.advance(1.0)
    assert client.get("/sign-in/two-factor/")["Location"].startswith("/sign-in/?expired=1")
