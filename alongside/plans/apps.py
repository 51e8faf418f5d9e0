from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "alongside.plans"
    label = "plans"

    def ready(self) -> None:
        from . import attention, timeline  # noqa: F401  (adds to 'needs attention' and timelines)
