from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "alongside.plans"
    label = "plans"
