from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "alongside.sharing"
    label = "sharing"
