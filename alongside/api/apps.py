from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "alongside.api"
    label = "api"
