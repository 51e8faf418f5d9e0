from django import forms

from alongside.accounts.models import Organisation
from alongside.core.forms import DateField

from .choices import Category, Condition, DisclosureKind, HowGiven, LegalBasis, ParentTold


class ConsentForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Who may see it?",
        queryset=Organisation.objects.filter(kind=Organisation.Kind.PARTNER).order_by("name"),
        empty_label="Choose a partner organisation",
        error_messages={
            "required": "Choose the partner organisation",
            "invalid_choice": "Choose a partner organisation that Alongside knows",
        },
    )
    job_role = forms.CharField(
        label="Only people in this role at the organisation (optional)",
        required=False,
        max_length=100,
        help_text="For example, Social worker. Leave blank for anyone at the organisation",
    )
    categories = forms.MultipleChoiceField(
        label="What may be shared?",
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose what may be shared"},
    )
    purpose = forms.CharField(
        label="What will it be used for?",
        max_length=300,
        error_messages={"required": "Enter what the information will be used for"},
    )
    starts_on = DateField(label="Date the consent starts")
    ends_on = DateField(
        label="Date the consent ends (optional)",
        required=False,
        help_text="Leave blank if it has no end date",
    )
    condition = forms.ChoiceField(
        label="Does the parent want it shared only in some circumstances?",
        choices=Condition.choices,
        widget=forms.RadioSelect,
        initial=Condition.NONE,
        error_messages={"required": "Select whether there is a condition"},
    )
    how_given = forms.ChoiceField(
        label="How did the parent give consent?",
        choices=HowGiven.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the parent gave consent"},
    )
    witness = forms.CharField(label="Witness (for verbal consent)", required=False, max_length=200)

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts and "ends_on" not in self.errors:
            self.add_error("ends_on", "The end date must be the same as or after the start date")
        if (
            data.get("how_given") == HowGiven.VERBAL_WITH_WITNESS
            and not (data.get("witness") or "").strip()
        ):
            self.add_error("witness", "Enter who witnessed the parent's verbal consent")
        return data


class WithdrawForm(forms.Form):
    note = forms.CharField(
        label="Anything to note about the withdrawal (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DisclosureForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of disclosure is this?",
        choices=DisclosureKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of disclosure"},
    )
    recipient = forms.CharField(
        label="Who is it for?",
        max_length=200,
        error_messages={"required": "Enter who the information is for"},
    )
    legal_basis = forms.ChoiceField(
        label="Legal basis",
        choices=[("", "Choose the legal basis"), *LegalBasis.choices],
        error_messages={"required": "Choose the legal basis for the disclosure"},
    )
    reasons = forms.CharField(
        label="Why must this be disclosed without the parent's consent?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": "Enter the reasons for disclosing without consent"},
    )
    what_disclosed = forms.CharField(
        label="Exactly what will be disclosed?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
        error_messages={"required": "Enter exactly what will be disclosed"},
    )
    contacts = forms.MultipleChoiceField(
        label="Contacts whose notes are disclosed (optional)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Those given to a court are flagged as disclosed in proceedings",
    )

    def __init__(self, *args, contact_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contacts"].choices = contact_choices


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("approve", "Approve the disclosure"), ("refuse", "Do not approve")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you approve the disclosure"},
    )
    disclosed_on = DateField(label="Date of disclosure (if approved)", required=False)
    note = forms.CharField(
        label="Notes on the decision",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ParentToldForm(forms.Form):
    told = forms.ChoiceField(
        label="Has the parent been told about the disclosure?",
        choices=ParentTold.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the parent has been told"},
    )
    told_on = DateField(label="Date the parent was told", required=False, past_only=True)
    reason = forms.CharField(
        label="Why not (if not told)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need to open this record?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The data protection lead sees every use of this",
        error_messages={"required": "Explain why you need to open this record"},
    )


class FindParentForm(forms.Form):
    nhs_number = forms.CharField(label="NHS number", max_length=20, required=False)
    family_name = forms.CharField(label="Last name", max_length=100, required=False)
    date_of_birth = DateField(label="Date of birth", required=False, past_only=True)

    def clean(self):
        data = super().clean()
        if (
            not (data.get("nhs_number") or "").strip()
            and not (data.get("family_name") or "").strip()
        ):
            raise forms.ValidationError("Enter an NHS number or a last name")
        return data
