from django.core.management.base import BaseCommand, CommandError

from alongside.synth.demo import (
    DEMO_PASSWORD,
    build_demo_service,
    demo_exists,
    demo_logins,
    real_users,
)


class Command(BaseCommand):
    help = "Generate reproducible synthetic data. `synth demo` (the default) loads a demo service."

    def add_arguments(self, parser):
        parser.add_argument("dataset", nargs="?", default="demo", choices=["demo", "applications"])
        parser.add_argument(
            "--records", type=int, default=20000, help="applications: parent records"
        )
        parser.add_argument(
            "--out", default="var/synthetic/applications", help="applications: folder"
        )
        parser.add_argument(
            "--profile",
            default="default",
            help="applications: error profile (default, independent, low-diversity, messy)",
        )
        parser.add_argument("--parents", type=int, default=60)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if the demo service already exists."
        )

    def handle(self, *args, dataset, parents, seed, if_empty, records, out, profile, **options):
        if dataset == "applications":
            from alongside.linkage.synthetic import PROFILES, generate_applications

            if records < 1:
                raise CommandError("--records must be at least 1.")
            if profile not in PROFILES:
                raise CommandError(
                    f"There is no error profile '{profile}'. Choose one of: {', '.join(PROFILES)}."
                )
            summary = generate_applications(out, records, seed=seed, profile=profile)
            self.stdout.write(
                f"Wrote {summary.applications} applications ({summary.records} parent records) "
                f"to {out}; {summary.recurrent_mother_rate:.1%} of mothers have more than one "
                f"application ({summary.recurrent_application_share:.1%} of applications)."
            )
            return
        if demo_exists():
            if if_empty:
                self.stdout.write("Demo data already loaded: reusing it.")
                return
            raise CommandError("The demo service already exists. Use a fresh database.")
        if real := real_users():
            raise CommandError(
                f"This database already holds {real} real (non-synthetic) user"
                f"{'s' if real != 1 else ''}: synthetic data is never loaded beside real records. "
                "Use a fresh database for the demo (e.g. DATABASE_URL=sqlite:///var/demo.sqlite3)."
            )
        if parents < 1 or parents > 100000:
            raise CommandError("--parents must be between 1 and 100000.")
        build_demo_service(seed=seed, parents=parents)
        self.stdout.write(f"Loaded a demo service with {parents} synthetic parents (seed {seed}).")


def print_logins(stdout) -> None:
    stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})\n")
    for login in demo_logins():
        if login.role == "Parent":
            stdout.write(
                f"  {login.username:<24} {login.role:<22} security code: sent by email, "
                "printed in this terminal (the parent's space is at /portal/)\n"
            )
            continue
        codes = (
            ", ".join(login.backup_codes[:3])
            or "none left: run `alongside synth` on a new database"
        )
        stdout.write(f"  {login.username:<24} {login.role:<22} backup codes: {codes}\n")
    stdout.write("At 'Enter your security code', type one of the backup codes (each works once).\n")
