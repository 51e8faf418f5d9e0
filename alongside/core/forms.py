"""Form fields and widgets that follow the GOV.UK Design System patterns and messages."""

from datetime import date

from django import forms
from django.utils import timezone


class DateWidget(forms.MultiWidget):
    """Three boxes, day, month and year, as in the GOV.UK date input."""

    def __init__(self, attrs=None):
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()], attrs)

    def decompress(self, value):
        if isinstance(value, date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]


class DateField(forms.MultiValueField):
    """A date typed as day, month and year, with GOV.UK's error messages.

    `past_only` refuses future dates; `future_only` refuses past ones. What was typed is kept
    when the form is shown again with an error.
    """

    widget = DateWidget

    def __init__(self, *, past_only: bool = False, future_only: bool = False, **kwargs):
        self.past_only = past_only
        self.future_only = future_only
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    @property
    def _name(self) -> str:
        return (self.label or "Date").capitalize()

    def clean(self, value):
        parts = [(part or "").strip() for part in (value or ["", "", ""])]
        if not any(parts):
            if self.required:
                raise forms.ValidationError(f"Enter the {self._name.lower()}", code="required")
            return None
        missing = [
            name
            for name, part in zip(("a day", "a month", "a year"), parts, strict=False)
            if not part
        ]
        if missing:
            raise forms.ValidationError(
                f"{self._name} must include {' and '.join(missing)}", code="incomplete"
            )
        if not all(part.isdigit() for part in parts) or len(parts[2]) != 4:
            raise forms.ValidationError(f"{self._name} must be a real date", code="invalid")
        try:
            value = date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError as error:
            raise forms.ValidationError(
                f"{self._name} must be a real date", code="invalid"
            ) from error
        today = timezone.localdate()
        if value.year < 1900:
            raise forms.ValidationError(f"{self._name} must be after 1900", code="too_early")
        if self.past_only and value > today:
            raise forms.ValidationError(f"{self._name} must be today or in the past", code="future")
        if self.future_only and value < today:
            raise forms.ValidationError(f"{self._name} must be in the future", code="past")
        return value

    def compress(self, data_list):  # pragma: no cover - clean() is overridden
        return data_list


def strip_text(value: str | None) -> str:
    return (value or "").strip()
