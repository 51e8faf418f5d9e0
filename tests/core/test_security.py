"""Encryption at rest, key rotation, security headers, drafts, and no server errors on bad input."""

import json

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from alongside.casework.models import Contact
from alongside.core import crypto
from alongside.core.models import FormDraft

from ..factories import ContactFactory


def raw_notes(contact_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT notes FROM casework_contact WHERE id = %s", [contact_id])
        return cursor.fetchone()[0]


def test_case_notes_are_encrypted_at_rest(episode):
    contact = ContactFactory(episode=episode, notes="She told me about the flat in confidence.")
    stored = raw_notes(contact.pk)
    assert "confidence" not in stored
    assert Contact.objects.get(pk=contact.pk).notes == "She told me about the flat in confidence."


def test_rotate_keys_moves_text_to_the_newest_key(settings, episode):
    old_keys = list(settings.ENCRYPTION_KEYS)
    contact = ContactFactory(episode=episode, notes="Written under the old key")
    new_key = Fernet.generate_key().decode()
    settings.ENCRYPTION_KEYS = [new_key, *old_keys]
    call_command("rotate_keys")
    settings.ENCRYPTION_KEYS = [new_key]  # the old keys are retired
    assert (
        Fernet(new_key.encode()).decrypt(raw_notes(contact.pk).encode())
        == b"Written under the old key"
    )
    assert Contact.objects.get(pk=contact.pk).notes == "Written under the old key"
    assert episode.referral.__class__.objects.get(pk=episode.referral_id).reason


def test_text_that_no_key_opens_is_an_error_not_garbage(settings, episode):
    contact = ContactFactory(episode=episode, notes="secret")
    settings.ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(Exception, match="could not be read"):
        Contact.objects.get(pk=contact.pk)
    crypto._fernet.cache_clear()


def test_security_headers_on_every_page(client, db):
    response = client.get("/sign-in/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_signed_in_pages_are_not_cached(signed_in, practitioner):
    assert signed_in(practitioner).get("/")["Cache-Control"] == "no-store"


def test_pages_carry_no_inline_script(signed_in, practitioner, episode):
    body = signed_in(practitioner).get(f"/parents/{episode.parent_id}/").content.decode()
    assert "<script>" not in body
    assert " style=" not in body


def test_csrf_is_enforced_on_writes(practitioner, episode):
    from django.test import Client

    from ..conftest import sign_in

    client = sign_in(Client(enforce_csrf_checks=True), practitioner)
    response = client.post(f"/plans/episodes/{episode.pk}/contacts/new/", {"notes": "x"})
    assert response.status_code == 403
    assert "Your form could not be sent" in response.content.decode()


def test_drafts_are_saved_encrypted_and_only_for_the_owner(signed_in, practitioner, episode):
    client = signed_in(practitioner)
    url = f"/plans/episodes/{episode.pk}/contacts/new/"
    response = client.post(
        "/drafts/save/",
        data=json.dumps({"form_key": url, "fields": {"notes": ["Half a sentence"]}}),
        content_type="application/json",
    )
    assert response.json()["saved"] is True
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM core_formdraft")
        assert "Half a sentence" not in cursor.fetchone()[0]
    assert "Half a sentence" in client.get(url + "?draft=restore").content.decode()
    client.post("/drafts/discard/", {"form_key": url})
    assert not FormDraft.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        json.dumps({"form_key": 3}),
        json.dumps({"form_key": "/x/", "fields": "no"}),
        json.dumps([1]),
    ],
)
def test_bad_draft_requests_get_a_clear_refusal(signed_in, practitioner, body):
    response = signed_in(practitioner).post(
        "/drafts/save/", data=body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "error" in response.json()


def test_discarding_a_draft_never_redirects_off_site(signed_in, practitioner):
    response = signed_in(practitioner).post("/drafts/discard/", {"form_key": "//evil.example.com/"})
    assert response["Location"] == "/"


GARBAGE = [
    {},
    {"happened_on_0": "99", "happened_on_1": "99", "happened_on_2": "99999"},
    {"contact_type": "nonsense", "duration_minutes": "-5", "notes": "x" * 30000},
    {"worker": "abc", "team": "999999", "decision": "maybe", "reason": "\x00"},
    {"closed_on_0": "1", "closed_on_1": "1", "closed_on_2": "1800", "reason": "x"},
]


@pytest.mark.parametrize("data", GARBAGE)
def test_no_form_answers_bad_input_with_a_server_error(signed_in, service_manager, episode, data):
    client = signed_in(service_manager)
    for url in [
        "/referrals/new/",
        f"/referrals/{episode.referral_id}/decide/",
        f"/episodes/{episode.pk}/allocate/",
        f"/plans/episodes/{episode.pk}/contacts/new/",
        f"/episodes/{episode.pk}/close/",
        f"/parents/{episode.parent_id}/details/",
        f"/parents/{episode.parent_id}/children/new/",
        "/sign-in/",
    ]:
        response = client.post(url, data)
        assert response.status_code < 500, url


def test_health_endpoint(client, db):
    assert client.get("/health/").content == b"ok"


def test_a_script_request_after_sign_out_gets_401_not_a_sign_in_page(client, db):
    response = client.post(
        "/drafts/save/",
        data=json.dumps({"form_key": "/x/", "fields": {}}),
        content_type="application/json",
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 401
    assert response.json() == {"error": "Sign in first."}


def test_the_last_autosave_arriving_after_the_time_out_is_kept(
    settings, signed_in, practitioner, episode
):
    import time

    settings.SESSION_IDLE_TIMEOUT_SECONDS = 1
    client = signed_in(practitioner)
    url = f"/plans/episodes/{episode.pk}/contacts/new/"
    client.get(url)
    time.sleep(2.1)
    response = client.post(
        "/drafts/save/",
        data=json.dumps({"form_key": url, "fields": {"notes": ["Typed just before time-out"]}}),
        content_type="application/json",
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 401
    draft = FormDraft.objects.get(user=practitioner, form_key=url)
    assert "Typed just before time-out" in draft.data
