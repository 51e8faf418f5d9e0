from django.apps import AppConfig
from django.core import checks

from .definitions import InstrumentDefinitionError, all_instruments, clear_cache


class MeasuresConfig(AppConfig):
    name = "alongside.measures"
    label = "measures"

    def ready(self) -> None:
        checks.register(check_instrument_definitions)
        from . import attention, timeline  # noqa: F401  (models ready now: 'needs attention', timelines)


def check_instrument_definitions(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """`alongside check` (and start-up) reports a wrong definition file by name and field."""
    clear_cache()
    try:
        all_instruments()
    except InstrumentDefinitionError as error:
        return [checks.Error(str(error), id="measures.E001")]
    return []
