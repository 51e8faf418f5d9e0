import json
from datetime import date

from django import forms
from django.core.exceptions import ImproperlyConfigured

from alongside.accounts.models import Organisation, Team
from alongside.core.crypto import decrypt, encrypt
from alongside.core.forms import DateField
from alongside.people.forms import CleansIdentity

from .models import ReferralSource, ReferralStep

# Starting values another page hands to the next new referral form (the early-help list): kept
# in the session, encrypted as drafts are, and taken once. Never in the address, so a person's
# name and date of birth do not reach server logs or the browser's history.
PREFILL_SESSION_KEY = "referral_prefill"
PREFILL_PARENT_FIELDS = ("given_name", "family_name", "date_of_birth")
PREFILL_REFERRAL_FIELDS = ("source", "referrer_organisation")


def referral_prefill_offer(session, *, parent: dict, referral: dict) -> None:
    values = {
        "parent": {
            k: v.isoformat() if isinstance(v, date) else str(v)
            for k, v in parent.items()
            if k in PREFILL_PARENT_FIELDS and v
        },
        "referral": {k: str(v) for k, v in referral.items() if k in PREFILL_REFERRAL_FIELDS and v},
    }
    session[PREFILL_SESSION_KEY] = encrypt(json.dumps(values))


def referral_prefill_take(session) -> tuple[dict, dict]:
    """The starting values offered for the parent's details and the referral, once."""
    token = session.pop(PREFILL_SESSION_KEY, None)
    try:
        values = json.loads(decrypt(token)) if token else {}
    except (ImproperlyConfigured, ValueError):
        values = {}
    parent = {k: v for k, v in values.get("parent", {}).items() if k in PREFILL_PARENT_FIELDS}
    if "date_of_birth" in parent:
        try:
            parent["date_of_birth"] = date.fromisoformat(parent["date_of_birth"])
        except ValueError:
            del parent["date_of_birth"]
    referral = {k: v for k, v in values.get("referral", {}).items() if k in PREFILL_REFERRAL_FIELDS}
    if referral.get("source") not in ReferralSource.values:
        referral.pop("source", None)
    return parent, referral


class ReferralForm(forms.Form):
    received_on = DateField(label="Date the referral was received", past_only=True)
    source = forms.ChoiceField(
        label="Who made the referral?",
        choices=ReferralSource.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who made the referral"},
    )
    referrer_name = forms.CharField(
        label="Referrer's name (optional)", max_length=200, required=False
    )
    referrer_organisation = forms.CharField(
        label="Referrer's organisation (optional)", max_length=200, required=False
    )
    referrer_contact = forms.CharField(
        label="How to contact the referrer (optional)",
        max_length=200,
        required=False,
        help_text="Phone number or email address",
    )
    parent_agrees = forms.ChoiceField(
        label="Does the parent know about this referral and agree to it?",
        choices=[("yes", "Yes"), ("no", "No, not yet")],
        widget=forms.RadioSelect,
        help_text="The service is voluntary: a parent is only accepted once they agree",
        error_messages={"required": "Select whether the parent agrees to the referral"},
    )
    reason = forms.CharField(
        label="Why is the parent being referred?",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What the parent and the referrer hope the service can help with",
        error_messages={"required": "Enter why the parent is being referred"},
    )

    def clean_parent_agrees(self) -> bool:
        return self.cleaned_data["parent_agrees"] == "yes"


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("accept", "Accept into the service"), ("decline", "Do not accept")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to accept the referral"},
    )
    team = forms.ModelChoiceField(
        label="Team (if accepted)",
        queryset=Team.objects.none(),
        required=False,
        empty_label="Choose a team",
    )
    decided_on = DateField(label="Date of the decision", past_only=True)
    note = forms.CharField(
        label="Reasons for the decision",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed when a referral is not accepted. Say what was offered instead",
    )
    referrer_told = forms.CharField(
        label="What to tell the referrer (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown to the referrer on their page for this referral. If you leave it "
        "blank, they are told the referral was accepted, or the reasons above if it was not",
    )

    def __init__(self, *args, teams, parent_agrees: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.parent_agrees = parent_agrees

    def clean(self):
        data = super().clean()
        if data.get("decision") == "accept":
            if not data.get("team"):
                self.add_error("team", "Choose the team that will work with the parent")
            if not self.parent_agrees:
                self.add_error(
                    "decision",
                    "The parent has not agreed to the referral. Record their agreement before accepting",
                )
        if data.get("decision") == "decline" and not (data.get("note") or "").strip():
            self.add_error("note", "Enter the reasons the referral was not accepted")
        return data


class AgreementForm(forms.Form):
    confirm = forms.BooleanField(
        label="The parent now knows about the referral and agrees to it",
        error_messages={"required": "Confirm that the parent agrees to the referral"},
    )


class ParentIdentityFields(CleansIdentity, forms.Form):
    """Who is being referred: what the service needs to know whether it already knows them."""

    given_name = forms.CharField(
        label="First name", max_length=100, error_messages={"required": "Enter a first name"}
    )
    family_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter a last name"}
    )
    previous_names = forms.CharField(
        label="Previous names (optional)",
        required=False,
        max_length=2000,
        help_text="For example, a surname before marriage. Put each name on its own line",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    date_of_birth = DateField(
        label="Date of birth", past_only=True, required=False, help_text="For example, 27 3 1999"
    )
    nhs_number = forms.CharField(
        label="NHS number (optional)",
        max_length=20,
        required=False,
        help_text="A 10 digit number, like 943 476 5919",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    postcode = forms.CharField(label="Postcode (optional)", max_length=10, required=False)

    PARENT_FIELDS = (
        "given_name",
        "family_name",
        "previous_names",
        "date_of_birth",
        "nhs_number",
        "postcode",
    )

    def parent_details(self) -> dict:
        return {k: self.cleaned_data[k] for k in self.PARENT_FIELDS if k in self.cleaned_data}


PARTNER_SOURCES = [c for c in ReferralSource.choices if c[0] != ReferralSource.SELF]


class PartnerReferralForm(ParentIdentityFields):
    service = forms.ModelChoiceField(
        label="Which service are you referring to?",
        queryset=Organisation.objects.none(),
        empty_label="Choose a service",
        error_messages={"required": "Choose the service you are referring to"},
    )
    source = forms.ChoiceField(
        label="Your role",
        choices=PARTNER_SOURCES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select your role"},
    )
    referrer_name = forms.CharField(
        label="Your name", max_length=200, error_messages={"required": "Enter your name"}
    )
    referrer_contact = forms.CharField(
        label="How the service can contact you",
        max_length=200,
        help_text="Phone number or email address",
        error_messages={"required": "Enter a phone number or email address"},
    )
    parent_agrees = forms.ChoiceField(
        label="Does the parent know about this referral and agree to it?",
        choices=[("yes", "Yes"), ("no", "No, not yet")],
        widget=forms.RadioSelect,
        help_text="The service is voluntary. It can still contact the parent to explain what "
        "it offers",
        error_messages={"required": "Select whether the parent agrees to the referral"},
    )
    reason = forms.CharField(
        label="Why are you referring the parent?",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter why you are referring the parent"},
    )

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        if services.count() == 1:
            self.fields["service"].initial = services.first().pk
            self.fields["service"].widget = forms.HiddenInput()

    def clean_parent_agrees(self) -> bool:
        return self.cleaned_data["parent_agrees"] == "yes"

    def referral_details(self, organisation_name: str) -> dict:
        data = self.cleaned_data
        return {
            "source": data["source"],
            "referrer_name": data["referrer_name"],
            "referrer_organisation": organisation_name,
            "referrer_contact": data["referrer_contact"],
            "parent_agrees": data["parent_agrees"],
            "reason": data["reason"],
        }


class SelfReferralForm(CleansIdentity, forms.Form):
    """A parent referring themselves: short, plain, no account."""

    given_name = forms.CharField(
        label="Your first name",
        max_length=100,
        error_messages={"required": "Enter your first name"},
    )
    family_name = forms.CharField(
        label="Your last name", max_length=100, error_messages={"required": "Enter your last name"}
    )
    date_of_birth = DateField(
        label="Your date of birth",
        past_only=True,
        required=False,
        help_text="Optional. It helps us find any earlier record we hold about you. "
        "For example, 27 3 1999",
    )
    postcode = forms.CharField(label="Your postcode (optional)", max_length=10, required=False)
    contact = forms.CharField(
        label="How can we contact you?",
        max_length=200,
        help_text="A phone number or email address. Tell us in the next box if it is not safe "
        "to leave a message",
        error_messages={"required": "Enter a phone number or email address"},
    )
    reason = forms.CharField(
        label="What would you like help with?",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="A few words is enough. You can tell us more when we talk",
        error_messages={"required": "Tell us a little about what you would like help with"},
    )
    # Not shown to people; automated form fillers tend to fill every field.
    website = forms.CharField(label="Leave this box empty", required=False, max_length=200)
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def parent_details(self) -> dict:
        data = self.cleaned_data
        return {k: data[k] for k in ("given_name", "family_name", "date_of_birth", "postcode")}

    def referral_details(self) -> dict:
        data = self.cleaned_data
        return {
            "referrer_name": f"{data['given_name']} {data['family_name']}",
            "referrer_contact": data["contact"],
            "parent_agrees": True,
            "reason": data["reason"],
        }


class ScreeningForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Screening outcome",
        choices=[
            (o.value, o.label)
            for o in (
                ReferralStep.Outcome.ELIGIBLE,
                ReferralStep.Outcome.NOT_ELIGIBLE,
                ReferralStep.Outcome.UNCLEAR,
            )
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the screening outcome"},
    )
    happened_on = DateField(label="Date of the screening", past_only=True)
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


OUTREACH_OUTCOMES = [
    (o.value, o.label)
    for o in (
        ReferralStep.Outcome.NO_ANSWER,
        ReferralStep.Outcome.MESSAGE_LEFT,
        ReferralStep.Outcome.MET_NOT_READY,
        ReferralStep.Outcome.MET_INTERESTED,
        ReferralStep.Outcome.AGREED,
        ReferralStep.Outcome.DECLINED,
    )
]


class OutreachForm(forms.Form):
    happened_on = DateField(label="Date of the attempt", past_only=True)
    method = forms.ChoiceField(
        label="How did you try to reach the parent?",
        choices=ReferralStep.Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how you tried to reach the parent"},
    )
    outcome = forms.ChoiceField(
        label="What happened?",
        choices=OUTREACH_OUTCOMES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what happened"},
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConsultationForm(forms.Form):
    happened_on = DateField(label="Date of the consultation", past_only=True)
    method = forms.ChoiceField(
        label="How was it given?",
        choices=ReferralStep.Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the consultation was given"},
    )
    notes = forms.CharField(
        label="What advice was given?",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the advice given to the referrer"},
    )


class MatchForm(forms.Form):
    candidate = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.ChoiceField(choices=[("link", "Link"), ("not_same", "Not the same person")])


class MergeForm(forms.Form):
    candidate = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Why are these the same person?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter why these records are the same person"},
    )


class PartnerAccessForm(forms.Form):
    partner = forms.ModelChoiceField(
        label="Partner organisation",
        queryset=Organisation.objects.filter(kind=Organisation.Kind.PARTNER).order_by("name"),
        empty_label="Choose an organisation",
        error_messages={"required": "Choose the partner organisation"},
    )
