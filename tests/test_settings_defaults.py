"""The web server and the command line run production settings unless told otherwise; the
demo and the test scripts choose theirs explicitly; synthetic data never joins real users."""

import os
import re
import subprocess  # nosec B404
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from alongside.people.models import Parent

from .factories import OrganisationFactory, UserFactory

ROOT = Path(__file__).resolve().parents[1]
SHOW = "from django.conf import settings; print(settings.SETTINGS_MODULE)"


def run_without_settings(*args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env |= {
        "ALONGSIDE_DEMO_ENV": "/nonexistent/demo.env",  # as on a server: no demo here
        "ALONGSIDE_SECRET_KEY": "throwaway-" + "x" * 50,
        "ALONGSIDE_ENCRYPTION_KEYS": "dGVzdC1vbmx5LWtleS1ub3Qtc2VjcmV0LTAwMDAwMDA=",
    }
    done = subprocess.run(  # noqa: S603  # nosec B603
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True
    )
    return done.stdout.strip().splitlines()[-1]


def test_the_web_server_defaults_to_production():
    module = run_without_settings(sys.executable, "-c", f"import alongside.wsgi; {SHOW}")
    assert module == "alongside.settings.production"


@pytest.mark.parametrize(
    "command",
    [
        [sys.executable, "manage.py"],
        [str(Path(sys.executable).with_name("alongside"))],
    ],
)
def test_the_command_line_defaults_to_production(command):
    assert run_without_settings(*command, "shell", "-c", SHOW) == "alongside.settings.production"


def test_every_script_that_runs_alongside_chooses_its_settings():
    """Any line of scripts/*.sh or the Makefile that runs `alongside`, manage.py or gunicorn has
    DJANGO_SETTINGS_MODULE set: exported earlier in the script, or on the line itself."""
    missing = []
    sources = [*sorted((ROOT / "scripts").glob("*.sh")), ROOT / "Makefile"]
    for path in sources:
        exported = False
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.match(r"\s*export DJANGO_SETTINGS_MODULE=", line):
                exported = path.suffix == ".sh"
            runs = not line.lstrip().startswith("#") and re.search(
                r"(bin/alongside|manage\.py|gunicorn) ", line
            )
            if runs and not exported and "DJANGO_SETTINGS_MODULE=" not in line:
                if path.name == "with-postgres.sh":
                    continue
                missing.append(f"{path.name}:{number}: {line.strip()}")
    assert missing == []
    assert (
        "DJANGO_SETTINGS_MODULE=alongside.settings.local"
        in (ROOT / "scripts" / "demo.sh").read_text()
    )


def test_synth_refuses_a_database_with_real_users(db):
    UserFactory(organisation=OrganisationFactory(name="Real service"))
    with pytest.raises(CommandError, match=r"1 real \(non-synthetic\) user"):
        call_command("synth", "--parents", "2")
    assert Parent.objects.count() == 0


def test_synth_still_loads_a_fresh_database(db):
    call_command("synth", "--parents", "2", "--seed", "3")
    assert Parent.objects.count() == 2


def _alongside(env_changes: dict, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ALONGSIDE_", "DJANGO_"))}
    env |= env_changes
    return subprocess.run(  # noqa: S603  # nosec B603
        [str(Path(sys.executable).with_name("alongside")), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_missing_setting_is_one_plain_line_not_a_traceback(tmp_path):
    done = _alongside({"ALONGSIDE_DEMO_ENV": str(tmp_path / "none.env")}, "verify-audit")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "Set the environment variable ALONGSIDE_SECRET_KEY" in done.stderr


def test_after_make_demo_commands_read_the_demos_settings(tmp_path):
    demo = tmp_path / "demo.env"
    demo.write_text(
        "ALONGSIDE_SECRET_KEY=" + "d" * 50 + "\n"
        "ALONGSIDE_ENCRYPTION_KEYS=dGVzdC1vbmx5LWtleS1ub3Qtc2VjcmV0LTAwMDAwMDA=\n"
        "ALONGSIDE_AUDIT_KEY=demo-audit-key\n"
    )
    done = _alongside(
        {
            "ALONGSIDE_DEMO_ENV": str(demo),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        },
        "shell",
        "-c",
        SHOW,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "alongside.settings.local"
    assert "Using the demo's settings" in done.stderr
