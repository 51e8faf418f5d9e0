from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "alongside.referrals"
    label = "referrals"
