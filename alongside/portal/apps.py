from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "alongside.portal"
    label = "portal"
    verbose_name = "The parent's own space"

    def ready(self) -> None:
        from . import attention, timeline  # noqa: F401  (adds to 'needs attention' and timelines)
