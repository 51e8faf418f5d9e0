from django.core.management.base import BaseCommand

from .synth import print_logins


class Command(BaseCommand):
    help = "Print the demo users with backup codes for two-factor sign-in."

    def handle(self, *args, **options):
        print_logins(self.stdout)
