from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "alongside.reports"
    label = "reports"

    def ready(self) -> None:
        from . import jobs  # noqa: F401 - registers the steering-group report job
