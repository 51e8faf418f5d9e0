from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "alongside.backups"
    label = "backups"
