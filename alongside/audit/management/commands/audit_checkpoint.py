from django.core.management.base import BaseCommand

from alongside.audit.checkpoints import checkpoint_write
from alongside.audit.sealing import seal_pending


class Command(BaseCommand):
    help = (
        "Write the audit log's head (newest sequence and hash, sealed with the audit key) to "
        "ALONGSIDE_AUDIT_CHECKPOINT_DIR, outside the database. The worker does this at intervals."
    )

    def handle(self, *args, **options):
        seal_pending()
        checkpoint = checkpoint_write()
        if checkpoint is None:
            self.stdout.write("The audit log is empty: nothing to checkpoint.")
        else:
            self.stdout.write(f"Checkpoint written at entry {checkpoint.sequence}.")
