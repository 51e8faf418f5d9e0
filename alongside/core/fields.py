"""Model fields for sensitive free text, encrypted before it reaches the database."""

from django.db import migrations, models

from . import crypto


class EncryptedTextField(models.TextField):
    """Free text stored as a Fernet token. It cannot be searched or ordered in SQL."""

    description = "Text encrypted at rest"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(value)


def _rewrite_column(apps, schema_editor, label: str, field_names: tuple[str, ...], change) -> None:
    """Rewrite stored values of some columns of one table, in primary-key order, as stored
    (bypassing the fields, which would try to decrypt plain text)."""
    model = apps.get_model(label)
    connection = schema_editor.connection
    q = connection.ops.quote_name
    table, pk = q(model._meta.db_table), q(model._meta.pk.column)
    columns = [q(model._meta.get_field(name).column) for name in field_names]
    select = f"SELECT {pk}, {', '.join(columns)} FROM {table} WHERE {pk} > %s ORDER BY {pk}"  # noqa: S608  # nosec B608
    update = f"UPDATE {table} SET {', '.join(f'{c} = %s' for c in columns)} WHERE {pk} = %s"  # noqa: S608  # nosec B608
    last = 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(f"{select} LIMIT 1000", [last])
            rows = cursor.fetchall()
            if not rows:
                return
            for pk_value, *values in rows:
                changed = [change(v) if v else v for v in values]
                if changed != values:
                    cursor.execute(update, [*changed, pk_value])
            last = rows[-1][0]


def _encrypt_plain(value: str) -> str:
    return value if crypto.is_encrypted(value) else crypto.encrypt(value)


def _decrypt_token(value: str) -> str:
    return crypto.decrypt(value) if crypto.is_encrypted(value) else value


def encrypt_existing(label: str, *field_names: str) -> migrations.RunPython:
    """A data migration step: encrypt the plain text already in these columns (after they have
    become EncryptedTextField); reversed, decrypt it again. Values already encrypted, and empty
    ones, are left as they are, so running it twice does no harm. Needs the keys in
    ALONGSIDE_ENCRYPTION_KEYS, as the app does."""

    def forwards(apps, schema_editor):
        _rewrite_column(apps, schema_editor, label, field_names, _encrypt_plain)

    def backwards(apps, schema_editor):
        _rewrite_column(apps, schema_editor, label, field_names, _decrypt_token)

    return migrations.RunPython(forwards, backwards, elidable=False)
