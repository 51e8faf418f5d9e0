"""Errors with messages written for the person running the linkage."""


class InputError(ValueError):
    """An extract or mapping that cannot be used; the message says what to fix."""
