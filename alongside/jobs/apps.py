from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "alongside.jobs"
    label = "jobs"
