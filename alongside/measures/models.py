"""Measures completed by a parent (and, for some, rated by the worker too)."""

import json

from django.conf import settings
from django.db import models

from alongside.casework.models import Contact, Episode
from alongside.core.fields import EncryptedTextField
from alongside.core.models import TimeStampedModel
from alongside.people.models import Parent


class MeasureResponse(TimeStampedModel):
    """One completion of an instrument. Answers are encrypted (they are health information),
    and so are the scores worked out from them (bands, subscales, and alerts such as the
    PHQ-9's question 9 on thoughts of self-harm): nothing asks for them in SQL. The first
    rater's total is kept in clear for charts. A partly completed response is kept as
    incomplete and has no score."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="measures")
    parent = models.ForeignKey(Parent, on_delete=models.PROTECT, related_name="+")
    instrument = models.CharField(max_length=60)
    instrument_name = models.CharField(max_length=200)
    completed_on = models.DateField()
    answers_text = EncryptedTextField()
    complete = models.BooleanField(default=False)
    # {rater: Score.as_dict()} as JSON, encrypted; read and set through `scores`. The first
    # rater's total is also in `total` for charts.
    scores_text = EncryptedTextField(blank=True)
    total = models.FloatField(null=True, blank=True)
    contact = models.ForeignKey(
        Contact, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The parent filled it in themselves, in their own space (the worker was not there): the
    # worker's timeline and measures page show it as the parent's own answers.
    by_parent = models.BooleanField("filled in by the parent in their own space", default=False)

    class Meta:
        ordering = ["completed_on", "pk"]
        indexes = [models.Index(fields=["parent", "instrument", "completed_on"])]

    @property
    def answers(self) -> dict[str, dict[str, int]]:
        """{rater: {item id: answer}}"""
        return json.loads(self.answers_text or "{}")

    @answers.setter
    def answers(self, value: dict[str, dict[str, int]]) -> None:
        self.answers_text = json.dumps(value, sort_keys=True)

    @property
    def scores(self) -> dict[str, dict]:
        """{rater: Score.as_dict()}"""
        return json.loads(self.scores_text or "{}")

    @scores.setter
    def scores(self, value: dict[str, dict]) -> None:
        self.scores_text = json.dumps(value, sort_keys=True)

    @property
    def has_alert(self) -> bool:
        """Did any rater's answers raise an alert (PHQ-9 question 9, say)? Derived from the
        encrypted scores, so the flag is never stored in clear beside the answers."""
        return any(s.get("alerts") for s in self.scores.values())
