"""Forms for an episode's path through its programme: pathway, phase, blockers, proceedings,
approvals, a tapered ending, door open contacts and starting again."""

from django import forms

from alongside.core.forms import DateField
from alongside.programmes.schema import Pathway, ProgrammeSpec

from .models import BlockerKind, ContactType, OnwardKind, OnwardReferral, TaperFrequency

NOTE = forms.CharField(
    label="Why (optional)",
    max_length=2000,
    required=False,
    widget=forms.Textarea(attrs={"rows": 3}),
    help_text="What was decided, and with whom. Write as if the parent will read it",
)


class PathwayForm(forms.Form):
    pathway = forms.ChoiceField(
        label="Which pathway?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select a pathway"},
    )
    on = DateField(label="Date decided", past_only=True)
    note = NOTE

    def __init__(self, *args, spec: ProgrammeSpec, current: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pathway"].choices = [
            (p.key, f"{p.name}: {p.description}") for p in spec.pathways if p.key != current
        ]


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(
        label="Which phase is the parent moving to?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select a phase"},
    )
    decision = forms.ChoiceField(
        label="What was decided at the end of this phase?",
        widget=forms.RadioSelect,
        required=False,
    )
    on = DateField(label="Date decided", past_only=True)
    note = NOTE

    def __init__(self, *args, pathway: Pathway, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [
            (p.key, f"{p.name}: {p.what_happens}") for p in pathway.phases if p.key != current
        ]
        phase = pathway.phase(current)
        self.decision_needed = bool(phase and phase.ends_with_decision)
        if self.decision_needed:
            self.fields["decision"].choices = [(d, d.capitalize()) for d in phase.decision_options]
            self.fields["decision"].required = True
            self.fields["decision"].error_messages["required"] = "Select what was decided"
        else:
            del self.fields["decision"]


class BlockerForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is holding things up?",
        choices=BlockerKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what is holding things up"},
    )
    description = forms.CharField(
        label="Details (optional)",
        max_length=500,
        required=False,
        help_text="For example, on the housing register since March, band C",
    )
    started_on = DateField(label="Date it started", past_only=True)
    onward_referral = forms.ModelChoiceField(
        label="Is it waiting on an onward referral? (optional)",
        queryset=OnwardReferral.objects.none(),
        required=False,
        empty_label="No, or not recorded",
    )

    def __init__(self, *args, episode=None, **kwargs):
        super().__init__(*args, **kwargs)
        # A sexual or reproductive health referral is never something the work waits on.
        self.fields["onward_referral"].queryset = (
            OnwardReferral.objects.filter(episode=episode)
            .exclude(kind=OnwardKind.SEXUAL_REPRODUCTIVE_HEALTH)
            .order_by("-referred_on", "-pk")
            if episode is not None
            else OnwardReferral.objects.none()
        )


class BlockerEndForm(forms.Form):
    ended_on = DateField(label="Date it ended", past_only=True)


class ProceedingsForm(forms.Form):
    issued_on = DateField(label="Date the proceedings were issued", past_only=True)
    final_hearing_on = DateField(label="Date of the final hearing (optional)", required=False)


class ApprovalForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve it"), ("return", "Return it with comments")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to approve or return it"},
    )
    comments = forms.CharField(
        label="Comments",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed when you return it: say what should change",
    )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == "return" and not (data.get("comments") or "").strip():
            self.add_error("comments", "Enter comments saying why you are returning it")
        return data


class TaperForm(forms.Form):
    """Up to three steps; the first is needed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(1, 4):
            self.fields[f"frequency_{i}"] = forms.ChoiceField(
                label=f"Step {i}: how often" + ("" if i == 1 else " (optional)"),
                choices=[("", "Choose how often"), *TaperFrequency.choices],
                required=i == 1,
                error_messages={"required": "Choose how often for step 1"},
            )
            self.fields[f"starts_on_{i}"] = DateField(label=f"Step {i}: from", required=i == 1)

    def clean(self):
        data = super().clean()
        steps = []
        for i in range(1, 4):
            freq, on = data.get(f"frequency_{i}"), data.get(f"starts_on_{i}")
            if freq and not on and f"starts_on_{i}" not in self.errors:
                self.add_error(f"starts_on_{i}", f"Enter the date step {i} starts")
            elif on and not freq:
                self.add_error(f"frequency_{i}", f"Choose how often for step {i}")
            elif freq and on:
                steps.append((freq, on))
        data["steps"] = steps
        return data


class DoorOpenForm(forms.Form):
    happened_on = DateField(label="Date of the contact", past_only=True)
    contact_type = forms.ChoiceField(
        label="How did they get in touch?",
        choices=[c for c in ContactType.choices if c[0] != ContactType.OUTREACH_ATTEMPT],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how they got in touch"},
    )
    notes = forms.CharField(
        label="Notes",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Write as if the parent will read it",
        error_messages={"required": "Enter notes about the contact"},
    )


class ReopenForm(forms.Form):
    on = DateField(label="Date the work starts again", past_only=True)
    reason = forms.CharField(
        label="Why is the work starting again?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why the work is starting again"},
    )
