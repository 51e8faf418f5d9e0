from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from alongside.core import crypto
from alongside.core.fields import EncryptedTextField
from alongside.core.progress import ProgressBar
from alongside.core.rawtables import iter_rows, update_row


def encrypted_models() -> list[tuple[type, list[str]]]:
    found = []
    for model in apps.get_models():
        columns = [
            f.column for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)
        ]
        if columns:
            found.append((model, columns))
    return found


class Command(BaseCommand):
    help = "Re-encrypt all encrypted free text under the newest key in ALONGSIDE_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        for model, columns in encrypted_models():
            bar = ProgressBar(model._meta.label, model._base_manager.count())
            done = 0
            with transaction.atomic():
                for chunk in iter_rows(model, [model._meta.pk.column, *columns]):
                    for pk, *tokens in chunk:
                        rotated = {
                            column: crypto.rotate(token) if token else token
                            for column, token in zip(columns, tokens, strict=True)
                        }
                        update_row(model, pk, rotated)
                    done += len(chunk)
                    bar.update(done)
            bar.finish()
        self.stdout.write("All encrypted text now uses the newest key.")
