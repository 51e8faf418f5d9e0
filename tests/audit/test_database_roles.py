"""On PostgreSQL the application connects as a role that is not the tables' owner: it may add to
the audit log, and may not change, delete, truncate it or lift its triggers. Migrations and
`alongside grant-app-role` run as the owner. `make test` runs this in its PostgreSQL pass, where
scripts/with-postgres.sh creates both roles (on SQLite there are no roles: the triggers in
tests/audit/test_chain.py are the defence there)."""

import os
import subprocess  # noqa: S404
import sys

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from alongside.audit.models import AuditEntry
from alongside.audit.services import audit_record

APP_ROLE = os.environ.get("ALONGSIDE_TEST_APP_ROLE", "")

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql" or not APP_ROLE,
    reason="PostgreSQL pass only (scripts/with-postgres.sh makes the application's role)",
)


def as_app_role() -> psycopg.Connection:
    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"],
        dbname=settings["NAME"],
        user=APP_ROLE,
        autocommit=True,
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "attack",
    [
        "UPDATE audit_auditentry SET description = 'nothing happened'",
        "UPDATE audit_auditentry SET entry_mac = 'x', sequence = 1",
        "DELETE FROM audit_auditentry",
        "TRUNCATE audit_auditentry",
        "TRUNCATE audit_auditentry, audit_auditchainhead CASCADE",
        "ALTER TABLE audit_auditentry DISABLE TRIGGER ALL",
        "ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_no_change",
        "DROP TABLE audit_auditentry CASCADE",
        "DELETE FROM audit_auditchainhead",
    ],
)
def test_the_application_role_cannot_rewrite_the_log(practitioner, attack):
    audit_record(actor=practitioner, action="view", description="seen")
    call_command("grant_app_role", APP_ROLE)
    with as_app_role() as conn, pytest.raises(psycopg.Error):
        conn.execute(attack)
    assert AuditEntry.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_application_role_adds_to_the_log_and_can_check_it(practitioner):
    audit_record(actor=practitioner, action="view", description="seen by the owner")
    call_command("grant_app_role", APP_ROLE)
    settings = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "alongside.settings.test",
        "DATABASE_URL": (
            f"postgres://{APP_ROLE}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
        ),
    }
    alongside = [sys.executable, "-m", "alongside.cli"]
    write = (
        "from alongside.audit.services import audit_record; "
        "audit_record(actor=None, action='view', description='written as the app role')"
    )
    subprocess.run([*alongside, "shell", "-c", write], env=env, check=True)  # noqa: S603
    checked = subprocess.run(  # noqa: S603
        [*alongside, "verify_audit"], env=env, check=True, capture_output=True, text=True
    )
    assert "Audit log intact: 2 entries checked." in checked.stdout
    assert AuditEntry.objects.filter(description="written as the app role").exists()


@pytest.mark.django_db(transaction=True)
def test_grant_app_role_refuses_a_superuser():
    with pytest.raises(CommandError, match="superuser"):
        call_command("grant_app_role", connection.settings_dict["USER"])
