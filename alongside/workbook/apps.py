from django.apps import AppConfig


class WorkbookConfig(AppConfig):
    name = "alongside.workbook"
    label = "workbook"
    verbose_name = "The team around the family"

    def ready(self) -> None:
        # Adds to 'needs attention' and timelines, and registers the family summary job.
        from . import attention, summary_jobs, timeline  # noqa: F401
