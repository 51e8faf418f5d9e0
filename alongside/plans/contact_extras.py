"""Recording once: the optional parts of the contact form. One home visit, one form: the same
form can note how goals are going, add an achievement and record measures. Left empty, the
contact form works exactly as it did."""

from django import forms
from django.db import transaction

from alongside.casework.models import Contact, Episode
from alongside.core.forms import strip_text
from alongside.measures.definitions import all_instruments
from alongside.measures.forms import MeasureForm
from alongside.measures.services import measure_record

from .models import Achievement, Outcome
from .selectors import open_goals
from .services import achievement_add, progress_record


class GoalProgressForm(forms.Form):
    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = goals
        for number, goal in enumerate(goals, start=1):
            self.fields[f"goal_{goal.pk}"] = forms.ChoiceField(
                label=f"Goal {number}: {goal.in_parents_words}",
                choices=[("", "No update"), *Outcome.choices],
                required=False,
                error_messages={
                    "invalid_choice": f"Choose how goal {number} is going from the list"
                },
            )

    def updates(self):
        return [
            (goal, self.cleaned_data[f"goal_{goal.pk}"])
            for goal in self.goals
            if self.cleaned_data.get(f"goal_{goal.pk}")
        ]


class ContactAchievementForm(forms.Form):
    text = forms.CharField(
        label="An achievement to record (optional)",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example, signed a tenancy, finished a course, a good family-time visit",
    )
    whose = forms.ChoiceField(
        label="Who is recording it?",
        choices=Achievement.Whose.choices,
        widget=forms.RadioSelect,
        initial=Achievement.Whose.TOGETHER,
        required=False,
        error_messages={"invalid_choice": "Select who is recording the achievement"},
    )

    def clean_text(self):
        return strip_text(self.cleaned_data["text"])


class ContactExtras:
    def __init__(self, episode: Episode, data=None):
        self.episode = episode
        self.goals = open_goals(episode)
        self.progress = GoalProgressForm(data, goals=self.goals, prefix="progress")
        self.achievement = ContactAchievementForm(data, prefix="achievement")
        self.measures = []
        for instrument in sorted(all_instruments().values(), key=lambda i: i.name):
            prefix = f"measure-{instrument.code}"
            form = MeasureForm(data, instrument=instrument, with_date=False, prefix=prefix)
            if data is not None and not form.has_answers():
                form = MeasureForm(None, instrument=instrument, with_date=False, prefix=prefix)
            self.measures.append(form)

    @property
    def forms(self) -> list[forms.Form]:
        return [self.progress, self.achievement, *self.measures]

    def is_valid(self) -> bool:
        return all([f.is_valid() for f in self.forms if f.is_bound])

    @transaction.atomic
    def save(self, *, contact: Contact, recorded_by) -> list[str]:
        """Save what was filled in, with the contact; returns what was recorded, in words."""
        recorded: list[str] = []
        updates = self.progress.updates()
        if updates:
            recorded.append(f"progress on {len(updates)} goal{'s' if len(updates) != 1 else ''}")
        for goal, outcome in updates:
            progress_record(
                goal=goal,
                recorded_by=recorded_by,
                recorded_on=contact.happened_on,
                outcome=outcome,
                contact=contact,
            )
        if self.achievement.cleaned_data.get("text"):
            recorded.append("an achievement")
            achievement_add(
                episode=self.episode,
                recorded_by=recorded_by,
                happened_on=contact.happened_on,
                text=self.achievement.cleaned_data["text"],
                whose=self.achievement.cleaned_data.get("whose") or Achievement.Whose.TOGETHER,
                contact=contact,
            )
        for form in self.measures:
            if form.is_bound:
                recorded.append(form.instrument.name)
                measure_record(
                    episode=self.episode,
                    recorded_by=recorded_by,
                    instrument_code=form.instrument.code,
                    completed_on=contact.happened_on,
                    answers=form.answers(),
                    contact=contact,
                )
        return recorded
