from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "alongside.programmes"
    label = "programmes"

    def ready(self) -> None:
        from . import attention  # noqa: F401  (adds to the manager's 'needs attention' list)
