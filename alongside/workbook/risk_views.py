"""Risk and strengths: the page for the family (a chart and a table for each adult) and
recording an assessment."""

from django import forms
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from alongside.audit.reads import record_read
from alongside.core.access import get_allowed, requires
from alongside.core.forms import DateField
from alongside.people.actions import ParentFormView
from alongside.people.models import Parent
from alongside.policy import Action, can

from .models import Factor, Rating
from .risk import SCALE, adults_for, risk_assessment_record, risk_for

NOT_RATED = "none"
RATING_CHOICES = [(str(r.value), f"{r.value}: {r.label}") for r in Rating] + [
    (NOT_RATED, "Not rated this time")
]


@requires(Action.VIEW_WORKBOOK, page="Risk and strengths")
def risk(request, pk: int):
    parent = get_allowed(request, Parent, pk, Action.VIEW_WORKBOOK)
    histories = risk_for(request.user, parent, timezone.localdate())
    record_read(parent_ids={h.adult.pk for h in histories})
    return render(
        request,
        "workbook/risk.html",
        {
            "parent": parent,
            "histories": histories,
            "factors": Factor.choices,
            "scale": SCALE,
            "can_add": can(request.user, Action.ADD_TO_WORKBOOK, parent),
        },
    )


class RiskAssessmentForm(forms.Form):
    adult = forms.TypedChoiceField(
        label="Who is this assessment about?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who this assessment is about"},
    )
    assessed_on = DateField(label="Date of the assessment", past_only=True)

    def __init__(self, *args, adults, **kwargs):
        super().__init__(*args, **kwargs)
        self.adults = {adult.pk: adult for adult, _ in adults}
        if len(adults) > 1:
            self.fields["adult"].choices = [
                (adult.pk, f"{adult.full_name} ({relation})") for adult, relation in adults
            ]
        else:
            del self.fields["adult"]
        for factor in Factor:
            self.fields[factor.value] = forms.ChoiceField(
                label=factor.label,
                choices=RATING_CHOICES,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Choose a rating for {factor.label.lower()}, "
                    "or 'Not rated this time'"
                },
            )
        self.fields["note"] = forms.CharField(
            label="Note (optional)",
            widget=forms.Textarea(attrs={"rows": 4}),
            max_length=5000,
            required=False,
            help_text="What the ratings rest on, in words the parent would recognise",
        )

    def factor_fields(self):
        return [self[f.value] for f in Factor]

    def chosen_adult(self) -> Parent:
        if "adult" in self.fields:
            return self.adults[self.cleaned_data["adult"]]
        return next(iter(self.adults.values()))

    def ratings(self) -> dict[str, int | None]:
        return {
            f.value: None
            if self.cleaned_data[f.value] == NOT_RATED
            else int(self.cleaned_data[f.value])
            for f in Factor
        }


class RiskNew(ParentFormView):
    action = Action.ADD_TO_WORKBOOK
    page = "Record a risk and strengths assessment"
    form_class = RiskAssessmentForm
    template_name = "workbook/risk_new.html"
    success_message = "Risk and strengths assessment recorded"

    def get_form_kwargs(self) -> dict:
        adults = adults_for(
            self.request.user, self.parent, Action.ADD_TO_WORKBOOK, timezone.localdate()
        )
        # A partner is named on the form: their record is read too.
        record_read(parent_ids={adult.pk for adult, _ in adults})
        return {"adults": adults}

    def get_context_data(self) -> dict:
        return {"parent": self.parent, "scale": SCALE}

    def perform(self, form):
        return risk_assessment_record(
            parent=form.chosen_adult(),
            assessed_on=form.cleaned_data["assessed_on"],
            ratings=form.ratings(),
            note=form.cleaned_data["note"],
            recorded_by=self.request.user,
        )

    def success_url(self, result) -> str:
        return reverse("workbook:risk", args=[self.parent.pk])
