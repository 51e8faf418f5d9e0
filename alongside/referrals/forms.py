import json
from datetime import date

from django import forms
from django.core.exceptions import ImproperlyConfigured

from alongside.accounts.models import Team
from alongside.core.crypto import decrypt, encrypt
from alongside.core.forms import DateField

from .models import ReferralSource

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
