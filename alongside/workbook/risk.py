"""Risk and strengths: per adult of the family (the parent, and their partner in a couple on
their own record), the factors the team works on (`models.Factor`) rated on one scale
(`models.Rating`, 1 serious concern to 5 a strength) over time, to evidence capacity to change.

Who: anyone who may add to the team around the family (`Action.ADD_TO_WORKBOOK`): the
service's staff whose work covers the parent, and a partner on the team while a consent in
force covers them (a domestic abuse worker rating domestic abuse, say). Each assessment is
marked with its organisation and who recorded it. Whoever may see the team around the family
(`Action.VIEW_WORKBOOK`) sees the ratings: a partner's assessments are shown only to those who
may see the partner's own team around the family.

`risk_assessment_record` is the write (one transaction with its audit entry); `risk_for` the
read for the page, with the chart (`charts.ratings_chart`) beside a table of the same numbers.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from alongside.audit.services import create_audited
from alongside.people.models import Parent
from alongside.people.selectors import partners_on
from alongside.policy import Action, can

from .charts import ratings_chart
from .models import RATING_MEANINGS, Factor, Rating, RiskAssessment

NOTHING_RATED = "Rate at least one factor, or choose 'Not rated this time' for those you did not"


@transaction.atomic
def risk_assessment_record(
    *,
    parent: Parent,
    assessed_on: date | None,
    ratings: dict[str, int | None],
    recorded_by,
    note: str = "",
) -> RiskAssessment:
    """One risk and strengths assessment of one adult on one day. Whether the recorder may is
    the policy's (Action.ADD_TO_WORKBOOK on `parent`, the adult it is about)."""
    problems: dict[str, str] = {}
    if assessed_on is None:
        problems["assessed_on"] = "Enter the date of the assessment"
    elif assessed_on > timezone.localdate():
        problems["assessed_on"] = "The date of the assessment must be today or in the past"
    for factor in Factor:
        value = ratings.get(factor.value)
        if value is not None and value not in Rating.values:
            problems[factor.value] = f"Choose a rating for {factor.label.lower()} from 1 to 5"
    if all(ratings.get(f.value) is None for f in Factor) and not problems:
        problems[NON_FIELD_ERRORS] = NOTHING_RATED
    if problems:
        raise ValidationError(problems)
    assessment = RiskAssessment(
        parent=parent,
        assessed_on=assessed_on,
        note=note.strip(),
        organisation_id=recorded_by.organisation_id,
        recorded_by=recorded_by,
        **{f.value: ratings.get(f.value) for f in Factor},
    )
    return create_audited(
        assessment, actor=recorded_by, description="Recorded a risk and strengths assessment"
    )


@dataclass
class AdultRisk:
    """One adult's assessments, oldest first, with the chart of them."""

    adult: Parent
    relation: str  # 'the parent' or the relationship ('partners')
    assessments: list[RiskAssessment] = field(default_factory=list)
    chart: SafeString = mark_safe("")  # nosec B308 B703

    @property
    def rows(self) -> list[tuple[str, list[int | None]]]:
        """The table beside the chart: a row per factor (a line of the chart), a column per
        assessment, oldest first."""
        return [(f.label, [getattr(a, f.value) for a in self.assessments]) for f in Factor]


def adults_for(viewer, parent: Parent, action: Action, today: date) -> list[tuple[Parent, str]]:
    """The adults of the family the viewer may do `action` for: the parent, and each of their
    partners today (on the partner's own record)."""
    adults = [(parent, "the parent")]
    for partner in partners_on(parent, today):
        if can(viewer, action, partner):
            adults.append((partner, "partner"))
    return adults


def risk_for(viewer, parent: Parent, today: date) -> list[AdultRisk]:
    """Each adult of the family the viewer may see, with their assessments and a chart."""
    adults = adults_for(viewer, parent, Action.VIEW_WORKBOOK, today)
    assessments = RiskAssessment.objects.filter(
        parent__in=[adult for adult, _ in adults]
    ).select_related("organisation", "recorded_by")
    by_adult: dict[int, list[RiskAssessment]] = {}
    for assessment in assessments:
        by_adult.setdefault(assessment.parent_id, []).append(assessment)
    found = []
    for adult, relation in adults:
        history = AdultRisk(adult, relation, by_adult.get(adult.pk, []))
        if history.assessments:
            # The SVG is built by charts.py from numbers and html-escaped text only.
            history.chart = mark_safe(  # noqa: S308  # nosec B308 B703
                ratings_chart(
                    chart_id=f"risk-{adult.pk}",
                    title=f"Risk and strengths over time: {adult.full_name}",
                    assessments=history.assessments,
                )
            )
        found.append(history)
    return found


SCALE = [(rating.value, rating.label, RATING_MEANINGS[rating]) for rating in Rating]
