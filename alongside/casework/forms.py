from django import forms

from alongside.accounts.models import User
from alongside.core.forms import DateField

from .models import ClosureReason, ContactType, WaitingOffer


class AllocationForm(forms.Form):
    worker = forms.ModelChoiceField(
        label="Key worker",
        queryset=User.objects.none(),
        empty_label="Choose a key worker",
        error_messages={
            "required": "Choose a key worker",
            "invalid_choice": "Choose a key worker from the list",
        },
    )
    allocated_on = DateField(label="Date of allocation", past_only=True)
    over_cap_reason = forms.CharField(
        label="Reason for allocating over the cap (only if asked)",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed only when this takes the worker over their weighted caseload cap",
    )

    def __init__(self, *args, workers, loads=None, **kwargs):
        super().__init__(*args, **kwargs)
        loads = loads or {}
        self.fields["worker"].queryset = workers

        def label(u) -> str:
            load = loads.get(u.pk)
            if load is None:
                return (
                    f"{u.display_name} ({u.open_cases} open)"
                    if hasattr(u, "open_cases")
                    else u.display_name
                )
            return f"{u.display_name} (weighted load {load.weighted:g} of {load.cap:g})"

        self.fields["worker"].label_from_instance = label


class CoWorkerForm(forms.Form):
    worker = forms.ModelChoiceField(
        label="Co-worker",
        queryset=User.objects.none(),
        empty_label="Choose a co-worker",
        error_messages={
            "required": "Choose a co-worker",
            "invalid_choice": "Choose a co-worker from the list",
        },
    )
    started_on = DateField(label="Date co-working starts", past_only=True)

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers
        self.fields["worker"].label_from_instance = lambda u: u.display_name


class ContactForm(forms.Form):
    happened_on = DateField(label="Date of the contact", past_only=True)
    contact_type = forms.ChoiceField(
        label="Type of contact",
        choices=ContactType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of contact"},
    )
    who_was_there = forms.CharField(
        label="Who was there (optional)",
        max_length=300,
        required=False,
        help_text="For example, the parent, their partner, the child's social worker",
    )
    duration_minutes = forms.IntegerField(
        label="How long, in minutes (optional)",
        required=False,
        min_value=1,
        max_value=24 * 60,
        error_messages={
            "invalid": "Enter the length of the contact in minutes, like 45",
            "min_value": "The length must be at least 1 minute",
            "max_value": "The length must be no more than 1440 minutes (a day)",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    confidentiality = forms.ChoiceField(
        label="Who may see these notes?",
        choices=[
            ("service_only", "Only the service (the usual choice)"),
            ("shareable", "Partners the parent has agreed to share contacts with"),
            (
                "team_around_family",
                "Everyone in the team around the family that the parent has agreed to share with",
            ),
            (
                "safeguarding",
                "A safeguarding concern: shared only through a disclosure a manager approves",
            ),
        ],
        required=False,
        widget=forms.RadioSelect,
        help_text="Notes are never shared without the parent's consent, except by an approved disclosure",
    )
    notes = forms.CharField(
        label="Notes",
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Confidential to the service. Write as if the parent will read it",
    )
    next_contact_on = DateField(
        label="Next planned contact (optional)",
        required=False,
        help_text="When you plan to see or speak to the parent next. For example, 14 6 2027",
    )

    def clean(self):
        data = super().clean()
        data["confidentiality"] = data.get("confidentiality") or "service_only"
        if (
            data.get("contact_type") != ContactType.OUTREACH_ATTEMPT
            and not (data.get("notes") or "").strip()
        ) and "notes" not in self.errors:
            self.add_error("notes", "Enter notes about the contact")
        planned, happened = data.get("next_contact_on"), data.get("happened_on")
        if planned and happened and planned <= happened:
            self.add_error("next_contact_on", "The next contact must be after this one")
        return data


class ClosureForm(forms.Form):
    closed_on = DateField(label="Date of closure", past_only=True)
    reason = forms.ChoiceField(
        label="Why is the work ending?",
        choices=ClosureReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the work is ending"},
    )
    note = forms.CharField(
        label="Closing summary",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What changed for the parent, and how they can get back in touch (the door stays open)",
        error_messages={"required": "Enter a closing summary"},
    )

    def __init__(self, *args, opened_on=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.opened_on = opened_on

    def clean_closed_on(self):
        closed_on = self.cleaned_data["closed_on"]
        if self.opened_on and closed_on and closed_on < self.opened_on:
            raise forms.ValidationError(
                f"Date of closure must be on or after the date the work started ({self.opened_on:%-d %B %Y})"
            )
        return closed_on


class WaitingOfferForm(forms.Form):
    offer = forms.ChoiceField(
        label="What has the parent been offered while they wait?",
        choices=WaitingOffer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what has been offered"},
    )
    offered_on = DateField(label="Date offered", past_only=True)
