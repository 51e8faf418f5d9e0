from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "alongside.people"
    label = "people"

    def ready(self) -> None:
        from . import jobs  # noqa: F401 - registers the import job
