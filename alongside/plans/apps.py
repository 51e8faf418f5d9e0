from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "alongside.plans"
    label = "plans"

    def ready(self) -> None:
        from . import attention  # noqa: F401  (adds to the manager's 'needs attention' list)
