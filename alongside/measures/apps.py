from django.apps import AppConfig
from django.core import checks


class MeasuresConfig(AppConfig):
    name = "alongside.measures"
    label = "measures"

    def ready(self) -> None:
        checks.register(check_instrument_definitions)


def check_instrument_definitions(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """`alongside check` (and start-up) reports a wrong definition file by name and field."""
    from .definitions import InstrumentDefinitionError, all_instruments, clear_cache

    clear_cache()
    try:
        all_instruments()
    except InstrumentDefinitionError as error:
        return [checks.Error(str(error), id="measures.E001")]
    return []
