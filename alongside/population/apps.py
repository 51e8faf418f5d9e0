from django.apps import AppConfig


class PopulationConfig(AppConfig):
    name = "alongside.population"
    label = "population"

    def ready(self) -> None:
        from . import jobs  # noqa: F401 - registers the linkage job
