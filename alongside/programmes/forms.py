from django import forms

from alongside.core.forms import DateField

from .models import BlockerKind
from .schema import Pathway, ProgrammeSpec

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
