"""Which function runs each kind of job. A handler gets the job and a `progress` callable and
returns a JSON-able result. It must leave nothing half-written if it is killed: write in one
transaction, or build outputs aside and move them into place at the end."""

from collections.abc import Callable

Progress = Callable[[str, int, int], None]
Handler = Callable[..., dict]

_handlers: dict[str, Handler] = {}


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    def register(function: Handler) -> Handler:
        _handlers[kind] = function
        return function

    return register


def handler_for(kind: str) -> Handler | None:
    return _handlers.get(kind)
