from django.core.management.base import BaseCommand, CommandError

from alongside.synth.demo import DEMO_PASSWORD, build_demo_service, demo_exists, demo_logins


class Command(BaseCommand):
    help = "Generate reproducible synthetic data. `synth demo` (the default) loads a demo service."

    def add_arguments(self, parser):
        parser.add_argument("dataset", nargs="?", default="demo", choices=["demo"])
        parser.add_argument("--parents", type=int, default=60)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if the demo service already exists."
        )

    def handle(self, *args, dataset, parents, seed, if_empty, **options):
        if demo_exists():
            if if_empty:
                self.stdout.write("Demo data already loaded: reusing it.")
                return
            raise CommandError("The demo service already exists. Use a fresh database.")
        if parents < 1 or parents > 100000:
            raise CommandError("--parents must be between 1 and 100000.")
        build_demo_service(seed=seed, parents=parents)
        self.stdout.write(f"Loaded a demo service with {parents} synthetic parents (seed {seed}).")


def print_logins(stdout) -> None:
    stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})\n")
    for login in demo_logins():
        codes = (
            ", ".join(login.backup_codes[:3])
            or "none left: run `alongside synth` on a new database"
        )
        stdout.write(f"  {login.username:<24} {login.role:<22} backup codes: {codes}\n")
    stdout.write("At 'Enter your security code', type one of the backup codes (each works once).\n")
