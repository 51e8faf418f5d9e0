"""Two-factor secrets at rest: the TOTP key encrypted, backup codes only as keyed digests."""

import importlib

from django.apps import apps
from django.db import connection
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from alongside.accounts.models import AuthenticatorDevice, BackupCode, Role
from alongside.accounts.services import (
    backup_codes_issue,
    backup_codes_left,
    enrolment_link_issue,
)

from ..factories import UserFactory
from .helpers import code_for, enrol, post_password


def _raw(sql: str, params) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def test_the_totp_key_is_encrypted_in_the_database(service, team):
    user = UserFactory(organisation=service, team=team, totp=False)
    admin = UserFactory(organisation=service, role=Role.ADMINISTRATOR)
    enrol(Client(), user, enrolment_link_issue(user=user, issued_by=admin))
    device = AuthenticatorDevice.objects.get(user=user, confirmed=True)
    assert len(device.key) == 40 and int(device.key, 16) >= 0  # plain hex in Python
    [(stored,)] = _raw("SELECT key FROM accounts_authenticatordevice WHERE id = %s", [device.pk])
    assert device.key not in stored
    assert stored.startswith("gAAAA")  # a Fernet token
    # Enrolling never writes django-otp's plain-text tables.
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticToken.objects.filter(device__user=user).exists()


def test_backup_codes_are_stored_only_as_digests_and_work_once(practitioner):
    codes = backup_codes_issue(user=practitioner)
    stored = list(BackupCode.objects.values_list("digest", flat=True))
    assert len(stored) == 10
    assert not set(codes) & set(stored)
    assert all(code not in digest for code in codes for digest in stored)
    first = Client()
    post_password(first, practitioner)
    assert first.post("/sign-in/two-factor/", {"code": codes[3]})["Location"] == "/"
    assert backup_codes_left(practitioner) == 9
    second = Client()
    post_password(second, practitioner)
    assert second.post("/sign-in/two-factor/", {"code": codes[3]}).status_code == 200


def test_backup_codes_survive_a_new_encryption_key_in_front(settings, practitioner):
    code = backup_codes_issue(user=practitioner)[0]
    settings.ENCRYPTION_KEYS = [
        "bmV3LWtleS1mb3ItdGVzdHMtb25seS0wMDAwMDAwMDA=",
        *settings.ENCRYPTION_KEYS,
    ]
    client = Client()
    post_password(client, practitioner)
    assert client.post("/sign-in/two-factor/", {"code": code})["Location"] == "/"


def test_an_encrypted_authenticator_signs_in(client, practitioner):
    AuthenticatorDevice.objects.filter(user=practitioner).delete()
    device = AuthenticatorDevice.objects.create(user=practitioner, name="Phone", confirmed=True)
    code = code_for(device)
    post_password(client, practitioner)
    assert client.post("/sign-in/two-factor/", {"code": code})["Location"] == "/"
    # The same code does not work twice (one code, so a new 30-second step cannot make a new one).
    other = Client()
    post_password(other, practitioner)
    assert other.post("/sign-in/two-factor/", {"code": code}).status_code == 200


def test_a_plain_device_row_is_never_a_second_factor(client, practitioner):
    """Someone who can write to the database adds a django-otp device with a secret they know:
    Alongside accepts only its own devices, whose secrets are encrypted under keys it holds."""
    planted = TOTPDevice.objects.create(user=practitioner, name="Planted", confirmed=True)
    AuthenticatorDevice.objects.filter(user=practitioner).delete()
    post_password(client, practitioner)
    response = client.post("/sign-in/two-factor/", {"code": code_for(planted)})
    assert response.get("Location") != "/"
    assert client.get("/").status_code == 302  # still not through the second factor


def test_the_migration_moves_plain_secrets_into_the_encrypted_tables(practitioner):
    AuthenticatorDevice.objects.filter(user=practitioner).delete()
    old = TOTPDevice.objects.create(user=practitioner, name="Authenticator app", confirmed=True)
    static = StaticDevice.objects.create(user=practitioner, name="Backup codes")
    StaticToken.objects.create(device=static, token="12345678")
    migration = importlib.import_module(
        "alongside.accounts.migrations.0004_move_two_factor_secrets_to_encrypted_devices"
    )
    migration.forwards(apps, None)
    assert not TOTPDevice.objects.exists() and not StaticToken.objects.exists()
    moved = AuthenticatorDevice.objects.get(user=practitioner)
    assert moved.key == old.key and moved.confirmed
    client = Client()
    post_password(client, practitioner)
    assert client.post("/sign-in/two-factor/", {"code": "12345678"})["Location"] == "/"
