"""The `alongside` command line: everything that is not the web app.

alongside synth [--parents N] [--seed S]   load a synthetic demo service
alongside verify-audit                     check the audit log's hash chain
alongside rotate-keys                      re-encrypt free text under the newest key
alongside demo-logins                      print the demo users and their backup codes
alongside load-directory [FILE] [--check]   load the directory of services (all rows or none)
alongside <any Django management command>  e.g. migrate, runserver, check

Settings are production's unless DJANGO_SETTINGS_MODULE names others
(alongside.settings.local for the demo on one machine, alongside.settings.test for tests).
After `make demo`, the demo's settings file (var/demo.env) is read when DJANGO_SETTINGS_MODULE
is not set, so every command works on the demo without exporting anything.
"""

import os
import sys
from pathlib import Path

DEMO_ENV = Path(__file__).resolve().parent.parent / "var" / "demo.env"


def _use_demo_settings(path: Path) -> bool:
    """Read the demo's secrets (made by scripts/demo.sh) into the environment, if there."""
    if not path.is_file():
        return False
    for line in path.read_text().splitlines():
        name, _, value = line.partition("=")
        if name.strip().startswith("ALONGSIDE_") and value:
            os.environ.setdefault(name.strip(), value.strip())
    os.environ["DJANGO_SETTINGS_MODULE"] = "alongside.settings.local"
    print(f"Using the demo's settings ({path}).", file=sys.stderr)
    return True


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    # Production unless chosen otherwise: the demo (scripts/demo.sh, scripts/bench-on-a-throwaway-database.sh) and the
    # tests set DJANGO_SETTINGS_MODULE themselves; a checkout with a demo uses the demo's.
    if "DJANGO_SETTINGS_MODULE" not in os.environ:
        demo_env = Path(os.environ.get("ALONGSIDE_DEMO_ENV", DEMO_ENV))
        if not _use_demo_settings(demo_env):
            os.environ["DJANGO_SETTINGS_MODULE"] = "alongside.settings.production"
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    argv[0] = "alongside"
    try:
        execute_from_command_line(argv)
    except ImproperlyConfigured as error:
        # One plain line, not a traceback: what to set.
        print(f"alongside: {error} (see the README's Configuration table)", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
