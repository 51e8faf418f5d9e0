"""The form that asks for a family summary (`workbook.summary`)."""

from django import forms

from alongside.core.forms import DateField

from .models import FamilySummary
from .summary_services import END_BEFORE_START


class SummaryForm(forms.Form):
    recipient = forms.ChoiceField(
        label="Who is the summary for?",
        choices=FamilySummary.Recipient.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who the summary is for"},
    )
    recipient_name = forms.CharField(
        label="Name of the court, conference or worker",
        max_length=200,
        help_text="For example, Family Court at Northbrook, case NB26C00123",
        error_messages={"required": "Enter who the summary is for"},
    )
    organisation = forms.ModelChoiceField(
        label="Organisation it goes to (for a court or conference)",
        queryset=None,
        required=False,
        empty_label="None of these",
        help_text="A court or conference summary holds only what the parent's consent in force "
        "for this organisation shares, or a recorded lawful basis allows. Everything else is "
        "counted as withheld, without its content. A new worker in the service sees everything.",
        error_messages={"invalid_choice": "Choose an organisation from the list"},
    )
    starts_on = DateField(label="Start date", help_text="The first day the summary covers")
    ends_on = DateField(label="End date", help_text="The last day the summary covers")
    every_contact = forms.BooleanField(
        label="Include every contact in these dates, not only those marked significant",
        required=False,
    )
    services_view = forms.CharField(
        label="The service's view",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
        help_text="What the service thinks, in a few paragraphs, for this recipient",
        error_messages={"required": "Enter the service's view"},
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", END_BEFORE_START)
        return data
