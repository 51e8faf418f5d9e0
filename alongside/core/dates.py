"""Date arithmetic, and dates in words, used by more than one app."""

import calendar
from datetime import date
from functools import lru_cache

from django.utils.formats import date_format
from django.utils.translation import get_language


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def short_date(day: date) -> str:
    """'3 Mar 2025': what the template filter `date:"j M Y"` writes, remembered for each day and
    language, as a long list writes the same days many times over."""
    return _short_date(day, get_language())


@lru_cache(maxsize=4096)
def _short_date(day: date, language: str | None) -> str:
    return date_format(day, "j M Y")
