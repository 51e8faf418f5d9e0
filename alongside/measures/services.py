"""Recording a measure: answers checked and scored by the instrument's definition, audited."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from alongside.audit.models import AuditAction
from alongside.audit.services import audit_record
from alongside.casework.models import Contact, Episode
from alongside.casework.services import episode_locked_open

from .definitions import get_instrument
from .models import MeasureResponse
from .scoring import AnswerError, score


@transaction.atomic
def measure_record(
    *,
    episode: Episode,
    recorded_by,
    instrument_code: str,
    completed_on: date,
    answers: dict[str, dict[str, int | None]],
    contact: Contact | None = None,
    by_parent: bool = False,
) -> MeasureResponse:
    """Save one completion. `answers` is {rater: {item id: answer or None}}. A response with
    any question unanswered is saved as incomplete and not scored. `by_parent`: the parent
    filled it in themselves in their own space (`recorded_by` is their sign-in), so only their
    own ratings are taken. Scoring and any alert it raises are the same either way."""
    episode = episode_locked_open(episode)
    instrument = get_instrument(instrument_code)
    if instrument is None:
        raise ValidationError("Choose a measure from the list.")
    if completed_on > timezone.localdate():
        raise ValidationError("The date must be today or in the past")
    unknown = set(answers) - set(instrument.raters)
    if by_parent and set(answers) - {"parent"}:
        raise ValidationError("The parent answers only for themselves.")
    if unknown:
        raise ValidationError(f"{instrument.name} is not rated by {', '.join(sorted(unknown))}.")
    scores, kept = {}, {}
    try:
        for rater in instrument.raters:
            given = answers.get(rater, {})
            scores[rater] = score(instrument, given).as_dict()
            kept[rater] = {k: v for k, v in given.items() if v is not None}
    except AnswerError as error:
        raise ValidationError(str(error)) from error
    if not any(kept.values()):
        raise ValidationError("Answer at least one question.")
    complete = all(s["complete"] for s in scores.values())
    first = scores[instrument.raters[0]]
    response = MeasureResponse(
        episode=episode,
        parent_id=episode.parent_id,
        instrument=instrument.code,
        instrument_name=instrument.name,
        completed_on=completed_on,
        complete=complete,
        scores=scores,
        total=first["total"] if complete else None,
        contact=contact,
        recorded_by=recorded_by,
        by_parent=by_parent,
    )
    response.answers = kept
    response.save()
    audit_record(
        actor=recorded_by,
        action=AuditAction.CREATE,
        obj=response,
        description=f"{instrument.name} recorded"
        + (" by the parent in their own space" if by_parent else "")
        + ("" if complete else " (incomplete)"),
    )
    return response
