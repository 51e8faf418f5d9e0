from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from alongside.core import crypto
from alongside.core.fields import EncryptedTextField
from alongside.core.progress import ProgressBar


class Command(BaseCommand):
    help = "Re-encrypt all encrypted free text under the newest key in ALONGSIDE_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        targets = [
            (model, [f.attname for f in model._meta.fields if isinstance(f, EncryptedTextField)])
            for model in apps.get_models()
        ]
        targets = [(model, fields) for model, fields in targets if fields]
        for model, fields in targets:
            rows = model.objects.values_list("pk", *fields)
            bar = ProgressBar(f"{model._meta.label}", rows.count())
            # Read raw tokens (not decrypted values) and write rotated tokens back.
            table = model._meta.db_table
            done = 0
            with transaction.atomic():
                from django.db import connection

                with connection.cursor() as cursor:
                    columns = ", ".join(connection.ops.quote_name(f) for f in fields)
                    pk = connection.ops.quote_name(model._meta.pk.column)
                    cursor.execute(
                        f"SELECT {pk}, {columns} FROM {connection.ops.quote_name(table)}"  # noqa: S608
                    )
                    for row in cursor.fetchall():
                        updates = {
                            f: (crypto.rotate(v) if v else v)
                            for f, v in zip(fields, row[1:], strict=False)
                        }
                        sets = ", ".join(f"{connection.ops.quote_name(f)} = %s" for f in fields)
                        with connection.cursor() as write:
                            write.execute(
                                f"UPDATE {connection.ops.quote_name(table)} SET {sets} WHERE {pk} = %s",  # noqa: S608
                                [*updates.values(), row[0]],
                            )
                        done += 1
                        if done % 500 == 0:
                            bar.update(done)
            bar.finish()
        self.stdout.write("All encrypted text now uses the newest key.")
