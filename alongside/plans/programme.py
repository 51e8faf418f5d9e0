"""How often plans are reviewed and how long the work usually lasts.

Stand-in for programme configuration (issue 3 will replace this module): one setting,
`ALONGSIDE_PROGRAMME`, a dict that may override any of the defaults below for the whole service.
Everything in plans and measures asks `programme_for(episode)`, so the replacement only has to
answer per programme instead.
"""

import calendar
from dataclasses import dataclass, replace
from datetime import date

from django.conf import settings


@dataclass(frozen=True)
class Programme:
    review_interval_weeks: int = 8
    typical_duration_months: int = 18
    # A goal still open after this many reviews (carried over, or unchanged) is drifting.
    drift_after_reviews: int = 3


def programme_for(episode=None) -> Programme:
    overrides = getattr(settings, "ALONGSIDE_PROGRAMME", None) or {}
    return replace(Programme(), **overrides)


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )
