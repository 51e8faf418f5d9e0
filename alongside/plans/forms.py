from django import forms

from alongside.core.forms import DateField, strip_text

from .models import Achievement, Area, FamilyMember, Goal, GoalStatus, Outcome


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class PlanAgreeForm(forms.Form):
    agreed_on = DateField(label="Date of the planning meeting", past_only=True)
    attended = forms.CharField(
        label="Who attended",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "For example, the parent, their partner, the key worker, the children's social "
            "worker, the midwife"
        ),
        error_messages={"required": "Enter who attended the planning meeting"},
    )
    notes = forms.CharField(
        label="Notes from the meeting (optional)",
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean_attended(self):
        return strip_text(self.cleaned_data["attended"])


class GoalForm(forms.Form):
    family_member = forms.ChoiceField(
        label="Whose goal is it?",
        choices=FamilyMember.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whose goal it is"},
    )
    member_name = forms.CharField(
        label="Their name (optional)",
        max_length=100,
        required=False,
        help_text="For a partner or a child",
    )
    area = forms.ChoiceField(
        label="Area of life",
        choices=[("", "Choose an area"), *Area.choices],
        error_messages={"required": "Choose the area the goal belongs to"},
    )
    in_parents_words = forms.CharField(
        label="The goal in the parent's own words",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Write it as they said it",
        error_messages={"required": "Enter the goal in the parent's own words"},
    )
    in_workers_words = forms.CharField(
        label="The goal in the worker's words (optional)",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    milestones = forms.CharField(
        label="Milestones (optional)",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Steps along the way, one on each line",
    )
    who_helps = forms.CharField(
        label="Who helps (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Including partner services, for example the housing team or a drug and alcohol service",
    )
    about_ending = forms.BooleanField(
        label="This goal is about ending the work well and moving on",
        required=False,
    )

    def clean_in_parents_words(self):
        value = strip_text(self.cleaned_data["in_parents_words"])
        if not value:
            raise forms.ValidationError("Enter the goal in the parent's own words")
        return value

    def clean_milestones(self):
        return _lines(self.cleaned_data["milestones"])


class GoalEditForm(GoalForm):
    status = forms.ChoiceField(
        label="Status",
        choices=GoalStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the goal's status"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    @staticmethod
    def initial_for(goal: Goal) -> dict:
        return {
            "family_member": goal.family_member,
            "member_name": goal.member_name,
            "area": goal.area,
            "in_parents_words": goal.in_parents_words,
            "in_workers_words": goal.in_workers_words,
            "milestones": "\n".join(m.text for m in goal.milestones.all()),
            "who_helps": goal.who_helps,
            "about_ending": goal.about_ending,
            "status": goal.status,
            "version": goal.version,
        }


class ReviewForm(forms.Form):
    held_on = DateField(label="Date of the review", past_only=True)
    attended = forms.CharField(
        label="Who attended",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter who attended the review"},
    )
    notes = forms.CharField(
        label="Notes from the review (optional)",
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    next_review_on = DateField(label="Date of the next review", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = list(goals)
        for number, goal in enumerate(self.goals, start=1):
            self.fields[f"outcome_{goal.pk}"] = forms.ChoiceField(
                label=f"Goal {number} ({goal.for_whom}): {goal.in_parents_words}",
                choices=Outcome.choices,
                widget=forms.RadioSelect,
                error_messages={"required": f"Select how goal {number} is going"},
            )

    def outcome_fields(self):
        return [self[f"outcome_{goal.pk}"] for goal in self.goals]

    def clean(self):
        data = super().clean()
        held, following = data.get("held_on"), data.get("next_review_on")
        if held and following and following <= held:
            self.add_error("next_review_on", "Date of the next review must be after the review")
        return data

    def outcomes(self) -> dict[int, str]:
        return {goal.pk: self.cleaned_data[f"outcome_{goal.pk}"] for goal in self.goals}


class AchievementForm(forms.Form):
    happened_on = DateField(label="Date of the achievement", past_only=True)
    text = forms.CharField(
        label="What was achieved",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, signed a tenancy, finished a course, a good family-time visit",
        error_messages={"required": "Enter what was achieved"},
    )
    whose = forms.ChoiceField(
        label="Who is recording it?",
        choices=Achievement.Whose.choices,
        widget=forms.RadioSelect,
        initial=Achievement.Whose.TOGETHER,
        error_messages={"required": "Select who is recording it"},
    )
    goal = forms.TypedChoiceField(
        label="Goal it belongs to (optional)",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Choose a goal from the list"},
    )

    def __init__(self, *args, goals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.goal_objects = {g.pk: g for g in goals}
        self.fields["goal"].choices = [("", "Not linked to a goal")] + [
            (g.pk, f"{g.get_area_display()}: {g.in_parents_words[:80]}") for g in goals
        ]

    def clean_text(self):
        value = strip_text(self.cleaned_data["text"])
        if not value:
            raise forms.ValidationError("Enter what was achieved")
        return value

    def clean_goal(self):
        pk = self.cleaned_data.get("goal")
        return self.goal_objects.get(pk) if pk else None


class GoalShareForm(forms.Form):
    partner_episode = forms.TypedChoiceField(
        label="Who does the parent share this goal with?",
        coerce=int,
        choices=[],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the partner who shares this goal",
            "invalid_choice": "Select a partner you work with",
        },
    )

    def __init__(self, *args, partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner_episode"].choices = [(e.pk, e.parent.full_name) for e in partners]
