from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "alongside.sharing"
    label = "sharing"

    def ready(self) -> None:
        from . import attention  # noqa: F401  (adds to the manager's 'needs attention' list)
