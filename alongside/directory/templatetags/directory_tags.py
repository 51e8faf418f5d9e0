import calendar

from django import template

from alongside.directory.geography import ALL_REGIONS
from alongside.directory.models import When, WorksWith

register = template.Library()


@register.filter
def partial_date(value: str) -> str:
    """'2014-04' -> 'April 2014'; '2014' -> '2014'; blank -> ''."""
    if not value:
        return ""
    year, _, month = value.partition("-")
    return f"{calendar.month_name[int(month)]} {year}" if month else year


def _labels(values, choices) -> str:
    names = dict(choices.choices)
    words = [str(names.get(v, v)) for v in values]
    if not words:
        return ""
    text = ", ".join(w.lower() for w in words)
    return text[0].upper() + text[1:]


@register.filter
def works_with_words(values) -> str:
    return _labels(values, WorksWith)


@register.filter
def when_words(values) -> str:
    return _labels(values, When)


@register.filter
def region_words(values) -> str:
    return ", ".join(ALL_REGIONS.get(v, v) for v in values)


@register.filter
def ages(service) -> str:
    low, high = service.min_age, service.max_age
    if low and high:
        return f"{low} to {high}"
    if high:
        return f"Under {high + 1}"
    if low:
        return f"{low} and over"
    return ""
