"""How often plans are reviewed and how long the work usually lasts.

The episode's programme version (alongside.programmes) decides: its review interval and its
typical (or else maximum) duration. Without a programme, the defaults below apply, which the
setting `ALONGSIDE_PROGRAMME` (a dict) may override for the whole service.
"""

from dataclasses import dataclass, replace

from django.conf import settings


@dataclass(frozen=True)
class Programme:
    review_interval_weeks: int = 8
    typical_duration_months: int = 18
    # A goal still open after this many reviews (carried over, or unchanged) is drifting.
    drift_after_reviews: int = 3


def programme_for(episode=None) -> Programme:
    overrides = dict(getattr(settings, "ALONGSIDE_PROGRAMME", None) or {})
    version = getattr(episode, "programme_version", None) if episode is not None else None
    if version is not None:
        spec = version.spec
        overrides["review_interval_weeks"] = spec.review_every_weeks
        months = spec.typical_months or spec.maximum_months
        if months:
            overrides["typical_duration_months"] = months
    return replace(Programme(), **overrides)
