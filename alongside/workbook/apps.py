from django.apps import AppConfig


class WorkbookConfig(AppConfig):
    name = "alongside.workbook"
    label = "workbook"
    verbose_name = "The team around the family"

    def ready(self) -> None:
        from . import attention, timeline  # noqa: F401  (adds to 'needs attention' and timelines)
