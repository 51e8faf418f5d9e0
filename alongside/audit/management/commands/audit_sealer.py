import signal
import threading

from django.core.management.base import BaseCommand

from alongside.audit.sealing import AuditSealer


class Command(BaseCommand):
    help = (
        "Seal the audit log every second (and write checkpoints when due) until stopped. The "
        "worker does this too; run this instead where no worker runs (the web benchmark)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between seals.")

    def handle(self, *args, interval: float, **options):
        stopped = threading.Event()
        signal.signal(signal.SIGTERM, lambda signum, frame: stopped.set())
        sealer = AuditSealer(interval=interval)
        sealer.start()
        try:
            stopped.wait()
        except KeyboardInterrupt:
            pass
        finally:
            sealer.stop()
