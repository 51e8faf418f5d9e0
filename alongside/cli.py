"""The `alongside` command line: everything that is not the web app.

alongside synth [--parents N] [--seed S]   load a synthetic demo service
alongside verify-audit                     check the audit log's hash chain
alongside rotate-keys                      re-encrypt free text under the newest key
alongside demo-logins                      print the demo users and their backup codes
alongside <any Django management command>  e.g. migrate, runserver, check

Settings are production's unless DJANGO_SETTINGS_MODULE names others
(alongside.settings.local for the demo on one machine, alongside.settings.test for tests).
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    # Production unless chosen otherwise: the demo (scripts/demo.sh, scripts/bench.sh) and the
    # tests set DJANGO_SETTINGS_MODULE themselves.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings.production")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    from django.core.management import execute_from_command_line

    argv[0] = "alongside"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
