from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from alongside.accounts.models import User
from alongside.accounts.services import (
    enrolment_link_hours,
    enrolment_link_issue,
    has_two_factor,
    two_factor_reset,
)


class Command(BaseCommand):
    help = (
        "Print a single-use link for USERNAME to set up two-factor authentication, e.g. for "
        "the first administrator of a new install. Administrators issue later links in the app."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="The address people use to reach Alongside (default: %(default)s)",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="The user has lost their phone: remove their authenticator app and backup "
            "codes, then issue the link (when no administrator can do it in the app)",
        )

    def handle(self, *args, username, base_url, reset, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user called {username!r}.")
        if has_two_factor(user) and not reset:
            raise CommandError(
                f"{username} has already set up two-factor authentication. An administrator "
                "can reset it in the app, or use --reset if they have lost their phone."
            )
        if reset:
            token = two_factor_reset(user=user, by=None)
        else:
            token = enrolment_link_issue(user=user, issued_by=None)
        link = base_url.rstrip("/") + reverse("accounts:enrol", args=[token])
        self.stdout.write(
            f"Enrolment link for {username} (works once, for {enrolment_link_hours()} hours):\n"
            f"{link}\n"
        )
