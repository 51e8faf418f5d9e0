"""Move existing second factors out of django-otp's tables, where the TOTP secret and the
backup codes are kept in clear: TOTP secrets into AuthenticatorDevice (encrypted), unused
backup codes into BackupCode (keyed digests). The plain rows are then deleted."""

from django.db import migrations

from alongside.accounts.codes import backup_code_digest


def forwards(apps, schema_editor):
    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    StaticDevice = apps.get_model("otp_static", "StaticDevice")
    AuthenticatorDevice = apps.get_model("accounts", "AuthenticatorDevice")
    BackupCodeDevice = apps.get_model("accounts", "BackupCodeDevice")
    BackupCode = apps.get_model("accounts", "BackupCode")
    for old in TOTPDevice.objects.all().iterator():
        AuthenticatorDevice.objects.create(
            user_id=old.user_id,
            name=old.name,
            confirmed=old.confirmed,
            key=old.key,
            step=old.step,
            t0=old.t0,
            digits=old.digits,
            tolerance=old.tolerance,
            drift=old.drift,
            last_t=old.last_t,
            throttling_failure_timestamp=old.throttling_failure_timestamp,
            throttling_failure_count=old.throttling_failure_count,
            created_at=old.created_at,
            last_used_at=old.last_used_at,
        )
    TOTPDevice.objects.all().delete()
    for old in StaticDevice.objects.all().iterator():
        device = BackupCodeDevice.objects.create(
            user_id=old.user_id, name=old.name, confirmed=old.confirmed
        )
        BackupCode.objects.bulk_create(
            BackupCode(device=device, digest=backup_code_digest(token.token))
            for token in old.token_set.all()
        )
    StaticDevice.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_two_factor_devices_and_enrolment_links"),
        ("otp_totp", "0003_add_timestamps"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
