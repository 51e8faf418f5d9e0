"""The report's filters (a GET form), the settings forms and the network forms."""

from datetime import date, timedelta

from django import forms
from django.utils import timezone

from alongside.accounts.models import Organisation
from alongside.core.forms import DateField

from .models import CostedOutcome


def default_period(today: date | None = None) -> tuple[date, date]:
    today = today or timezone.localdate()
    return today - timedelta(days=364), today


class ReportFilterForm(forms.Form):
    start = DateField(label="Start date", help_text="For example, 1 4 2025")
    end = DateField(label="End date", help_text="For example, 31 3 2026")
    team = forms.TypedChoiceField(label="Team", required=False, coerce=int, empty_value=None)
    pathway = forms.ChoiceField(label="Pathway", required=False)
    programme = forms.TypedChoiceField(
        label="Programme", required=False, coerce=int, empty_value=None
    )
    comparison = forms.TypedChoiceField(
        label="Comparison population", required=False, coerce=int, empty_value=None
    )

    def __init__(self, data=None, *, options: dict, network: bool = False):
        super().__init__(data)
        everything = [("", "All")]
        self.fields["team"].choices = everything + [(str(k), v) for k, v in options["teams"]]
        self.fields["pathway"].choices = everything + options["pathways"]
        self.fields["programme"].choices = everything + [
            (str(k), v) for k, v in options["programmes"]
        ]
        self.fields["comparison"].choices = [("", "The latest linkage run, if any")] + [
            (str(k), v) for k, v in options["comparisons"]
        ]
        if network:
            for name in ("team", "programme", "comparison"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "The end date must be the same as or after the start date")
        return data


class UnitCostForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome the cost is avoided for", choices=CostedOutcome.choices
    )
    label = forms.CharField(label="What the cost is of", max_length=200)
    low = forms.DecimalField(
        label="Lowest estimate, in pounds", min_value=0, max_digits=12, decimal_places=2
    )
    high = forms.DecimalField(
        label="Highest estimate, in pounds", min_value=0, max_digits=12, decimal_places=2
    )
    source = forms.CharField(label="Source", max_length=300)
    year = forms.IntegerField(label="Year of the figure", min_value=1990, max_value=2100)
    assumption = forms.CharField(label="Assumptions", max_length=500, required=False)

    def clean(self):
        data = super().clean()
        if (
            data.get("low") is not None
            and data.get("high") is not None
            and data["high"] < data["low"]
        ):
            self.add_error("high", "The highest estimate must be at least the lowest")
        return data


class ComparisonForm(forms.Form):
    name = forms.CharField(label="Name of the comparison population", max_length=200)
    source = forms.CharField(label="Source", max_length=300)
    year = forms.IntegerField(label="Year", min_value=1990, max_value=2100)
    upload = forms.FileField(
        label="CSV file",
        help_text="Columns: dimension (ethnicity, age, sex or care_experience), category, count",
    )


class NetworkForm(forms.Form):
    name = forms.CharField(
        label="Name of the network",
        max_length=200,
        help_text="For example, a national programme or a regional partnership",
        error_messages={"required": "Enter the name of the network"},
    )


class InviteForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Service to invite",
        queryset=Organisation.objects.none(),
        empty_label="Choose a service",
        error_messages={"required": "Choose the service to invite"},
    )

    def __init__(self, data=None, *, services):
        super().__init__(data)
        self.fields["organisation"].queryset = services
