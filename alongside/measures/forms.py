"""A form drawn from an instrument's definition."""

from django import forms

from alongside.core.forms import DateField

from .definitions import RATERS, Instrument


def field_name(rater: str, item_id: str) -> str:
    return f"{rater}__{item_id}"


class MeasureForm(forms.Form):
    """One field per question (per rater). Unanswered questions are refused unless the person
    ticks 'save as incomplete'; an incomplete response is kept but not scored."""

    completed_on = DateField(label="Date completed", past_only=True)
    save_incomplete = forms.BooleanField(
        label="Save as incomplete",
        required=False,
        help_text="If some questions were not answered. An incomplete measure is kept but not scored",
    )

    def __init__(self, *args, instrument: Instrument, with_date: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        if not with_date:
            del self.fields["completed_on"]
        two = len(instrument.raters) > 1
        for item in instrument.items:
            for rater in instrument.raters:
                label = f"{RATERS[rater]}'s rating" if two else f"{item.number}. {item.text}"
                if instrument.uses_options:
                    field = forms.TypedChoiceField(
                        label=label,
                        choices=[(o.value, o.label) for o in instrument.options],
                        coerce=int,
                        empty_value=None,
                        required=False,
                        widget=forms.RadioSelect,
                        error_messages={
                            "invalid_choice": f"Choose one of the answers for question {item.number}"
                        },
                    )
                else:
                    where = f"{item.text} ({RATERS[rater].lower()}'s rating)"
                    bounds = f"from {instrument.scale_min} to {instrument.scale_max}"
                    field = forms.IntegerField(
                        label=label,
                        required=False,
                        min_value=instrument.scale_min,
                        max_value=instrument.scale_max,
                        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                        error_messages={
                            "invalid": f"Enter a whole number {bounds} for {where}",
                            "min_value": f"Enter a number {bounds} for {where}",
                            "max_value": f"Enter a number {bounds} for {where}",
                        },
                    )
                self.fields[field_name(rater, item.id)] = field

    def rows(self):
        """(item, [bound field per rater]) in order, for the template."""
        return [
            (item, [self[field_name(r, item.id)] for r in self.instrument.raters])
            for item in self.instrument.items
        ]

    @property
    def is_two_raters(self) -> bool:
        return len(self.instrument.raters) > 1

    def has_answers(self) -> bool:
        """Did the person answer anything? (Used where the measure is an optional section.)"""
        names = [field_name(r, i.id) for r in self.instrument.raters for i in self.instrument.items]
        return any((self.data.get(self.add_prefix(n)) or "").strip() for n in names)

    def clean(self):
        data = super().clean()
        answers = self.answers()
        if not any(v is not None for given in answers.values() for v in given.values()):
            if not self.errors:
                raise forms.ValidationError("Answer at least one question")
            return data
        if not data.get("save_incomplete"):
            for rater in self.instrument.raters:
                for item in self.instrument.items:
                    name = field_name(rater, item.id)
                    if name in self.errors:
                        continue
                    if answers[rater].get(item.id) is None:
                        who = f" ({RATERS[rater].lower()}'s rating)" if self.is_two_raters else ""
                        self.add_error(
                            name,
                            f"Answer question {item.number}{who}, or tick 'Save as incomplete'",
                        )
        return data

    def answers(self) -> dict[str, dict[str, int | None]]:
        cleaned = getattr(self, "cleaned_data", {})
        return {
            rater: {
                item.id: cleaned.get(field_name(rater, item.id)) for item in self.instrument.items
            }
            for rater in self.instrument.raters
        }
