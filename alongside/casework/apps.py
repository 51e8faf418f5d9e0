from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "alongside.casework"
    label = "casework"

    def ready(self) -> None:
        from . import attention  # noqa: F401  (registers the manager's 'needs attention' items)
