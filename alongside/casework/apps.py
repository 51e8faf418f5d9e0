from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "alongside.casework"
    label = "casework"
