"""Forms for onward referrals, the parent's own sexual and reproductive health choices,
groups and peer mentoring."""

from django import forms

from alongside.core.forms import DateField

from .models import OnwardKind, OnwardOutcome, ReproductiveHealthChoiceKind

AGREED_LABEL = "The parent agreed to this being recorded"


class OnwardReferralForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of service?",
        choices=OnwardKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of service"},
    )
    service_name = forms.CharField(
        label="Name of the service",
        max_length=200,
        error_messages={"required": "Enter the name of the service"},
    )
    referred_on = DateField(label="Date referred", past_only=True)
    first_appointment_on = DateField(
        label="Date of the first appointment (optional)", required=False
    )
    outcome = forms.ChoiceField(
        label="Outcome so far",
        choices=OnwardOutcome.choices,
        initial=OnwardOutcome.WAITING,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome so far"},
    )
    notes = forms.CharField(
        label="Notes (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Write as if the parent will read it",
    )
    parent_agreed = forms.BooleanField(
        label=AGREED_LABEL,
        required=False,
        help_text="Needed for a sexual and reproductive health service: it is the parent's own "
        "choice, and never a condition of the work",
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == OnwardKind.SEXUAL_REPRODUCTIVE_HEALTH and not data.get(
            "parent_agreed"
        ):
            self.add_error(
                "parent_agreed",
                "Confirm the parent agreed to this being recorded. If they did not, do not "
                "record it",
            )
        return data


class OnwardUpdateForm(forms.Form):
    first_appointment_on = DateField(
        label="Date of the first appointment (optional)", required=False
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=OnwardOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome"},
    )
    notes = forms.CharField(
        label="Notes (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Write as if the parent will read it",
    )


class ReproductiveHealthChoiceForm(forms.Form):
    choice = forms.ChoiceField(
        label="What did the parent choose?",
        choices=ReproductiveHealthChoiceKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the parent chose"},
    )
    details = forms.CharField(
        label="Details (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only what the parent wants recorded, in their words if they like",
    )
    appointment_on = DateField(label="Date of the appointment (optional)", required=False)
    service_name = forms.CharField(label="Service (optional)", max_length=200, required=False)
    parent_agreed = forms.BooleanField(
        label=AGREED_LABEL,
        error_messages={
            "required": "Confirm the parent agreed to this being recorded. If they did not, "
            "do not record it"
        },
    )


class GroupForm(forms.Form):
    name = forms.CharField(
        label="Name of the group",
        max_length=200,
        error_messages={"required": "Enter the name of the group"},
    )
    description = forms.CharField(
        label="What the group is for (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class GroupSessionForm(forms.Form):
    held_on = DateField(label="Date of the session")
    facilitators = forms.ModelMultipleChoiceField(
        label="Facilitators from the service",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    external_facilitators = forms.CharField(
        label="Facilitators from outside the service (optional)",
        max_length=300,
        required=False,
        help_text="Their names, separated by commas",
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitators"].queryset = staff
        self.fields["facilitators"].label_from_instance = lambda u: u.display_name


class AttendanceForm(forms.Form):
    attended = forms.MultipleChoiceField(
        label="Who came?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The parents you work with. Colleagues record their own parents",
    )

    def __init__(self, *args, episodes, **kwargs):
        super().__init__(*args, **kwargs)
        self.episodes = {str(e.pk): e for e in episodes}
        self.fields["attended"].choices = [(str(e.pk), e.parent.full_name) for e in episodes]

    def clean_attended(self):
        return [self.episodes[pk] for pk in self.cleaned_data["attended"]]


class PeerMentorForm(forms.Form):
    started_on = DateField(label="Date they started as a peer mentor", past_only=True)
    description = forms.CharField(
        label="What they do (optional)",
        max_length=500,
        required=False,
        help_text="For example, co-facilitates the Tuesday group",
    )


class PeerMentorEndForm(forms.Form):
    ended_on = DateField(label="Date the role ended", past_only=True)
