"""Forms for a parent's details and their children."""

from django import forms

from alongside.core.forms import DateField

from .choices import (
    AT_HOME_STATUSES,
    BORN_STATUS_CHOICES,
    ETHNICITY_GROUPS,
    GENDER_QUESTION,
    CareExperience,
    ChildLegalStatus,
    GenderSameAsSex,
    OrderSought,
    PreBirthAssessment,
    PregnancyOutcome,
    RelationshipKind,
    Sex,
    StatusSource,
    YesNoNotKnown,
)
from .validators import (
    normalise_nhs_number,
    normalise_postcode,
    validate_nhs_number,
    validate_postcode,
)

ETHNICITY_FORM_CHOICES = [("", "Choose an ethnic group")] + [
    (group, choices) for group, choices in ETHNICITY_GROUPS
]


class CleansIdentity:
    """How a form cleans what identifies a parent: a checked NHS number and postcode, each in
    one form, and previous names one to a line. Shared by the parent's details and referrals."""

    def clean_nhs_number(self) -> str:
        value = self.cleaned_data["nhs_number"].strip()
        if value:
            validate_nhs_number(value)
        return normalise_nhs_number(value)

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"].strip()
        if value:
            validate_postcode(value)
            return normalise_postcode(value)
        return ""

    def clean_previous_names(self) -> list[str]:
        raw = self.cleaned_data["previous_names"]
        return [line.strip()[:200] for line in raw.splitlines() if line.strip()]


class ParentDetailsForm(CleansIdentity, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change_reason = forms.CharField(
        label="Why are these details changing? (optional)",
        required=False,
        max_length=300,
        help_text="For example, the parent asked for their name to be corrected",
    )
    given_name = forms.CharField(
        label="First name",
        max_length=100,
        error_messages={"required": "Enter the parent's first name"},
    )
    family_name = forms.CharField(
        label="Last name",
        max_length=100,
        error_messages={"required": "Enter the parent's last name"},
    )
    preferred_name = forms.CharField(
        label="Preferred name (optional)",
        max_length=100,
        required=False,
        help_text="What the parent likes to be called",
    )
    previous_names = forms.CharField(
        label="Previous names (optional)",
        required=False,
        max_length=2000,
        help_text="For example, a surname before marriage. Put each name on its own line",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    date_of_birth = DateField(
        label="Date of birth",
        past_only=True,
        required=False,
        help_text="For example, 27 3 1999. Leave blank if not known",
    )
    nhs_number = forms.CharField(
        label="NHS number (optional)",
        max_length=20,
        required=False,
        help_text="A 10 digit number, like 943 476 5919",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    phone = forms.CharField(
        label="Phone number (optional)",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    address = forms.CharField(
        label="Address (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    postcode = forms.CharField(label="Postcode (optional)", max_length=10, required=False)
    ethnicity = forms.ChoiceField(
        label="Ethnic group",
        choices=ETHNICITY_FORM_CHOICES,
        help_text="As the parent describes it (ONS 2021 categories). Choose 'Not yet asked' if you do not know",
        error_messages={"required": "Choose the parent's ethnic group, or 'Not yet asked'"},
    )
    care_experienced = forms.ChoiceField(
        label="Has the parent been in care themselves?",
        choices=CareExperience.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the parent has been in care"},
    )
    learning_disability = forms.ChoiceField(
        label="Does the parent have a learning disability? (optional)",
        choices=YesNoNotKnown.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Some services give priority on the waiting list. It is never a condition",
    )
    substance_misuse = forms.ChoiceField(
        label="Does the parent have difficulties with drugs or alcohol? (optional)",
        choices=YesNoNotKnown.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Some services give priority on the waiting list. It is never a condition",
    )

    sex = forms.ChoiceField(
        label="What is the parent's sex? (optional)",
        choices=Sex.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="As the parent describes it (ONS 2021 census question)",
    )
    gender_same_as_sex = forms.ChoiceField(
        label=f"{GENDER_QUESTION} (optional)",
        choices=GenderSameAsSex.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Ask the parent in their own words (ONS 2021 census question)",
    )
    gender_identity = forms.CharField(
        label="If no, the parent's gender identity in their own words (optional)",
        max_length=200,
        required=False,
    )

    def clean_sex(self) -> str:
        return self.cleaned_data["sex"] or Sex.NOT_ASKED

    def clean_gender_same_as_sex(self) -> str:
        return self.cleaned_data["gender_same_as_sex"] or GenderSameAsSex.NOT_ASKED

    def clean(self):
        data = super().clean()
        words = (data.get("gender_identity") or "").strip()
        data["gender_identity"] = words
        if words and data.get("gender_same_as_sex") != GenderSameAsSex.NO:
            self.add_error(
                "gender_identity",
                "Leave the gender identity blank unless the answer to the question before is 'No'",
            )
        return data

    def clean_learning_disability(self) -> str:
        return self.cleaned_data["learning_disability"] or YesNoNotKnown.NOT_KNOWN

    def clean_substance_misuse(self) -> str:
        return self.cleaned_data["substance_misuse"] or YesNoNotKnown.NOT_KNOWN


class ChildForm(forms.Form):
    given_name = forms.CharField(
        label="Child's first name (optional)",
        max_length=100,
        required=False,
        help_text="Leave blank for an unborn baby or if not known",
    )
    legal_status = forms.ChoiceField(
        label="Where is the child living now, and under what order or plan?",
        choices=ChildLegalStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select where the child is living now"},
    )
    date_of_birth = DateField(label="Child's date of birth", past_only=True, required=False)
    due_date = DateField(
        label="Due date",
        required=False,
        help_text="Only for an unborn baby. For example, 14 6 2027",
    )
    removed_on = DateField(
        label="Date the child was removed from the parent's care (if they were)",
        past_only=True,
        required=False,
        help_text="Some services work with parents whose baby was removed under a certain age",
    )

    def clean(self):
        data = super().clean()
        status = data.get("legal_status")
        if status == ChildLegalStatus.UNBORN:
            if not data.get("due_date") and "due_date" not in self.errors:
                self.add_error("due_date", "Enter the due date for an unborn baby")
            if data.get("date_of_birth"):
                self.add_error("date_of_birth", "An unborn baby does not have a date of birth yet")
        elif status and data.get("due_date"):
            self.add_error("due_date", "Leave the due date blank unless the baby is not yet born")
        removed_on, born = data.get("removed_on"), data.get("date_of_birth")
        if removed_on and status in AT_HOME_STATUSES + (ChildLegalStatus.UNBORN,):
            self.add_error("removed_on", "Leave this blank for a child living with the parent")
        elif removed_on and born and removed_on < born:
            self.add_error("removed_on", "The date of removal must be on or after the birth")
        return data


class ChildDetailsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    given_name = forms.CharField(
        label="Child's first name (optional)", max_length=100, required=False
    )
    date_of_birth = DateField(
        label="Child's date of birth",
        past_only=True,
        required=False,
        help_text="For example, 27 3 2024. Leave blank if not known",
    )


# Where the information came from, for a change recorded now.
SOURCE_CHOICES = [c for c in StatusSource.choices if c[0] != StatusSource.ADDED]
ORDER_HELP = "Only if the child is in care proceedings"


def _order_needed(form: forms.Form, status_field: str) -> None:
    data = form.cleaned_data
    if data.get(status_field) == ChildLegalStatus.IN_PROCEEDINGS and not data.get("order_sought"):
        form.add_error("order_sought", "Select the order the local authority is asking for")


class ChildStatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Where is the child living from this date, and under what plan or order?",
        choices=BORN_STATUS_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select where the child is living from this date"},
    )
    order_sought = forms.ChoiceField(
        label="What order is the local authority asking for? (optional)",
        choices=OrderSought.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=ORDER_HELP,
    )
    on = DateField(
        label="Date of the change",
        past_only=True,
        help_text="For example, 14 6 2025",
    )
    source = forms.ChoiceField(
        label="How do you know?",
        choices=SOURCE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how you know about the change"},
    )

    def clean(self):
        data = super().clean()
        _order_needed(self, "status")
        return data


class PregnancyForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    confirmed_on = DateField(
        label="Date the pregnancy was confirmed",
        past_only=True,
        help_text="For example, 3 2 2026",
    )
    due_date = DateField(
        label="Due date (optional)",
        required=False,
        help_text="Leave blank if not known yet",
    )
    booked_with_midwifery_on = DateField(
        label="Date booked with a midwife (optional)",
        past_only=True,
        required=False,
    )
    pre_birth_assessment = forms.ChoiceField(
        label="Pre-birth assessment by children's social care (optional)",
        choices=PreBirthAssessment.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    pre_birth_assessment_on = DateField(
        label="Date of the pre-birth assessment outcome (optional)",
        past_only=True,
        required=False,
    )


class PregnancyOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="How did the pregnancy end?",
        choices=PregnancyOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the pregnancy ended"},
        help_text="Record only what the parent is happy for you to record",
    )
    outcome_on = DateField(
        label="Date the pregnancy ended",
        past_only=True,
        help_text="For a birth, the baby's date of birth. For example, 14 6 2026",
    )
    given_name = forms.CharField(
        label="Baby's first name (optional)",
        max_length=100,
        required=False,
        help_text="Only for a birth",
    )
    legal_status = forms.ChoiceField(
        label="Where is the baby living, and under what plan or order?",
        choices=BORN_STATUS_CHOICES,
        widget=forms.RadioSelect,
        required=False,
        help_text="Only for a birth",
    )
    order_sought = forms.ChoiceField(
        label="What order is the local authority asking for? (optional)",
        choices=OrderSought.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=ORDER_HELP,
    )
    source = forms.ChoiceField(
        label="How do you know where the baby is living? (optional)",
        choices=SOURCE_CHOICES,
        widget=forms.RadioSelect,
        required=False,
        help_text="Only for a birth",
    )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == PregnancyOutcome.BIRTH:
            if not data.get("legal_status"):
                self.add_error("legal_status", "Select where the baby is living")
            _order_needed(self, "legal_status")
        return data


class RelationshipForm(forms.Form):
    """Recording a relationship between this parent and another parent of the service. The
    choices are the parents the user's own work covers."""

    partner = forms.ModelChoiceField(
        label="Who is the other parent?",
        queryset=None,
        empty_label="Choose a parent",
        error_messages={
            "required": "Choose the other parent",
            "invalid_choice": "Choose a parent you work with",
        },
    )
    kind = forms.ChoiceField(
        label="What is their relationship?",
        choices=RelationshipKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what their relationship is"},
    )
    started_on = DateField(
        label="Date the relationship started",
        past_only=True,
        help_text="For example, 27 3 2021. If the parents are not sure, use your best guess",
    )

    def __init__(self, *args, partners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners
        self.fields["partner"].label_from_instance = lambda p: p.full_name


class RelationshipEndForm(forms.Form):
    ended_on = DateField(
        label="Date the relationship ended",
        past_only=True,
        help_text="For example, 14 6 2025",
    )
